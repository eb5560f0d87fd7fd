/**
 * The Kubernetes and Dapr objects of the Phase V tests, as plain manifests: a namespace that
 * enforces Pod Security "restricted", the Kafka broker, topics as Jobs, PostgreSQL for the state
 * store, the tiny app with Dapr's annotations, and Dapr Components and Subscriptions. Every pod
 * sets what "restricted" requires; the sidecar Dapr injects gets the rest from the control plane
 * (.ci/dapr: drop ALL) and from the pod (its seccomp profile and non-root user).
 */
import { APP_UID, KAFKA_UID } from './images';
import { DAPR_COMPONENT_API, DAPR_SUBSCRIPTION_API, KAFKA_CLIENT_VERSION } from '../../../lib/model/dapr';
import { kafkaServiceHost } from '../../../lib/constructs/kafka/kafka-broker';

export type Manifest = Record<string, any>;

/** The pod-level security context "restricted" asks for; the injected daprd container inherits its seccomp profile. */
export const podSecurity = (uid: number): Manifest => ({ runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } });
export const containerSecurity: Manifest = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

export function restrictedNamespace(name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } },
  };
}

const emptyDir = (name: string, mountPath: string) => ({ volume: { name, emptyDir: {} }, mount: { name, mountPath } });

/** The broker's Service DNS name: what it advertises and what clients dial. */
export const kafkaHost = (namespace: string): string => kafkaServiceHost('kafka', namespace);

/**
 * One pod of a server (replaced, never surged: its volume is its own) and its Service on `port`,
 * under "restricted" as `uid`, with no Service links and no API token.
 */
function singleServer(namespace: string, name: string, uid: number, port: number, container: Manifest, volumes: Manifest[]): Manifest[] {
  const labels = { app: name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            enableServiceLinks: false,
            automountServiceAccountToken: false,
            securityContext: podSecurity(uid),
            containers: [{ name, imagePullPolicy: 'IfNotPresent', ports: [{ name, containerPort: port }], securityContext: containerSecurity, ...container }],
            volumes,
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { selector: labels, ports: [{ name, port, targetPort: port }] } },
  ];
}

/** A single-node KRaft broker (the project's Kafka image) and its Service; topics are not auto-created. */
export function kafkaBroker(namespace: string, image: string): Manifest[] {
  const data = emptyDir('data', '/var/lib/kafka');
  const tmp = emptyDir('tmp', '/tmp');
  return singleServer(namespace, 'kafka', KAFKA_UID, 9092, {
    image,
    env: [
      { name: 'KAFKA_ADVERTISED_HOST', value: kafkaHost(namespace) },
      // Topics are objects (the topic Jobs below), never a side effect of a client's first use.
      { name: 'KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE', value: 'false' },
    ],
    readinessProbe: { tcpSocket: { port: 9092 }, periodSeconds: 2, failureThreshold: 60 },
    resources: { requests: { cpu: '100m', memory: '600Mi' }, limits: { memory: '1Gi' } },
    volumeMounts: [data.mount, tmp.mount],
  }, [data.volume, tmp.volume]);
}

/** A Job running one of the image's Kafka tools against the broker's Service (retried until the broker answers). */
export function kafkaToolJob(namespace: string, image: string, name: string, script: string): Manifest {
  const tmp = emptyDir('tmp', '/tmp');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace },
    spec: {
      backoffLimit: 10,
      template: {
        metadata: { labels: { job: name } },
        spec: {
          restartPolicy: 'OnFailure',
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          securityContext: podSecurity(KAFKA_UID),
          containers: [{
            name: 'tool',
            image,
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', script],
            env: [{ name: 'BOOTSTRAP', value: `${kafkaHost(namespace)}:9092` }],
            securityContext: containerSecurity,
            volumeMounts: [tmp.mount],
          }],
          volumes: [tmp.volume],
        },
      },
    },
  };
}

/** A topic as an object: a Job that creates it (idempotent). */
export const kafkaTopic = (namespace: string, image: string, topic: string): Manifest =>
  kafkaToolJob(namespace, image, `topic-${topic}`, `kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic ${topic} --partitions 1 --replication-factor 1`);

/** The tests' PostgreSQL (the Debian-made stand-in for postgres:15-bookworm, uid 999) for state.postgresql. */
export function postgres(namespace: string, image: string, password: string): Manifest[] {
  const data = emptyDir('data', '/var/lib/postgresql/data');
  const run = emptyDir('run', '/var/run/postgresql');
  const tmp = emptyDir('tmp', '/tmp');
  return [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'postgres', namespace }, type: 'Opaque', stringData: { password } },
    ...singleServer(namespace, 'postgres', 999, 5432, {
      image,
      env: [
        { name: 'POSTGRES_USER', value: 'dapr' },
        { name: 'POSTGRES_DB', value: 'dapr' },
        { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres', key: 'password' } } },
        { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      ],
      readinessProbe: { exec: { command: ['pg_isready', '-h', '127.0.0.1', '-U', 'dapr', '-d', 'dapr'] }, periodSeconds: 2, failureThreshold: 60 },
      volumeMounts: [data.mount, run.mount, tmp.mount],
    }, [data.volume, run.volume, tmp.volume]),
  ];
}

