import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ResourceSettings } from './config/types';
import { IDatabaseClient, IDatabaseConnection } from './database-connection';
import { envFromSecret, envValue } from './env';
import { resourceRequirements } from './resources';
import { appLabels, selectorLabels } from './labels';
import {
  POD_DEFAULTS,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  RunAsUser,
  writableDirs,
} from './security';
import { SECRET_KEYS } from './secret-keys';

/** Props of PostgresDatabase. */
export interface PostgresDatabaseProps {
  /** Namespace of every object. */
  readonly namespace: string;
  /** Value of `app.kubernetes.io/instance` and `part-of`. */
  readonly instance: string;
  /** Secret holding the password under `passwordSecretKey`. */
  readonly secretName: string;
  /**
   * Key of the password in the Secret. Clients expand it into DATABASE_URL, so it must be
   * URL-safe (letters, digits, `-._~`).
   * @default 'POSTGRES_PASSWORD'
   */
  readonly passwordSecretKey?: string;
  /**
   * Name of the StatefulSet and its headless Service (the host in DATABASE_URL).
   * @default 'postgres'
   */
  readonly name?: string;
  /**
   * The official image, pinned to a major version: a major upgrade needs a dump and restore.
   * @default 'postgres:17-alpine'
   */
  readonly image?: string;
  /**
   * Database created on first start.
   * @default 'todo'
   */
  readonly databaseName?: string;
  /**
   * Owner of the database.
   * @default 'todo'
   */
  readonly user?: string;
  /**
   * Size of the data PersistentVolumeClaim.
   * @default '1Gi'
   */
  readonly storage?: string;
  /**
   * StorageClass of the claim.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Requests and limits of the container.
   * @default - requests 100m CPU / 256Mi, limits 1 CPU / 512Mi
   */
  readonly resources?: ResourceSettings;
  /**
   * User the server runs as. It must be the image's `postgres` user, whom the data files belong to.
   * @default - uid/gid 70 for `-alpine` images, 999 for the Debian ones
   */
  readonly runAsUser?: RunAsUser;
}

const PORT = 5432;
const DATA_MOUNT = '/var/lib/postgresql/data';
const DEFAULT_RESOURCES: ResourceSettings = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};

/** Password variable in client containers; DATABASE_URL expands it. */
const CLIENT_PASSWORD_VAR = 'DATABASE_PASSWORD';

/**
 * PostgreSQL in the cluster: a one-replica StatefulSet on the official image with its data on a
 * PersistentVolumeClaim, a headless Service, credentials from a Secret, probes that run a real
 * query, and a NetworkPolicy that admits only the clients given to `allowClient`.
 */
export class PostgresDatabase extends Construct implements IDatabaseConnection {
  public readonly name: string;
  public readonly namespace: string;
  public readonly databaseName: string;
  public readonly user: string;
  public readonly port = PORT;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  private readonly secretName: string;
  private readonly image: string;
  private readonly runAs: RunAsUser;
  private readonly passwordSecretKey: string;
  private readonly allowedPeers: k8s.NetworkPolicyPeer[] = [];
  // Kept empty until a client is allowed: a rule with no `from` would admit every pod.
  private readonly ingressRules: k8s.NetworkPolicyIngressRule[] = [];

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    this.name = props.name ?? 'postgres';
    this.namespace = props.namespace;
    this.databaseName = props.databaseName ?? 'todo';
    this.user = props.user ?? 'todo';
    this.secretName = props.secretName;
    this.passwordSecretKey = props.passwordSecretKey ?? SECRET_KEYS.postgresPassword;
    const image = (this.image = props.image ?? 'postgres:17-alpine');
    const runAs = (this.runAs = props.runAsUser ?? (image.includes('alpine') ? { uid: 70, gid: 70 } : { uid: 999, gid: 999 }));
    const resources = props.resources ?? DEFAULT_RESOURCES;
    const selector = selectorLabels({ name: this.name, instance: props.instance });
    const labels = appLabels({ name: this.name, instance: props.instance, component: 'database', version: image });
    // Under a read-only root the server still needs its socket directory and /tmp.
    const dirs = writableDirs(['/var/run/postgresql', '/tmp']);

