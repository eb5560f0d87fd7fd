import { ImageSettings, ResourceSettings } from '../config/types';
import { ImageContract } from '../contract/image-contract';
import type { IDatabaseConnection } from '../database-connection/database-connection';
import { ContainerOptions, InitContainerOptions } from './container-props';

/** Props every workload built from an image contract shares (WebService, Worker). */
export interface ContractWorkloadProps extends ContainerOptions {
  /** The image's contract: port, user, writable paths and the env it requires. */
  readonly contract: ImageContract;
  /** Value of `app.kubernetes.io/instance` and `part-of`. */
  readonly instance: string;
  /** Image repository, tag and pull policy. */
  readonly image: ImageSettings;
  /**
   * Namespace of every object of the workload.
   * @default - the chart's namespace (`TodoChart` sets the configured one)
   */
  readonly namespace?: string;
  /**
   * Name of the Deployment, its container and (for a WebService) its Service.
   * @default contract.component
   */
  readonly name?: string;
  /**
   * Value of `app.kubernetes.io/component`.
   * @default contract.component
   */
  readonly component?: string;
  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;
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

/** Requests and limits of a workload's main container unless given. */
export const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
} as const;
