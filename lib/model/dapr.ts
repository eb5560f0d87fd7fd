/**
 * What the Dapr constructs write and the Dapr checks read, in one place: annotation keys, the
 * kinds and API versions, Kafka client versions, the names the hackathon's Phase V uses. The
 * values are the ones test/phase-v proved on Dapr 1.16.0 with a Kafka 4.1 broker
 * (docs/phase-v-runtime.md).
 */

/** The Dapr version the constructs and checks are tested with (the control plane .ci builds). */
export const DAPR_TESTED_VERSION = '1.16.0';

/** `dapr.io/*` pod annotations the sidecar injector reads (on the pod template, never the Deployment). */
export const DAPR_ANNOTATIONS = {
  enabled: 'dapr.io/enabled',
  appId: 'dapr.io/app-id',
  appPort: 'dapr.io/app-port',
  appProtocol: 'dapr.io/app-protocol',
  config: 'dapr.io/config',
  logLevel: 'dapr.io/log-level',
  enableApiLogging: 'dapr.io/enable-api-logging',
  cpuRequest: 'dapr.io/sidecar-cpu-request',
  memoryRequest: 'dapr.io/sidecar-memory-request',
  cpuLimit: 'dapr.io/sidecar-cpu-limit',
  memoryLimit: 'dapr.io/sidecar-memory-limit',
  /** daprd's seccomp profile when the pod sets none (Pod Security "restricted" requires one). */
  seccompProfile: 'dapr.io/sidecar-seccomp-profile-type',
} as const;

export const DAPR_GROUP = 'dapr.io';
export const DAPR_COMPONENT_API = 'dapr.io/v1alpha1';
export const DAPR_SUBSCRIPTION_API = 'dapr.io/v2alpha1';
/** Configuration and Resiliency, as Dapr v1.16's CRDs serve them. */
export const DAPR_CONFIGURATION_API = 'dapr.io/v1alpha1';
export const DAPR_RESILIENCY_API = 'dapr.io/v1alpha1';
/** A Go duration as Dapr's policies take it: "5s", "500ms", "1m30s". */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
/** Dapr's control plane namespace and its sidecar injector, as `dapr init -k` and the chart install them. */
export const DAPR_SYSTEM_NAMESPACE = 'dapr-system';
export const DAPR_INJECTOR = 'dapr-sidecar-injector';
/** The CRDs deploy needs in the cluster before it applies any Dapr object. */
export const DAPR_CRDS = ['components.dapr.io', 'subscriptions.dapr.io'] as const;

/**
 * The only user daprd 1.16 runs as on Kubernetes: any other (a pod-level runAsUser it inherits)
 * and it exits with "current user UID/GID (...) does not match the required UID/GID (65532:65532)".
 */
export const DAPRD_UID = 65532;

/** The secret store every Kubernetes-mode sidecar has built in: Components' `auth.secretStore`. */
export const BUILTIN_SECRET_STORE = 'kubernetes';

/** Names the hackathon's Phase V text uses, the defaults of the settings and constructs. */
export const PHASE_V_NAMES = {
  pubsub: 'kafka-pubsub',
  stateStore: 'statestore',
  secretStore: 'kubernetes-secrets',
  cron: 'reminder-cron',
  topics: ['task-events', 'reminders', 'task-updates'],
} as const;

/**
 * Phase V's consumers (settings `dapr.workers`, dockerfiles/workers/task_consumers.py): each
 * role's app-id, the topic it subscribes to, the route daprd delivers it on, and its
 * Subscription's name.
 */
export const PHASE_V_WORKERS = [
  { role: 'notification', appId: 'notification', topic: 'reminders', route: '/reminders', subscription: 'reminders-notification' },
  { role: 'recurring-tasks', appId: 'recurring-tasks', topic: 'task-events', route: '/task-events', subscription: 'task-events-recurring-tasks' },
] as const;
/** Where the recurring-task worker publishes a task's next occurrence. */
export const WORKERS_UPDATES_TOPIC = 'task-updates';
/** The workers' port and user (dockerfiles/workers.Dockerfile). */
export const WORKERS_PORT = 8080;
export const WORKERS_UID = 10001;
/** The lock entry (`services.<name>`) of the workers' image; no user service may take it. */
export const WORKERS_IMAGE_NAME = 'dapr-workers';

/** The Secret key of the state store's connection string unless the settings name another. */
export const DEFAULT_STATE_CONNECTION_KEY = 'DAPR_STATE_CONNECTION_STRING';

/**
 * The Kafka protocol version Dapr's client (Sarama 1.45 in Dapr 1.16) announces: 4.0.0 is the
 * newest it knows. Without `version` it announces 2.0.0.
 */
export const KAFKA_CLIENT_VERSION = '4.0.0';
/**
 * The lowest `version` a Kafka 4 broker served in the tests: at 0.10.2.0 a publish answers EOF
 * (the broker: "unsupported version 2" of Produce), below it the component fails to load.
 */
export const KAFKA_MIN_CLIENT_VERSION = '0.11.0.0';
/** SASL mechanisms Dapr's pubsub.kafka knows by these names (not `SCRAM-SHA-256`). */
export const KAFKA_SASL_MECHANISMS = ['SHA-256', 'SHA-512', 'PLAIN'] as const;
/** The `authType` values of pubsub.kafka in Dapr 1.16. */
export const KAFKA_AUTH_TYPES = ['none', 'password', 'mtls', 'oidc', 'certificate', 'awsiam'] as const;

/** The broker's client port and user (dockerfiles/kafka.Dockerfile). */
export const KAFKA_PORT = 9092;
export const KAFKA_UID = 1000;

/** The numeric parts of a Kafka version (`4.0.0`, `0.10.2.0`); undefined when it is not one. */
export function parseKafkaVersion(v: unknown): number[] | undefined {
  if (typeof v !== 'string' || !/^\d+(\.\d+){2,3}$/.test(v)) return undefined;
  return v.split('.').map(Number);
}

/** Whether Kafka version a is below b (both parsed). */
export function kafkaVersionBelow(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? 0, b[i] ?? 0];
    if (x !== y) return x < y;
  }
  return false;
}


/** A cron binding schedule: `@every 30s`, `@hourly`..., or a 5/6-field cron expression. */
export function isCronSchedule(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  if (/^@every \d+(\.\d+)?(ms|s|m|h)(\d+(ms|s|m|h))*$/.test(s)) return true;
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(s)) return true;
  const fields = s.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((f) => /^[0-9*?\/,\-A-Za-z]+$/.test(f));
}

/** A Kafka topic name (Kafka's own rule). */
export const KAFKA_TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
