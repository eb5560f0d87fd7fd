import { ConfigError, validateConfig } from './validate';
import { DEFAULT_PROFILE, PROFILES } from './profiles';
import { TodoConfig } from './types';

/** Environment variable that selects a profile from ./profiles.ts. */
export const PROFILE_ENV = 'TODO_PROFILE';

/** The validated configuration of the profile that `TODO_PROFILE` names (default `local`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TodoConfig {
  const name = env[PROFILE_ENV] || DEFAULT_PROFILE;
  const profile = Object.prototype.hasOwnProperty.call(PROFILES, name) ? PROFILES[name] : undefined;
  if (!profile) {
    throw new ConfigError(`${PROFILE_ENV}=${name}`, [
      { field: PROFILE_ENV, problem: `unknown profile ${JSON.stringify(name)}`, allowed: `one of ${Object.keys(PROFILES).join(', ')}` },
    ]);
  }
  return validateConfig(profile, `profile "${name}"`);
}
