/**
 * Ids of the app-source checks (lib/app-checks/registry.ts, `npm run check-app -- --list`): the
 * values `appChecks.allow` accepts. Kept here, under the settings, so that validating settings
 * needs no check code; every registered check's id must be one of these (its type says so, and
 * test/app-checks/app-checks.test.ts compares both lists).
 */
export const APP_CHECK_IDS = [
  'backend-source',
  'frontend-source',
  'backend-dockerfile',
  'frontend-dockerfile',
  'neon-serverless-driver',
  'better-auth-without-migration',
  'better-auth-config-missing',
  'better-auth-cli-missing',
  'better-auth-orm-adapter',
  'next-standalone-output',
  'backend-uvicorn',
  'backend-requirements-include',
  'backend-app-object',
  'backend-database-driver',

  'next-font-google',
  'next-public-env',
  'backend-pool-pre-ping',
] as const;

/** The id of one app-source check. */
export type AppCheckId = (typeof APP_CHECK_IDS)[number];
