import { Construct } from 'constructs';
import { EnvVariable } from './env';
import { RunAsUser } from './security';

/** A workload that connects to the database, identified by its pods' labels. */
export interface IDatabaseClient {
  /** Used in messages and policy names. */
  readonly name: string;
  /** Labels that select the client's pods. */
  readonly selector: Readonly<Record<string, string>>;
}

/** Options of `IDatabaseConnection.envVars`. */
export interface DatabaseEnvOptions {
  /**
   * URL scheme the client's driver expects, e.g. `postgresql` (libpq, psycopg, node-postgres)
   * or `postgresql+asyncpg` (async SQLAlchemy).
   */
  readonly scheme: string;
}

/** The init container that holds a client until the database accepts the client's login. */
export interface DatabaseWait {
  /** Image with `psql` (the postgres image). */
  readonly image: string;
  /** The image's own non-root user. */
  readonly user: RunAsUser;
  /** Env, `DATABASE_URL` (scheme `postgresql`) included. */
  readonly env: readonly EnvVariable[];
  /** The wait itself. */
  readonly command: readonly string[];
}

/**
 * How a client container gets `DATABASE_URL`. Implemented by the in-cluster PostgresDatabase and
 * by ExternalDatabase; implement it to plug in any other database without forking the app, and
 * pass it to `TodoChart` as `database`.
 */
export interface IDatabaseConnection {
  /**
   * Env variables that define `DATABASE_URL` for `options.scheme`, in order: a later one may
   * reference an earlier one as `$(NAME)`. None of them holds a secret value. `scope` is the
   * client construct (Secret references are created under it).
   */
  envVars(scope: Construct, options: DatabaseEnvOptions): readonly EnvVariable[];
  /** Lets the client's pods reach the database (e.g. a NetworkPolicy rule). */
  allowClient(client: IDatabaseClient): void;
  /**
   * The wait before a client starts, logging in as the client will.
   * @default - no wait
   */
  waitFor?(scope: Construct): DatabaseWait | undefined;
}

// The default lives with the images' contract, which the settings read too.
export { DEFAULT_DATABASE_URL_SCHEME } from '../../model/contract/database-url';

/** A URL scheme as RFC 3986 allows it, e.g. `postgresql+asyncpg`. */
export const URL_SCHEME = /^[a-z][a-z0-9+.-]*$/;
