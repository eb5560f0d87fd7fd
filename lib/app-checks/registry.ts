import { backendAppObject } from './backend-app-object';
import { backendUvicorn } from './backend-uvicorn';
import { backendRequirementsInclude } from './backend-requirements-include';
import { backendSource, frontendSource } from './backend-source';
import { backendPoolPrePing } from './backend-pool-pre-ping';
import { backendDockerfile, frontendDockerfile } from './own-dockerfile';
import { betterAuthCliMissing } from './better-auth-cli-missing';
import { betterAuthConfigMissing } from './better-auth-config-missing';
import { betterAuthOrmAdapter } from './better-auth-orm-adapter';
import { betterAuthWithoutMigration } from './better-auth-without-migration';
import { databaseUrlSchemeCheck } from './database-url-scheme';
import { neonServerlessDriver } from './neon-serverless-driver';
import { nextFontGoogle } from './next-font-google';
import { nextPublicEnv } from './next-public-env';
import { nextStandaloneOutput } from './next-standalone-output';
import { AppCheck } from './types';

/** Every app-source check, in report order. */
export const APP_CHECKS: readonly AppCheck[] = [
  backendSource,
  frontendSource,
  backendDockerfile,
  frontendDockerfile,
  neonServerlessDriver,
  betterAuthWithoutMigration,
  betterAuthConfigMissing,
  betterAuthCliMissing,
  betterAuthOrmAdapter,
  nextStandaloneOutput,
  backendUvicorn,
  backendRequirementsInclude,
  backendAppObject,
  databaseUrlSchemeCheck,
  nextFontGoogle,
  nextPublicEnv,
  backendPoolPrePing,
];
