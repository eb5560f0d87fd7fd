import { DaprComponentOptions } from './dapr-component-props';

/** Props of PostgresStateStore. */
export interface PostgresStateStoreProps extends DaprComponentOptions {
  /**
   * The Component's name (`/v1.0/state/<name>`).
   * @default 'statestore'
   */
  readonly name?: string;
  /** The Secret holding the connection string. */
  readonly secretName: string;
  /**
   * Its key: `host=... port=5432 user=... password=... dbname=...` or a `postgres://` URL.
   * @default 'DAPR_STATE_CONNECTION_STRING'
   */
  readonly connectionStringKey?: string;
}
