// What the images' DATABASE_URL looks like, read by the settings' checks and the database constructs.

/** The scheme clients get unless they ask for another. */
export const DEFAULT_DATABASE_URL_SCHEME = 'postgresql';

/** libpq parameters that carry a credential (password, sslpassword): they belong in the Secret. */
export const isCredentialParam = (key: string): boolean => /password|secret|token/i.test(key);
