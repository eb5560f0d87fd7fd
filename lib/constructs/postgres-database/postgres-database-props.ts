import { ResourceSettings } from '../../model/settings/types';
import { RunAsUser } from '../common/security';

/** Props of PostgresDatabase. */
export interface PostgresDatabaseProps {
  /**
   * Value of `app.kubernetes.io/instance` and `part-of`.
   * @default - the instance of the TodoChart it is in (required outside one)
   */
  readonly instance?: string;
  /** Secret holding the password under `passwordSecretKey`. */
  readonly secretName: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Key of the password in the Secret. Clients expand it into DATABASE_URL, so it must be
   * URL-safe (letters, digits, `-._~`); the clients' wait says so when it is not.
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