export interface AppOptions {
  /** Deployment name and Dapr app-id. */
  readonly name: string;
  /**
   * Where Dapr's annotations go: the pod template (right), or the Deployment's own metadata (the
   * mistake upstream issues report: no sidecar).
   * @default 'template'
   */
  readonly annotationsOn?: 'template' | 'deployment';
  /**
   * The pod's seccomp profile at pod level (which the injected container inherits), or only on
   * the app's container.
   * @default 'pod'
   */
  readonly seccompOn?: 'pod' | 'container';
  /** daprd's log level. @default 'info' */
  readonly logLevel?: string;
  /** More `dapr.io/*` annotations, beside the enabling ones. @default {} */
  readonly annotations?: Record<string, string>;
}

/** The tiny app with Dapr's annotations; its own ServiceAccount (the sidecar reads Secrets as it). */
export function daprApp(namespace: string, image: string, opts: AppOptions): Manifest[] {
  const { name, annotationsOn = 'template', seccompOn = 'pod', logLevel = 'info' } = opts;
  const labels = { app: name };
  const annotations = { 'dapr.io/enabled': 'true', 'dapr.io/app-id': name, 'dapr.io/app-port': '8080', 'dapr.io/log-level': logLevel, ...opts.annotations };
  const pod = podSecurity(APP_UID);
  const container = { ...containerSecurity };
  if (seccompOn === 'container') {
    delete pod.seccompProfile;
    Object.assign(container, { seccompProfile: { type: 'RuntimeDefault' } });
  }
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels, ...(annotationsOn === 'deployment' ? { annotations } : {}) },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, ...(annotationsOn === 'template' ? { annotations } : {}) },
          spec: {
            serviceAccountName: name,
            enableServiceLinks: false,
            securityContext: pod,
            containers: [{
              name: 'app',
              image,
              imagePullPolicy: 'IfNotPresent',
              env: [{ name: 'APP_ID', value: name }],
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 2 },
              securityContext: container,
            }],
          },
        },
      },
    },
  ];
}

/** Lets the apps' ServiceAccounts read Secrets: what secretstores.kubernetes needs in the app's namespace. */
export function secretReader(namespace: string, serviceAccounts: readonly string[]): Manifest[] {
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'dapr-secret-reader', namespace }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dapr-secret-reader', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dapr-secret-reader' },
      subjects: serviceAccounts.map((name) => ({ kind: 'ServiceAccount', name, namespace })),
    },
  ];
}

/** A Dapr Component; `metadata` as name/value pairs (a value or a secretKeyRef). */
export function component(namespace: string, name: string, type: string, metadata: Manifest[], extra: { scopes?: string[]; spec?: Manifest; auth?: Manifest } = {}): Manifest {
  return {
    apiVersion: DAPR_COMPONENT_API,
    kind: 'Component',
    metadata: { name, namespace },
    spec: { type, version: 'v1', metadata, ...extra.spec },
    ...(extra.auth ? { auth: extra.auth } : {}),
    ...(extra.scopes ? { scopes: extra.scopes } : {}),
  };
}

/**
 * pubsub.kafka against the test's broker, as the hackathon's `kafka-pubsub`: no TLS, no SASL
 * (`authType: none`), and `version` 4.0.0, the newest Sarama 1.45 (Dapr 1.16's client) knows;
 * without it Sarama speaks Kafka 2.0.0's protocol versions.
 */
export const kafkaPubsub = (namespace: string, scopes: string[], overrides: Record<string, string | undefined> = {}, name = 'kafka-pubsub'): Manifest => {
  const values: Record<string, string | undefined> = { brokers: `${kafkaHost(namespace)}:9092`, authType: 'none', version: KAFKA_CLIENT_VERSION, initialOffset: 'oldest', ...overrides };
  return component(namespace, name, 'pubsub.kafka', Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => ({ name: k, value: v })), { scopes });
};

export function subscription(namespace: string, name: string, pubsub: string, topic: string, route: string, scopes: string[]): Manifest {
  return {
    apiVersion: DAPR_SUBSCRIPTION_API,
    kind: 'Subscription',
    metadata: { name, namespace },
    spec: { pubsubname: pubsub, topic, routes: { default: route } },
    scopes,
  };
}
