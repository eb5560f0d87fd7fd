import { WebServiceProps } from '../web-service/web-service-props';
import { IDatabaseConnection } from '../common/database-connection';

/** Better Auth's schema migration, from the `<frontend tag>-migrate` image `npm run images` builds. */
export interface BetterAuthMigration {
  readonly kind: 'better-auth';
  /**
   * The app's Better Auth config file, relative to /app (BETTER_AUTH_CONFIG).
   * @default 'src/lib/auth-server.ts'
   */
  readonly authConfigPath?: string;
}

/** No migration: the app creates its tables itself (or they exist, e.g. on Neon). */
export interface NoMigration {
  readonly kind: 'none';
}

/** Props of Frontend. */
export interface FrontendProps extends Omit<WebServiceProps, 'contract'> {
  /** Secret holding BETTER_AUTH_SECRET (the same key the backend reads). */
  readonly secretName: string;
  /** Where DATABASE_URL comes from (Better Auth keeps users and sessions there). */
  readonly database: IDatabaseConnection;
  /**
   * BETTER_AUTH_URL: the public origin the browser uses. Better Auth rejects requests from any
   * other origin ("invalid origin"), so this must be exactly what is in the address bar.
   */
  readonly publicOrigin: string;
  /**
   * How Better Auth's tables (`user`, `session`, `account`, `verification`, `jwks`) are created.
   * @default { kind: 'better-auth', authConfigPath: 'src/lib/auth-server.ts' }
   */
  readonly authMigration?: BetterAuthMigration | NoMigration;
}
