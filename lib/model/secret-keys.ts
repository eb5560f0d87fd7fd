/**
 * Keys of the one Secret (`TodoConfig.secretName`) the workloads read. docs/configuration.md's
 * `kubectl create secret ... --from-env-file=.env` and `npm run secret` produce it.
 */
export const SECRET_KEYS = {
  /** Shared by frontend and backend: one key, so both are byte-for-byte the same. */
  betterAuthSecret: 'BETTER_AUTH_SECRET',
  openAiApiKey: 'OPENAI_API_KEY',
  /** Password of the in-cluster PostgreSQL user; URL-safe, since it is expanded into DATABASE_URL. */
  postgresPassword: 'POSTGRES_PASSWORD',
} as const;
