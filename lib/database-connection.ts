import * as k8s from '../imports/k8s';
import { envFromSecret } from './env';

/** A workload that connects to the database, identified by its pods' labels. */
export interface IDatabaseClient {
  /** Used in messages and policy names. */
  readonly name: string;
  /** Labels that select the client's pods. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * How a client container gets `DATABASE_URL`. Implemented by the in-cluster PostgresDatabase and
 * by ExternalDatabase; implement it to plug in any other database without forking the app.
 */
export interface IDatabaseConnection {
  /**
   * Env vars that define `DATABASE_URL`, in order: a later one may reference an earlier one as
   * `$(NAME)`. None of them holds a secret value.
   */
  readonly envVars: readonly k8s.EnvVar[];
  /** Lets the client's pods reach the database (e.g. a NetworkPolicy rule). */
  allowClient(client: IDatabaseClient): void;
  /**
   * An init container that holds a client's start until the database accepts connections, so
   * apps that connect at start-up do not crash-loop while it initialises. Undefined: no wait.
   */
  readonly waitContainer?: k8s.Container;
}

/**
 * A database outside the cluster (Neon, RDS, Cloud SQL...). The whole URL, credentials and
 * `?sslmode=require` included, is read from a Secret key, so nothing about it is in the manifests.
 */
export class ExternalDatabase implements IDatabaseConnection {
  /** `DATABASE_URL` from key `key` of Secret `secretName`. */
  public static fromSecret(secretName: string, key = 'DATABASE_URL'): ExternalDatabase {
    return new ExternalDatabase([envFromSecret('DATABASE_URL', secretName, key)]);
  }

  private constructor(public readonly envVars: readonly k8s.EnvVar[]) {}

  /** Nothing to open in the cluster: egress is not restricted. */
  public allowClient(_client: IDatabaseClient): void {}
}
