// Kept for lib/contract/check-env.ts (owned by another branch); new code imports lib/common/env.
export { referencedEnvNames } from './common/env';
