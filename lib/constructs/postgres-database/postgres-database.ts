import * as kplus from 'cdk8s-plus-30';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { EnvVariable, envFromSecret, envValue } from '../common/env';
import { DATABASE_COMPONENT, appLabels, selectorLabels } from '../../model/labels';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { SECRET_KEYS } from '../../model/secret-keys';
import { POD_DEFAULTS, RunAsUser, writableDirName } from '../common/security';
import { ResourceSettings } from '../../model/settings/types';
import { parseBytes } from '../../model/quantity';
import {
  DEFAULT_DATABASE_URL_SCHEME,
  DatabaseEnvOptions,
  DatabaseWait,
  IDatabaseClient,
  IDatabaseConnection,
} from '../common/database-connection';
import { postgresImageUser } from '../database-connection/external-database';
import { waitForDatabaseCommand } from '../database-connection/wait-for-database';
import { PostgresDatabaseProps } from './postgres-database-props';
import { chartSettingsOf } from '../common/chart-settings';

const PORT = 5432;
const DATA_MOUNT = '/var/lib/postgresql/data';
const DEFAULT_RESOURCES: ResourceSettings = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Password variable in client containers; DATABASE_URL expands it. */
const CLIENT_PASSWORD_VAR = 'DATABASE_PASSWORD';

/**
 * PostgreSQL in the cluster: a one-replica StatefulSet on the official image with its data on a
 * PersistentVolumeClaim, a headless Service, credentials from a Secret, probes that run a real
 * query, and a NetworkPolicy that admits only the clients given to `allowClient`.
 */
export { DATABASE_COMPONENT } from '../../model/labels';

export class PostgresDatabase extends Construct implements IDatabaseConnection {
  public readonly name: string;
  public readonly namespace?: string;
  public readonly databaseName: string;
  public readonly user: string;
  public readonly port = PORT;
  public readonly image: string;
  public readonly runAsUser: RunAsUser;
  /**
   * L1 on purpose: plus-30 2.4.10's StatefulSet cannot declare `volumeClaimTemplates`
   * (cdk8s-plus #6735), and the data must outlive the pod.
   */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The headless governing Service. */
  public readonly service: kplus.Service;
  /** Admits the clients on 5432 and nothing else; ingress only (restricting egress would cut DNS). */
  public readonly networkPolicy: kplus.NetworkPolicy;
  private readonly secretName: string;
  private readonly passwordSecretKey: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    this.name = props.name ?? 'postgres';
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.databaseName = props.databaseName ?? 'todo';
    this.user = props.user ?? 'todo';
    this.secretName = props.secretName;
    this.passwordSecretKey = props.passwordSecretKey ?? SECRET_KEYS.postgresPassword;
    const image = (this.image = props.image ?? 'postgres:17-alpine');
    const runAs = (this.runAsUser = props.runAsUser ?? postgresImageUser(image));
    const resources = props.resources ?? DEFAULT_RESOURCES;

    const c = new FieldChecker();
    if (new.target === PostgresDatabase) c.absorb(shapeIssues('PostgresDatabaseProps', props));
    const instance = props.instance ?? chartSettingsOf(this)?.instance ?? '';
    if (!instance) c.check(false, 'instance', props.instance, 'the app instance (`app.kubernetes.io/instance`); required outside a TodoChart, which gives its own');
    c.label('name', this.name);
    c.check(PG_IDENTIFIER.test(this.databaseName), 'databaseName', this.databaseName, 'a lowercase PostgreSQL identifier');
    c.check(PG_IDENTIFIER.test(this.user), 'user', this.user, 'a lowercase PostgreSQL identifier');
    c.check((parseBytes(props.storage ?? '1Gi') ?? 0) > 0, 'storage', props.storage, 'a storage quantity such as "1Gi"');
    if (props.resources !== undefined) c.resources('resources', props.resources);
    c.subdomain('secretName', props.secretName);
    c.secretKey('passwordSecretKey', this.passwordSecretKey);
    if (props.storageClassName !== undefined) c.subdomain('storageClassName', props.storageClassName);
    PropsError.throwIfAny(this, c.issues);

    const selector = selectorLabels({ name: this.name, instance });
    const labels = appLabels({ name: this.name, instance, component: DATABASE_COMPONENT, version: image });
    const metadata = { name: this.name, namespace: this.namespace, labels };
    // Under a read-only root the server still needs its socket directory and /tmp.
    const dirs = ['/var/run/postgresql', '/tmp'].map((path) => ({ path, name: writableDirName(path) }));

