import type * as kplus from 'cdk8s-plus-30';
import type { AutoscalingOptions } from './autoscaling-options';
import { ImageSettings, ResourceSettings } from '../../model/settings/types';
import { ImageContract } from '../../model/contract/image-contract';
import type { IDatabaseConnection } from './database-connection';
import { ContainerOptions, InitContainerOptions } from './container-props';
import { RunAsUser } from './security';

/** Props every hardened pod workload shares (WebService, Worker, ScheduledJob/OneOffJob). */
export interface PodWorkloadProps extends ContainerOptions {
  /**
   * The image's contract (this project's images): its port, user, writable paths and the env it
   * requires, checked at synth. Any other image (Redis, a tool) needs none: give `name`, `user`
   * (and a WebService's `port`) instead.
   * @default - no contract: `name` and `user` are required, no env is checked
   */
  readonly contract?: ImageContract;
  /**
   * Value of `app.kubernetes.io/instance` and `part-of`.
   * @default - the instance of the TodoChart the workload is in (required outside one)
   */
  readonly instance?: string;
  /**
   * Image repository, tag and pull policy.
   * @default - with a contract, the TodoChart's image for the contract's component (e.g. the backend's)
   */
  readonly image?: ImageSettings;
  /**
   * Namespace of every object of the workload.
   * @default - the chart's namespace (`TodoChart` sets the configured one)
   */
  readonly namespace?: string;
  /**
   * Name of the Deployment (or Job, CronJob), its container and (for a WebService) its Service.
   * @default contract.component (required without a contract)
   */
  readonly name?: string;
  /**
   * Value of `app.kubernetes.io/component`.
   * @default contract.component, else `name`
   */
  readonly component?: string;
  /**
   * The numeric non-root user and group the image runs as (the kubelet verifies `runAsNonRoot`
   * only against a number), e.g. `{ uid: 999, gid: 1000 }` for `redis:*-alpine`.
   * @default contract.user (required without a contract)
   */
  readonly user?: RunAsUser;
  /**
   * Paths the main container writes under its read-only root; each gets an emptyDir (e.g.
   * `['/data']` for Redis).
   * @default contract.writablePaths, else none
   */
  readonly writablePaths?: readonly string[];
  /**
   * Requests and limits of the main container.
   * @default - requests 100m CPU / 128Mi, limits 500m CPU / 512Mi
   */
  readonly resources?: ResourceSettings;
  /**
   * The database: its `DATABASE_URL` variables come first in the env, its wait runs before
   * anything else, and it is told to admit this workload.
   * @default - no database
   */
  readonly database?: IDatabaseConnection;
  /**
   * Scheme of this workload's `DATABASE_URL`, e.g. `postgresql+asyncpg` for async SQLAlchemy.
   * The wait (and Better Auth's migration) always use libpq's `postgresql`.
   * @default 'postgresql'
   */
  readonly databaseUrlScheme?: string;
  /**
   * An init container that migrates the schema, run after the database wait and before
   * `initContainers` (e.g. `{ name: 'migrate', command: ['alembic', 'upgrade', 'head'] }` on the
   * workload's own image).
   * @default - no migration
   */
  readonly migration?: InitContainerOptions;
  /**
   * Init containers, run in order after the database wait and any migration, hardened like
   * the main container.
   * @default - none
   */
  readonly initContainers?: readonly InitContainerOptions[];
}

/** Props of the Deployments (WebService, Worker). */
export interface ContractWorkloadProps extends PodWorkloadProps {
  /**
   * Number of pods. Leave it unset with `autoscaling`: the autoscaler owns it.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler (autoscaling/v2) owning the number of pods, scaling on CPU (and
   * memory) utilization. The Deployment then leaves `replicas` to it: giving both is refused.
   * @default - no autoscaler: `replicas` pods
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * How pods are replaced on a rollout, e.g. `kplus.DeploymentStrategy.recreate()` for a
   * workload that must never run twice at once.
   * @default - a rolling update of one extra pod at a time and none unavailable (maxSurge 1, maxUnavailable 0)
   */
  readonly strategy?: kplus.DeploymentStrategy;
}

/** Requests and limits of a workload's main container unless given. */
export const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
} as const;
