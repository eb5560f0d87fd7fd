// Kept for lib/secrets (owned by another branch); new code imports lib/common/secret-keys.
export { SECRET_KEYS } from './common/secret-keys';
