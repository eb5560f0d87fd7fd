/**
 * The typed configuration of a deployment, read from a profile file (`profiles/<name>.yaml`) and
 * values files layered over it (./load.ts); ./validate.ts checks it before anything is synthesized.
 * Every field must be read by validate.ts: a key it never reads is reported as unknown.
 */

import type { ResourceQuantities, ResourceSettings } from '../quantity';

export type { ResourceQuantities, ResourceSettings };

/** Where a container image comes from and when the kubelet pulls it. */
export interface ImageSettings {
  /** Repository, e.g. `todo-backend` for a local image or `ghcr.io/acme/todo-backend`. */
  readonly repository: string;
  /** Tag. `npm run images` replaces it with the content tag it built (see images.lock.json). */
  readonly tag: string;
  /**
   * `IfNotPresent` or `Never` for images built into the cluster's own Docker Engine;
   * `Always` only for a registry.
   */
  readonly pullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Digest references the images lock pins when the images were pushed to a registry
   * (`npm run deploy --registry`): the manifests run these instead of `repository:tag`. Set by
   * lib/images/apply-lock.ts, never read from a profile (there it is an unknown field).
   * @default undefined (the manifests run `repository:tag`)
   */
  readonly pinned?: PinnedImages;
}

/** An image this project builds: where it goes, plus the build arguments it is built with. */
export interface BuiltImageSettings extends ImageSettings {
  /**
   * Build arguments, e.g. `{ NODE_IMAGE: 'mirror.example/node:22-alpine' }` for a base image
   * from a mirror: `npm run images` and `npm run deploy` use them alike, and the images lock
   * records them. `--build-arg NAME=VALUE` adds to them for one run. Arguments the settings
   * derive (NEXT_PUBLIC_API_URL from publicUrls.backend) cannot be set here.
   * @default - none (the Dockerfile's defaults; the backend's base image follows the app's Python pin)
   */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** `registry/repository@sha256:...` of an app image and, when it has one, of its migration image. */
export interface PinnedImages {
  readonly image: string;
  /** @default undefined (no migration image) */
  readonly migrate?: string;
}

/** Pods left to a HorizontalPodAutoscaler (autoscaling/v2): `replicas: { autoscaled: { min: 2, max: 10 } }`. */
export interface AutoscaledReplicas {
  readonly autoscaled: {
    /** Fewest pods (1-100). */
    readonly min: number;
    /** Most pods (min-100). */
    readonly max: number;
    /**
     * Target average CPU utilization, percent of the requests.
     * @default 70
     */
    readonly cpuUtilization?: number;
    /**
     * Target average memory utilization, percent of the requests.
     * @default - not scaled on memory
     */
    readonly memoryUtilization?: number;
  };
}

/** A PodDisruptionBudget: how many pods a node drain must leave (one of the two, a number or "N%"). */
export interface DisruptionBudgetSettings {
  /** @default - unset */
  readonly minAvailable?: number | string;
  /** @default - unset */
  readonly maxUnavailable?: number | string;
}

/** Replicas and resources of a stateless workload. */
export interface WorkloadSettings {
  /** A fixed number of pods, or `{ autoscaled: { min, max } }` for a HorizontalPodAutoscaler. */
  readonly replicas: number | AutoscaledReplicas;
  /**
   * A PodDisruptionBudget for the workload's pods.
   * @default - none
   */
  readonly disruptionBudget?: DisruptionBudgetSettings;
  readonly resources: ResourceSettings;
  /**
   * HTTP path the startup, readiness and liveness probes GET, e.g. `/health`; unset: TCP.
   * @default - TCP probes
   */
  readonly healthCheckPath?: string;
  /**
   * Scheme of the workload's DATABASE_URL: `postgresql`, or e.g. `postgresql+asyncpg` for an
   * async SQLAlchemy backend. The database wait and Better Auth's migration always use libpq's.
   * @default 'postgresql'
   */
  readonly databaseUrlScheme?: string;
}

/** The backend's schema migration: none, or a command run from the backend image. */
export type BackendMigrationSettings =
  | { readonly kind: 'none' }
  | { readonly kind: 'command'; readonly command: readonly string[] };

/** The frontend's schema migration: Better Auth's CLI from the `-migrate` image, or none. */
export type FrontendMigrationSettings =
  | { readonly kind: 'better-auth'; readonly authConfigPath?: string }
  | { readonly kind: 'none' };

/**
 * Where a component's sources are and which Dockerfile builds them. Everything else about the
 * app (its dependency manifest, package manager, ASGI app, Better Auth config) is detected from
 * those sources, and has a setting only for what detection cannot decide (`npm run check-app`
 * says what it found).
 */
export interface SourceSettings {
  /**
   * The source directory: the build context of the image, relative to the project root (the
   * directory of `profiles/` and `main.ts`) unless absolute. The `--backend-dir`/`--frontend-dir`
   * flags and `TODO_BACKEND_DIR`/`TODO_FRONTEND_DIR` win over it. A frontend inside a JavaScript
   * workspace (a monorepo) names the app's own directory; the workspace root holding the lockfile
   * is found above it and sent as the context.
   * @default '../backend' for the backend, '../frontend' for the frontend (beside the project)
   */
  readonly sourceDir?: string;
  /**
   * The app's own Dockerfile, relative to the source directory (e.g. `Dockerfile`). It is built
   * by the same step, with the same lock, tags and delivery, after `npm run check-app`'s checks of
   * it against the image contract (port, numeric non-root user, entrypoint, no secret in a layer).
   * @default - the project's `dockerfiles/<component>.Dockerfile`
   */
  readonly dockerfile?: string;
}

/** How a Python service's image is built: its manifest and ASGI app, when detection cannot decide. */
export interface PythonSourceSettings extends SourceSettings {
  /**
   * The ASGI app uvicorn serves, `<module>:<attribute>` relative to the source directory.
   * @default - `main:app` when main.py defines `app`, else the one FastAPI app the sources define
   */
  readonly asgiApp?: string;
  /**
   * The file the dependencies are installed from: `requirements.txt` (pip), `uv.lock` (uv sync
   * --frozen), `poetry.lock` (poetry install) or `pyproject.toml` (its PEP 621 dependencies).
   * @default - detected: the one of them the source directory has
   */
  readonly pythonManifest?: 'requirements.txt' | 'uv.lock' | 'poetry.lock' | 'pyproject.toml';
}

/** An additional Python service (notification, recurring tasks...) built into an image of its own. */
export interface ServiceSettings extends PythonSourceSettings {
  /** The service's directory, with its own requirements.txt or pyproject.toml; relative to the project root. */
  readonly sourceDir: string;
  /**
   * Its image.
   * @default - repository `<images.backend.repository>-<name>`, tag and pull policy of the backend image
   */
  readonly image?: Partial<ImageSettings> & { readonly buildArgs?: Readonly<Record<string, string>> };
}

/** The backend workload. */
export interface BackendSettings extends WorkloadSettings, PythonSourceSettings {
  /**
   * Migration run after the database wait and before the app.
   * @default { kind: 'none' }
   */
  readonly migration?: BackendMigrationSettings;
}

/** The frontend workload. */
export interface FrontendSettings extends WorkloadSettings, SourceSettings {
  /**
   * The package manager that installs the frontend's dependencies.
   * @default - detected from the lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock), its version from package.json's `packageManager`
   */
  readonly packageManager?: 'npm' | 'pnpm' | 'yarn';
  /**
   * Migration run after the database wait and before the app.
   * @default { kind: 'better-auth', authConfigPath: 'src/lib/auth-server.ts' }
   */
  readonly migration?: FrontendMigrationSettings;
}

/** PostgreSQL runs in the cluster as a StatefulSet. */
export interface InClusterDatabase {
  readonly kind: 'in-cluster';
  /** The official postgres image, pinned to a major version. */
  readonly image: string;
  readonly databaseName: string;
  readonly user: string;
  /** Size of the PersistentVolumeClaim, e.g. `1Gi`. */
  readonly storage: string;
  /** StorageClass of the claim; undefined uses the cluster's default class. */
  readonly storageClassName?: string;
  readonly resources: ResourceSettings;
}

/**
 * A database outside the cluster (Neon, RDS, Cloud SQL...): the whole URL comes from a Secret.
 * Only workloads with the default `databaseUrlScheme` can use it (a Secret value cannot be
 * rewritten per workload); describe the database by parts (ExternalDatabaseByParts) otherwise.
 */
export interface ExternalDatabase {
  readonly kind: 'external';
  /** Secret key holding the complete `DATABASE_URL` (for Neon it ends in `?sslmode=require`). */
  readonly urlSecretKey: string;
  /**
   * Image whose `psql` the wait-for-database init container runs.
   * @default 'postgres:17-alpine'
   */
  readonly clientImage?: string;
}

/** Where an external database is, by its parts; only the password is secret (a Secret key). */
export interface DatabaseParts {
  /** Host name, e.g. `ep-cool-darkness-123456.eu-central-1.aws.neon.tech`. */
  readonly host: string;
  /**
   * Port.
   * @default 5432
   */
  readonly port?: number;
  /** Database name. */
  readonly databaseName: string;
  /** User name. */
  readonly user: string;
  /**
   * Key of the password in the Secret. It is expanded into the URL, so it must be URL-safe.
   * @default 'POSTGRES_PASSWORD'
   */
  readonly passwordSecretKey?: string;
  /**
   * Query parameters kept on every client's URL, e.g. `{ sslmode: 'require' }` for Neon
   * (written `ssl=require` for a `postgresql+asyncpg` client: asyncpg refuses `sslmode`).
   * @default - none
   */
  readonly params?: Readonly<Record<string, string>>;
}

/**
 * A database outside the cluster described by its parts, the password from the Secret: every
 * workload gets DATABASE_URL with its own scheme and the same params (`sslmode` kept). These are
 * the props of `ExternalDatabase.fromParts`; the Secret is the configuration's `secretName`.
 */
export interface ExternalDatabaseByParts extends DatabaseParts {
  readonly kind: 'external';
  /**
   * Image whose `psql` the wait-for-database init container runs.
   * @default 'postgres:17-alpine'
   */
  readonly clientImage?: string;
}

export type DatabaseSettings = InClusterDatabase | ExternalDatabase | ExternalDatabaseByParts;

/** Fixed NodePorts: reachable on localhost with Docker Desktop, kind port mappings or port-forward. */
export interface NodePortExposure {
  readonly kind: 'node-port';
  readonly frontendNodePort: number;
  readonly backendNodePort: number;
}

/** An Ingress with one host for the frontend and one for the backend API. */
export interface IngressExposure {
  readonly kind: 'ingress';
  /** IngressClass, e.g. `nginx`; undefined uses the cluster's default class. */
  readonly className?: string;
  /** Secret holding the TLS certificate for both hosts; undefined serves plain HTTP. */
  readonly tlsSecretName?: string;
}

export type ExposureSettings = NodePortExposure | IngressExposure;

/** The whole configuration of one deployment of the Todo app. */
export interface TodoConfig {
  /** Profile name this configuration came from, e.g. `local` or `cloud`. */
  readonly profile: string;
  /** Namespace everything is deployed into (DNS-1123 label). */
  readonly namespace: string;
  /** Instance name, used in `app.kubernetes.io/instance` and `part-of` labels. */
  readonly instance: string;
  /** Origins the browser uses. Both are baked into the app: the backend one at image build time. */
  readonly publicUrls: {
    /** Origin of the web UI; the frontend's BETTER_AUTH_URL and the backend's FRONTEND_URL (CORS). */
    readonly frontend: string;
    /** Origin of the API as the browser sees it; the frontend image's NEXT_PUBLIC_API_URL. */
    readonly backend: string;
  };
  readonly exposure: ExposureSettings;
  /** Name of the Secret holding BETTER_AUTH_SECRET, OPENAI_API_KEY and the database credential. */
  readonly secretName: string;
  readonly images: {
    readonly backend: BuiltImageSettings;
    readonly frontend: BuiltImageSettings;
  };
  readonly backend: BackendSettings;
  readonly frontend: FrontendSettings;
  readonly database: DatabaseSettings;
  /**
   * App-source checks `npm run images` and `npm run check-app` run before building
   * (lib/app-checks/). Errors listed in `allow` (by check id) are reported but do not stop the build.
   * @default { allow: [] }
   */
  readonly appChecks?: AppCheckSettings;
  /**
   * Additional Python services, each built from its own directory into an image of its own
   * (`npm run images`, `npm run deploy`), for a Worker or WebService added in main.ts
   * (`serviceImage(settings, name)` gives its image and contract).
   * @default - none
   */
  readonly services?: Readonly<Record<string, ServiceSettings>>;
  /**
   * Phase V: Dapr sidecars on the backend and frontend, Dapr Components (Kafka pub/sub, PostgreSQL
   * state, the Kubernetes secret store, a cron binding) and Subscriptions. Needs Dapr's control
   * plane in the cluster (`npm run deploy` refuses without it). Off unless `enabled: true`.
   * @default - off: no Dapr object, no annotation
   */
  readonly dapr?: DaprSettings;
  /**
   * The in-cluster Kafka broker (a single-node KRaft broker from dockerfiles/kafka.Dockerfile),
   * used when `dapr.pubsub.brokers` is `in-cluster`.
   * @default - none; required when dapr.pubsub.brokers is `in-cluster`
   */
  readonly kafka?: KafkaSettings;
}

/** Overrides for the app-source checks. */
export interface AppCheckSettings {
  /** Ids of checks whose errors are allowed, e.g. `['neon-serverless-driver']` (`npm run check-app` lists the ids). */
  readonly allow: readonly string[];
}

/** Phase V's Dapr: which workloads get a sidecar, and the Components they share. */
export interface DaprSettings {
  /** Turns Phase V on. */
  readonly enabled: boolean;
  /**
   * The Dapr app-ids of the chart's workloads (service invocation names, `scopes`).
   * @default { backend: 'backend', frontend: 'frontend' }
   */
  readonly appIds?: { readonly backend?: string; readonly frontend?: string };
  /**
   * daprd's log level.
   * @default 'info'
   */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The pub/sub Component (`pubsub.kafka`). */
  readonly pubsub: DaprPubsubSettings;
  /**
   * The state store (`state.postgresql`); its connection string is read from the Secret.
   * @default - none
   */
  readonly stateStore?: DaprStateStoreSettings;
  /**
   * The secret store Component apps read Secrets through (`secretstores.kubernetes`, `GET /v1.0/secrets/<name>/<secret>`).
   * @default { kind: 'kubernetes', name: 'kubernetes-secrets' }
   */
  readonly secretStore?: DaprSecretStoreSettings;
  /**
   * A cron binding: the sidecar of `appId` calls `POST /<name>` on each tick.
   * @default - none
   */
  readonly cron?: DaprCronSettings;
  /**
   * Declarative Subscriptions (dapr.io/v2alpha1): `topic` delivered to `route` of `appId`.
   * @default - none
   */
  readonly subscriptions?: readonly DaprSubscriptionSettings[];
  /**
   * Phase V's consumers, each a Deployment with a sidecar and a Subscription: the notification
   * worker (topic `reminders`) and the recurring-task worker (topic `task-events`; a completed
   * recurring task's next occurrence goes to `task-updates`). Both save what they did through
   * the state store, when there is one.
   * @default - none: no consumer runs (your own services subscribe instead)
   */
  readonly workers?: DaprWorkersSettings;
}

/** The consumers of dockerfiles/workers.Dockerfile (one image, one program per role). */
export interface DaprWorkersSettings {
  /**
   * Their image, built by `npm run images` and `npm run deploy` (build arguments e.g.
   * `{ PYTHON_IMAGE: 'mirror.example/python:3.12-slim' }`).
   * The base is the backend's `PYTHON_IMAGE` build argument unless `buildArgs` names one.
   */
  readonly image: BuiltImageSettings;
  /**
   * Requests and limits of each worker's container.
   * @default - requests 25m CPU / 48Mi, limits 250m CPU / 128Mi
   */
  readonly resources?: ResourceSettings;
}

/** Kafka through Dapr's `pubsub.kafka`. */
export interface DaprPubsubSettings {
  readonly kind: 'kafka';
  /**
   * The Component's name, what apps publish to (`/v1.0/publish/<name>/<topic>`).
   * @default 'kafka-pubsub'
   */
  readonly name?: string;
  /**
   * `in-cluster` for the chart's own broker (settings `kafka`), or the `host:port` list of a
   * managed Kafka (Redpanda Cloud, Confluent).
   */
  readonly brokers: 'in-cluster' | readonly string[];
  /**
   * The Kafka protocol version Dapr's client announces.
   * @default '4.0.0' (the newest Dapr 1.16's client knows; Kafka 4 brokers refuse very old ones)
   */
  readonly version?: string;
  /**
   * How the client authenticates.
   * @default { type: 'none' }
   */
  readonly auth?: DaprKafkaAuth;
  /**
   * TLS to the brokers. A managed Kafka needs it.
   * @default false for in-cluster brokers, true for external ones
   */
  readonly tls?: boolean;
  /**
   * Secret key of a PEM CA certificate for the brokers' TLS, when it is not a public CA.
   * @default - the system's CAs
   */
  readonly caCertSecretKey?: string;
  /**
   * Topics the chart creates on the in-cluster broker (a managed Kafka's are made in its console).
   * @default ['task-events', 'reminders', 'task-updates']
   */
  readonly topics?: readonly string[];
}

/** No authentication, or SASL with the user name and password from the Secret. */
export type DaprKafkaAuth =
  | { readonly type: 'none' }
  | {
      readonly type: 'password';
      /** `SHA-256` or `SHA-512` (SCRAM), or `PLAIN` (Confluent Cloud). */
      readonly mechanism: 'SHA-256' | 'SHA-512' | 'PLAIN';
      /** Secret key of the SASL user name. */
      readonly usernameSecretKey: string;
      /** Secret key of the SASL password. */
      readonly passwordSecretKey: string;
    };

/** `state.postgresql`. */
export interface DaprStateStoreSettings {
  readonly kind: 'postgresql';
  /** @default 'statestore' */
  readonly name?: string;
  /**
   * Secret key of the connection string (`host=... user=... password=... dbname=...` or a
   * `postgres://` URL).
   * @default 'DAPR_STATE_CONNECTION_STRING'
   */
  readonly connectionStringSecretKey?: string;
}

/** `secretstores.kubernetes`, read with the apps' ServiceAccounts (a Role the chart makes). */
export interface DaprSecretStoreSettings {
  readonly kind: 'kubernetes';
  /** @default 'kubernetes-secrets' */
  readonly name?: string;
}

/** `bindings.cron`. */
export interface DaprCronSettings {
  /** @default 'reminder-cron' */
  readonly name?: string;
  /** `@every 1m`, `@hourly`, or a cron expression. */
  readonly schedule: string;
  /**
   * The app-id whose sidecar fires it.
   * @default - the backend's app-id
   */
  readonly appId?: string;
}

/** One declarative Subscription. */
export interface DaprSubscriptionSettings {
  /** The Subscription's name. */
  readonly name: string;
  readonly topic: string;
  /** The app's path events are POSTed to, e.g. `/events/task`. */
  readonly route: string;
  /** The app-ids that receive it (its `scopes`). */
  readonly appIds: readonly string[];
  /**
   * The pub/sub Component.
   * @default - dapr.pubsub's name
   */
  readonly pubsubName?: string;
}

/** The chart's own Kafka broker (one KRaft node, broker and controller in one process). */
export interface KafkaSettings {
  /**
   * The broker image `npm run images` and `npm run deploy` build from dockerfiles/kafka.Dockerfile
   * (build arguments e.g. `{ KAFKA_VERSION: '4.1.1', DEBIAN_IMAGE: 'mirror.example/debian:bookworm-slim' }`).
   */
  readonly image: BuiltImageSettings;
  /** Size of its PersistentVolumeClaim, e.g. `1Gi`. */
  readonly storage: string;
  /**
   * StorageClass of the claim.
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;
  /**
   * Requests and limits of the broker.
   * @default - requests 100m CPU / 600Mi, limits 1 CPU / 1Gi
   */
  readonly resources?: ResourceSettings;
}
