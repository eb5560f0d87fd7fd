import { Construct } from 'constructs';
import { EnvVariable, envFromSecret, envValue } from '../common/env';
import { MIGRATION_CONTAINER, MIGRATION_RESOURCES } from '../common/migration';
import { FieldChecker } from '../../model/field-checker';
import { shapeIssues } from '../common/props-shape';
import { SECRET_KEYS } from '../../model/secret-keys';
import { BACKEND_CONTRACT } from '../../model/contract/image-contract';
import { DEFAULT_DATABASE_URL_SCHEME } from '../common/database-connection';
import { WebService } from '../web-service/web-service';
import { BackendProps } from './backend-props';

/** The FastAPI backend: Deployment and Service on the contract's port (8000). */
export class Backend extends WebService {
  /**
   * The env the backend's contract requires besides DATABASE_URL (Secret keys and URLs), for
   * another workload on the backend image, e.g. `new Worker(..., { env: chart.backend.appEnv })`.
   */
  public readonly appEnv: readonly EnvVariable[];

  constructor(scope: Construct, id: string, props: BackendProps) {
    // Before super(): nothing is built (or registered with the database) for invalid props.
    const c = new FieldChecker();
    if (new.target === Backend) c.absorb(shapeIssues('BackendProps', props));
    c.subdomain('secretName', props.secretName);
    c.httpUrl('betterAuthUrl', props.betterAuthUrl);
    if (props.frontendOrigin !== undefined) c.httpUrl('frontendOrigin', props.frontendOrigin);
    if (props.migrationCommand !== undefined) c.argv('migrationCommand', props.migrationCommand);
    const appEnv = [
      envFromSecret(scope, SECRET_KEYS.betterAuthSecret, props.secretName),
      envFromSecret(scope, SECRET_KEYS.openAiApiKey, props.secretName),
      envValue('BETTER_AUTH_URL', props.betterAuthUrl),
      ...(props.frontendOrigin ? [envValue('FRONTEND_URL', props.frontendOrigin)] : []),
    ];
    const env = [...appEnv, ...(props.env ?? [])];
    const scheme = props.databaseUrlScheme ?? DEFAULT_DATABASE_URL_SCHEME;
    super(scope, id, {
      ...props,
      contract: BACKEND_CONTRACT,
      component: props.component ?? 'api',
      env,
      // An empty migrationCommand is reported by that name above, not again as migration.command.
      migration: props.migration ?? (props.migrationCommand?.length
        ? {
          name: MIGRATION_CONTAINER,
          command: props.migrationCommand,
          // The app's own settings module reads these, so the migration gets the same env.
          env: [...props.database.envVars(scope, { scheme }), ...env],
          resources: MIGRATION_RESOURCES,
        }
        : undefined),
    }, c);
    this.appEnv = appEnv;
  }
}
