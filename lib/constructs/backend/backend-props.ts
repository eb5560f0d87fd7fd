import { WebServiceProps } from '../web-service/web-service-props';
import { IDatabaseConnection } from '../common/database-connection';

/** Props of Backend. */
export interface BackendProps extends Omit<WebServiceProps, 'contract'> {
  /** Secret holding BETTER_AUTH_SECRET and OPENAI_API_KEY. */
  readonly secretName: string;
  /** Where DATABASE_URL comes from (see WebServiceProps.database); required here. */
  readonly database: IDatabaseConnection;
  /**
   * BETTER_AUTH_URL: where the backend fetches the JWKS server-side, i.e. the frontend's
   * in-cluster URL (a public URL may not resolve, or may loop out through the Ingress).
   */
  readonly betterAuthUrl: string;
  /**
   * FRONTEND_URL: the public origin the browser loads the UI from, allowed by CORS.
   * @default - not set; the backend's own CORS default applies
   */
  readonly frontendOrigin?: string;
  /**
   * A schema migration run from the backend image after the database wait and before the app,
   * with the backend's database and secret env, e.g. `['alembic', 'upgrade', 'head']`. It runs in
   * every pod that starts, several at once with replicas > 1, and nothing locks it: use a command
   * that is idempotent and safe concurrently (Alembic's transactional DDL on PostgreSQL: a run that
   * loses the race fails, and the kubelet's retry finds the schema at head).
   * @default - none (the app creates its own tables, as the Phase IV backend does)
   */
  readonly migrationCommand?: readonly string[];
}
