import { Construct } from 'constructs';
import { AppWorkload, AppWorkloadProps } from './app-workload';
import { BACKEND_CONTRACT } from './contract/image-contract';
import { IDatabaseConnection } from './database-connection';
import { envFromSecret, envValue } from './env';
import { SECRET_KEYS } from './secret-keys';

/** Props of Backend. */
export interface BackendProps extends Omit<AppWorkloadProps, 'contract'> {
  /** Secret holding BETTER_AUTH_SECRET and OPENAI_API_KEY. */
  readonly secretName: string;
  /** Where DATABASE_URL comes from (see AppWorkloadProps.database); required here. */
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
}

/** The FastAPI backend: Deployment and Service on the contract's port (8000). */
export class Backend extends AppWorkload {
  constructor(scope: Construct, id: string, props: BackendProps) {
    super(scope, id, {
      ...props,
      contract: BACKEND_CONTRACT,
      component: props.component ?? 'api',
      env: [
        envFromSecret(SECRET_KEYS.betterAuthSecret, props.secretName),
        envFromSecret(SECRET_KEYS.openAiApiKey, props.secretName),
        envValue('BETTER_AUTH_URL', props.betterAuthUrl),
        ...(props.frontendOrigin ? [envValue('FRONTEND_URL', props.frontendOrigin)] : []),
        ...(props.env ?? []),
      ],
    });
  }
}
