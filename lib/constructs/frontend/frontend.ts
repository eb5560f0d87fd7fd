import { Construct } from 'constructs';
import { InitContainerOptions } from '../common/container-props';
import { EnvVariable, envFromSecret, envValue } from '../common/env';
import { MIGRATION_CONTAINER, MIGRATION_RESOURCES } from '../common/migration';
import { FieldChecker } from '../../model/field-checker';
import { shapeIssues } from '../common/props-shape';
import { SECRET_KEYS } from '../../model/secret-keys';
import { AUTH_CONFIG_PATH_ALLOWED, DEFAULT_AUTH_CONFIG_PATH, isAuthConfigPath, resolveFrontendMigration } from '../../model/settings/frontend-migration';
import { BETTER_AUTH_MIGRATION_CONTRACT, FRONTEND_CONTRACT } from '../../model/contract/image-contract';
import { DEFAULT_DATABASE_URL_SCHEME } from '../common/database-connection';
import { WebService } from '../web-service/web-service';
import { FrontendProps } from './frontend-props';
import { chartSettingsOf } from '../common/chart-settings';

// Public names kept; both are stated once, in lib/contract.
export { DEFAULT_AUTH_CONFIG_PATH };
/** Tag suffix of the Better Auth migration image, next to the frontend image (the contract's). */
export const MIGRATE_TAG_SUFFIX = BETTER_AUTH_MIGRATION_CONTRACT.tagSuffix;

/**
 * The Next.js frontend: Deployment and Service on the contract's port (3000), after Better
 * Auth's migration (unless turned off). NEXT_PUBLIC_API_URL is not set here: it is baked into
 * the image when it is built.
 */
export class Frontend extends WebService {
  /** The env the frontend's contract requires besides DATABASE_URL (BETTER_AUTH_SECRET and _URL). */
  public readonly appEnv: readonly EnvVariable[];

  constructor(scope: Construct, id: string, props: FrontendProps) {
    // Before super(): nothing is built (or registered with the database) for invalid props.
    const c = new FieldChecker();
    if (new.target === Frontend) c.absorb(shapeIssues('FrontendProps', props));
    c.subdomain('secretName', props.secretName);
    c.httpUrl('publicOrigin', props.publicOrigin);
    if (props.authMigration?.kind === 'better-auth' && props.authMigration.authConfigPath !== undefined) {
      c.check(isAuthConfigPath(props.authMigration.authConfigPath), 'authMigration.authConfigPath', props.authMigration.authConfigPath, AUTH_CONFIG_PATH_ALLOWED);
    }
    const betterAuthSecret = envFromSecret(scope, SECRET_KEYS.betterAuthSecret, props.secretName);
    const betterAuthUrl = envValue('BETTER_AUTH_URL', props.publicOrigin);
    const resolved = resolveFrontendMigration(props.authMigration);
    const image = props.image ?? chartSettingsOf(scope)?.images.frontend ?? { repository: '', tag: '', pullPolicy: 'IfNotPresent' };
    const migration: InitContainerOptions | undefined = resolved.kind === 'better-auth'
      ? {
        name: MIGRATION_CONTAINER,
        image: image.pinned?.migrate ?? `${image.repository}:${image.tag}${MIGRATE_TAG_SUFFIX}`,
        // Built next to the frontend image, so it is wherever that one is.
        imagePullPolicy: image.pullPolicy,
        env: [
          // The CLI connects with node-postgres: always a libpq `postgresql://` URL.
          ...props.database.envVars(scope, { scheme: DEFAULT_DATABASE_URL_SCHEME }),
          betterAuthSecret,
          betterAuthUrl,
          envValue('BETTER_AUTH_CONFIG', resolved.authConfigPath),
        ],
        resources: MIGRATION_RESOURCES,
        // The migration image's own user and writable paths (its contract), not the app's.
        user: BETTER_AUTH_MIGRATION_CONTRACT.user,
        writablePaths: BETTER_AUTH_MIGRATION_CONTRACT.writablePaths,
      }
      : undefined;
    super(scope, id, {
      ...props,
      contract: FRONTEND_CONTRACT,
      component: props.component ?? 'web',
      env: [betterAuthSecret, betterAuthUrl, ...(props.env ?? [])],
      migration: props.migration ?? migration,
    }, c);
    this.appEnv = [betterAuthSecret, betterAuthUrl];
  }
}
