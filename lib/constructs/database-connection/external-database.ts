import { Construct } from 'constructs';
import type { DatabaseParts } from '../../model/settings/types';
import { EnvVariable, envFromSecret, envValue } from '../common/env';
import { SECRET_KEYS } from '../../model/secret-keys';
import {
  DEFAULT_DATABASE_URL_SCHEME,
  DatabaseEnvOptions,
  DatabaseWait,
  IDatabaseClient,
  IDatabaseConnection,
} from '../common/database-connection';
import { isCredentialParam } from '../../model/contract/database-url';
import { waitForDatabaseCommand } from './wait-for-database';
import { postgresImageUser } from '../../model/postgres-image';

/** Password variable in client containers; DATABASE_URL expands it. */
const PASSWORD_VAR = 'DATABASE_PASSWORD';
/** Image of the wait (its `psql`) unless given. */
const DEFAULT_CLIENT_IMAGE = 'postgres:17-alpine';

/** Options of every external database. */
export interface ExternalDatabaseOptions {
  /**
   * Image whose `psql` the wait-for-database init container runs (pulled by the node).
   * @default 'postgres:17-alpine'
   */
  readonly clientImage?: string;
}

/** An external database described by its parts (fields documented on DatabaseParts); only the password is secret. */
export interface ExternalDatabaseParts extends ExternalDatabaseOptions, DatabaseParts {
  /** Secret holding the password. */
  readonly secretName: string;
}

// Still exported here (this module's API); it lives with the contract, which the settings read.
export { isCredentialParam };

type Source =
  | { readonly kind: 'url'; readonly secretName: string; readonly key: string }
  | { readonly kind: 'parts'; readonly parts: ExternalDatabaseParts };

/**
 * A database outside the cluster (Neon, RDS, Cloud SQL...).
 *
 * Two ways to describe it, by design:
 * - `fromParts`: host, port, database, user and params are settings, the password a Secret key.
 *   Each client gets `DATABASE_URL` with its own scheme (`postgresql+asyncpg` for an async
 *   backend, `postgresql` for Node) and the same params (`sslmode` kept).
 * - `fromSecret`: the whole URL in one Secret key, as Neon's console gives it. A Secret value
 *   cannot be rewritten per client, so only clients with the default scheme `postgresql` may use
 *   it; asking for another scheme fails at construction, naming the client.
 * Either way the clients wait until the database accepts their login.
 */
export class ExternalDatabase implements IDatabaseConnection {
  /** `DATABASE_URL` from key `key` of Secret `secretName`. */
  public static fromSecret(secretName: string, key = 'DATABASE_URL', options: ExternalDatabaseOptions = {}): ExternalDatabase {
    return new ExternalDatabase({ kind: 'url', secretName, key }, options.clientImage);
  }

  /** `DATABASE_URL` composed from the parts, with the password from the Secret. */
  public static fromParts(parts: ExternalDatabaseParts): ExternalDatabase {
    for (const [prop, value] of [['host', parts.host], ['databaseName', parts.databaseName], ['user', parts.user]] as const) {
      if (typeof value !== 'string' || value.length === 0 || /[\s/@:?#]/.test(value)) {
        throw new Error(`ExternalDatabase.fromParts: ${prop}: got ${JSON.stringify(value)}; allowed: a non-empty value without spaces or "/ @ : ? #"`);
      }
    }
    for (const key of Object.keys(parts.params ?? {}).filter(isCredentialParam)) {
      throw new Error(
        `ExternalDatabase.fromParts: params.${key}: would write a credential into the manifest's DATABASE_URL (value not shown); ` +
          'allowed: the password in the Secret, under passwordSecretKey',
      );
    }
    return new ExternalDatabase({ kind: 'parts', parts }, parts.clientImage);
  }

  /** Image of the wait-for-database init container. */
  public readonly clientImage: string;

  private constructor(private readonly source: Source, clientImage?: string) {
    this.clientImage = clientImage ?? DEFAULT_CLIENT_IMAGE;
  }

  public envVars(scope: Construct, options: DatabaseEnvOptions): readonly EnvVariable[] {
    if (this.source.kind === 'url') {
      if (options.scheme !== DEFAULT_DATABASE_URL_SCHEME) {
        throw new Error(
          `${scope.node.path}: databaseUrlScheme: got ${JSON.stringify(options.scheme)}; allowed: "postgresql" only, since the ` +
            `whole DATABASE_URL comes from Secret key ${this.source.key}. Describe the database by host, databaseName, user and ` +
            'params (password from the Secret) to give each workload its own scheme',
        );
      }
      return [envFromSecret(scope, 'DATABASE_URL', this.source.secretName, this.source.key)];
    }
    const p = this.source.parts;
    // asyncpg refuses libpq's `sslmode` (SQLAlchemy passes query params to connect(): sqlalchemy#6275); it takes the same values as `ssl`.
    const asyncpg = /\+asyncpg$/.test(options.scheme);
    const query = new URLSearchParams(Object.entries(p.params ?? {}).map(([k, v]): [string, string] => [asyncpg && k === 'sslmode' ? 'ssl' : k, v])).toString();
    return [
      envFromSecret(scope, PASSWORD_VAR, p.secretName, p.passwordSecretKey ?? SECRET_KEYS.postgresPassword),
      envValue('DATABASE_URL', `${options.scheme}://${p.user}:$(${PASSWORD_VAR})@${p.host}:${p.port ?? 5432}/${p.databaseName}${query ? `?${query}` : ''}`),
    ];
  }

  /** Nothing to open in the cluster: egress is not restricted. */
  public allowClient(_client: IDatabaseClient): void {}

  public waitFor(scope: Construct): DatabaseWait {
    const parts = this.source.kind === 'parts' ? this.source.parts : undefined;
    return {
      image: this.clientImage,
      user: postgresImageUser(this.clientImage),
      env: [...this.envVars(scope, { scheme: DEFAULT_DATABASE_URL_SCHEME }), envValue('PGCONNECT_TIMEOUT', '5')],
      command: waitForDatabaseCommand({
        urlVar: 'DATABASE_URL',
        expectedHost: parts?.host,
        showable: parts ? [parts.host, parts.user, parts.databaseName] : [],
      }),
    };
  }
}

export { postgresImageUser };