    // pg_isready over TCP: the entrypoint's temporary init server listens only on the socket,
    // so this cannot report ready before initialisation has finished.
    const isReady = ['pg_isready', '-h', '127.0.0.1', '-p', String(PORT), '-U', this.user, '-d', this.databaseName];
    // A real login and query the way clients connect: to the pod IP, where pg_hba.conf demands
    // the password (127.0.0.1 is trusted by the image's initdb defaults).
    const query = ['sh', '-c', `PGPASSWORD="$POSTGRES_PASSWORD" psql -h "$POD_IP" -p ${PORT} -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc 'SELECT 1' | grep -qx 1`];

    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        // Headless: the StatefulSet's governing Service; DNS answers with the ready pod's IP.
        clusterIp: 'None',
        selector: { ...selector },
        ports: [{ name: 'postgres', port: PORT, targetPort: k8s.IntOrString.fromString('postgres'), protocol: 'TCP' }],
      },
    });

    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        serviceName: this.name,
        replicas: 1,
        selector: { matchLabels: { ...selector } },
        template: {
          metadata: { labels },
          spec: {
            ...POD_DEFAULTS,
            securityContext: restrictedPodSecurityContext(runAs),
            // The image stops on SIGINT (fast shutdown); give the final checkpoint time to finish.
            terminationGracePeriodSeconds: 60,
            volumes: dirs.map((d) => d.volume),
            containers: [
              {
                name: 'postgres',
                image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'postgres', containerPort: PORT, protocol: 'TCP' }],
                env: [
                  envValue('POSTGRES_USER', this.user),
                  envValue('POSTGRES_DB', this.databaseName),
                  envFromSecret('POSTGRES_PASSWORD', this.secretName, this.passwordSecretKey),
                  // A subdirectory: a fresh volume's root may hold lost+found, which initdb refuses.
                  envValue('PGDATA', `${DATA_MOUNT}/pgdata`),
                  // For the readiness probe's login over the pod network.
                  { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                ],
                resources: resourceRequirements(resources),
                securityContext: restrictedContainerSecurityContext(runAs),
                volumeMounts: [{ name: 'data', mountPath: DATA_MOUNT }, ...dirs.map((d) => d.mount)],
                // initdb on a slow local disk can take a while: allow up to 5 minutes.
                startupProbe: { exec: { command: isReady }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
                readinessProbe: { exec: { command: query }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { exec: { command: isReady }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: { ...selector } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
              resources: { requests: { storage: k8s.Quantity.fromString(props.storage ?? '1Gi') } },
            },
          },
        ],
      },
    });

    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: `${this.name}-clients`, namespace: this.namespace, labels },
      spec: {
        podSelector: { matchLabels: { ...selector } },
        // Ingress only: restricting the clients' egress would also cut their DNS.
        policyTypes: ['Ingress'],
        // The same array: clients allowed after construction are still synthesized.
        ingress: this.ingressRules,
      },
    });
  }

  /**
   * DATABASE_URL for clients, composed with Kubernetes `$(VAR)` expansion so the password is
   * read from the Secret at container start and never written into the manifest.
   */
  public get envVars(): readonly k8s.EnvVar[] {
    return [
      envFromSecret(CLIENT_PASSWORD_VAR, this.secretName, this.passwordSecretKey),
      envValue('DATABASE_URL', `postgresql://${this.user}:$(${CLIENT_PASSWORD_VAR})@${this.host}:${PORT}/${this.databaseName}`),
    ];
  }

  /**
   * Waits with pg_isready until the server accepts connections. It runs the postgres image,
   * which the node pulls for the database anyway, as the image's own non-root user.
   */
  public get waitContainer(): k8s.Container {
    const wait = `until pg_isready -q -h ${this.host} -p ${PORT} -U ${this.user} -d ${this.databaseName} -t 2; do echo "waiting for ${this.host}:${PORT}"; sleep 2; done`;
    return {
      name: 'wait-for-database',
      image: this.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', wait],
      resources: resourceRequirements({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } }),
      securityContext: restrictedContainerSecurityContext(this.runAs),
    };
  }

  /** The in-cluster DNS name of the Service. */
  public get host(): string {
    return `${this.name}.${this.namespace}.svc.cluster.local`;
  }

  /** Admits the client's pods on port 5432. */
  public allowClient(client: IDatabaseClient): void {
    this.allowedPeers.push({ podSelector: { matchLabels: { ...client.selector } } });
    if (this.ingressRules.length === 0) {
      this.ingressRules.push({ from: this.allowedPeers, ports: [{ port: k8s.IntOrString.fromNumber(PORT), protocol: 'TCP' }] });
    }
  }
}
