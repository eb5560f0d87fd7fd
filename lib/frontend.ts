import { Construct } from 'constructs';
import { AppWorkload, AppWorkloadProps } from './app-workload';
import { FRONTEND_CONTRACT } from './contract/image-contract';
import { IDatabaseConnection } from './database-connection';
import { envFromSecret, envValue } from './env';
import { SECRET_KEYS } from './secret-keys';

/** Props of Frontend. */
export interface FrontendProps extends Omit<AppWorkloadProps, 'contract'> {
  /** Secret holding BETTER_AUTH_SECRET (the same key the backend reads). */
  readonly secretName: string;
  /** Where DATABASE_URL comes from (Better Auth keeps users and sessions there). */
  readonly database: IDatabaseConnection;
  /**
   * BETTER_AUTH_URL: the public origin the browser uses. Better Auth rejects requests from any
   * other origin ("invalid origin"), so this must be exactly what is in the address bar.
   */
  readonly publicOrigin: string;
}

/**
 * The Next.js frontend: Deployment and Service on the contract's port (3000).
 * NEXT_PUBLIC_API_URL is not set here: it is baked into the image when it is built.
 */
export class Frontend extends AppWorkload {
  constructor(scope: Construct, id: string, props: FrontendProps) {
    super(scope, id, {
      ...props,
      contract: FRONTEND_CONTRACT,
      component: props.component ?? 'web',
      env: [
        envFromSecret(SECRET_KEYS.betterAuthSecret, props.secretName),
        envValue('BETTER_AUTH_URL', props.publicOrigin),
        ...(props.env ?? []),
      ],
    });
  }
}