    // pg_isready over TCP: the entrypoint's temporary init server listens only on the socket,
    // so this cannot report ready before initialisation has finished.
    const isReady = ['pg_isready', '-h', '127.0.0.1', '-p', String(PORT), '-U', this.user, '-d', this.databaseName];
    // A real login and query the way clients connect: to the pod IP, where pg_hba.conf demands
    // the password (127.0.0.1 is trusted by the image's initdb defaults).
    const query = ['sh', '-c', `PGPASSWORD="$POSTGRES_PASSWORD" psql -h "$POD_IP" -p ${PORT} -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc 'SELECT 1' | grep -qx 1`];

    this.service = new kplus.Service(this, 'service', {
      metadata,
      // Headless: the StatefulSet's governing Service; DNS answers with the ready pod's IP.
      clusterIP: 'None',
      ports: [{ name: 'postgres', port: PORT, targetPort: PORT, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);

    const restricted: k8s.SecurityContext = {
      runAsNonRoot: true, runAsUser: runAs.uid, runAsGroup: runAs.gid, allowPrivilegeEscalation: false, privileged: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    };
    const q = (s: string) => k8s.Quantity.fromString(s);
    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata,
      spec: {
        serviceName: this.name,
        replicas: 1,
        selector: { matchLabels: { ...selector } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: POD_DEFAULTS.automountServiceAccountToken,
            enableServiceLinks: POD_DEFAULTS.enableServiceLinks,
            securityContext: {
              runAsNonRoot: true, runAsUser: runAs.uid, runAsGroup: runAs.gid, fsGroup: runAs.gid, seccompProfile: { type: 'RuntimeDefault' },
            },
            // The image stops on SIGINT (fast shutdown); give the final checkpoint time to finish.
            terminationGracePeriodSeconds: 60,
            volumes: dirs.map((d) => ({ name: d.name, emptyDir: { sizeLimit: q('256Mi') } })),
            containers: [
              {
                name: 'postgres',
                image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'postgres', containerPort: PORT, protocol: 'TCP' }],
                env: [
                  { name: 'POSTGRES_USER', value: this.user },
                  { name: 'POSTGRES_DB', value: this.databaseName },
                  { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: this.secretName, key: this.passwordSecretKey } } },
                  // A subdirectory: a fresh volume's root may hold lost+found, which initdb refuses.
                  { name: 'PGDATA', value: `${DATA_MOUNT}/pgdata` },
                  // For the readiness probe's login over the pod network.
                  { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                ],
                resources: {
                  requests: { cpu: q(resources.requests.cpu), memory: q(resources.requests.memory) },
                  limits: { cpu: q(resources.limits.cpu), memory: q(resources.limits.memory) },
                },
                securityContext: restricted,
                volumeMounts: [{ name: 'data', mountPath: DATA_MOUNT }, ...dirs.map((d) => ({ name: d.name, mountPath: d.path }))],
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
              resources: { requests: { storage: q(props.storage ?? '1Gi') } },
            },
          },
        ],
      },
    });

    this.networkPolicy = new kplus.NetworkPolicy(this, 'network-policy', {
      metadata: { name: `${this.name}-clients`, namespace: this.namespace, labels },
      selector: kplus.Pods.select(this, 'server-pods', { labels: selector }),
      // Deny by default; each allowClient adds one rule. Ingress only: egress stays open (DNS).
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
  }

  /**
   * DATABASE_URL for clients, composed with Kubernetes `$(VAR)` expansion so the password is
   * read from the Secret at container start and never written into the manifest.
   */
  public envVars(scope: Construct, options: DatabaseEnvOptions): readonly EnvVariable[] {
    return [
      envFromSecret(scope, CLIENT_PASSWORD_VAR, this.secretName, this.passwordSecretKey),
      envValue('DATABASE_URL', `${options.scheme}://${this.user}:$(${CLIENT_PASSWORD_VAR})@${this.host}:${PORT}/${this.databaseName}`),
    ];
  }

  /**
   * Waits until the server accepts the client's own login (`psql` with its `postgresql://` URL),
   * from the postgres image, which the node pulls for the database anyway.
   */
  public waitFor(scope: Construct): DatabaseWait {
    return {
      image: this.image,
      user: this.runAsUser,
      env: [...this.envVars(scope, { scheme: DEFAULT_DATABASE_URL_SCHEME }), envValue('PGCONNECT_TIMEOUT', '5')],
      command: waitForDatabaseCommand({
        urlVar: 'DATABASE_URL',
        expectedHost: this.host,
        showable: [this.host, this.user, this.databaseName],
      }),
    };
  }

  /** The in-cluster DNS name of the Service. */
  public get host(): string {
    return `${this.name}.${this.namespace ?? 'default'}.svc.cluster.local`;
  }

  /** Admits the client's pods on port 5432. */
  public allowClient(client: IDatabaseClient): void {
    const peer = kplus.Pods.select(this, `client-${client.name}`, { labels: { ...client.selector } });
    this.networkPolicy.addIngressRule(peer, [kplus.NetworkPolicyPort.tcp(PORT)]);
  }
}
