import { profileNames, PROJECT_PROFILES_DIR, readProfile } from './profile-files';
import { TodoConfig } from './types';

/*
 * The project's profiles as values, for tests, benchmarks and code that wants one directly.
 * They are read when this module is first imported; synth reads profiles through loadConfig
 * (load.ts), which never imports this module, so a broken profile file is reported as a
 * ConfigError at synth, not as an import-time crash.
 */
export { DEFAULT_PROFILE, PROJECT_PROFILES_DIR, profileFile, profileNames, readProfile, ReadProfileOptions } from './profile-files';

/** Every profile of the project, by name (read once, when first imported). */
export const PROFILES: Readonly<Record<string, TodoConfig>> = Object.fromEntries(
  profileNames(PROJECT_PROFILES_DIR).map((name) => [name, readProfile(name)]),
);

/** The shipped `local` profile: minikube, kind, Docker Desktop. */
export const LOCAL_PROFILE: TodoConfig = PROFILES.local;

/** The shipped `cloud` profile; its hosts and image repositories are placeholders (see placeholders.ts). */
export const CLOUD_PROFILE: TodoConfig = PROFILES.cloud;
