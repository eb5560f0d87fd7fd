import { placeholderIssues } from './placeholders';
import { DEFAULT_PROFILE, PROJECT_PROFILES_DIR, readProfile } from './profile-files';
import { TodoConfig } from './types';
import { ConfigError } from './validate';

/** Environment variable that selects a profile, the project's `profiles/<name>.yaml` (default `local`). */
export const PROFILE_ENV = 'TODO_PROFILE';

/** Environment variable naming values files, comma-separated, layered over the profile in order. */
export const VALUES_ENV = 'TODO_VALUES';

/**
 * The directory relative paths the user typed are relative to: `npm run` moves to the project
 * root, and npm sets INIT_CWD to where the command was typed.
 */
export function userCwd(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD || process.cwd();
}

/** Options of loadConfig. */
export interface LoadConfigOptions {
  /** Environment: `TODO_PROFILE`, `TODO_VALUES`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Values files named on the command line (`--values FILE`), layered after those in
   * `TODO_VALUES`: later files win, like Helm's `-f`.
   * @default none
   */
  readonly valuesFiles?: readonly string[];
  /** Folder of the profiles. @default the project's `profiles/` (beside `lib/`, wherever synth runs from) */
  readonly profilesDir?: string;
  /**
   * Directory relative values-file paths resolve against, and messages name files from.
   * @default env INIT_CWD (where the user typed `npm run ...`; npm moves to the project root), else process.cwd()
   */
  readonly cwd?: string;
}

/** The files TODO_VALUES names; an empty entry (`a.yaml,,b.yaml`) is refused. */
function valuesFromEnv(env: NodeJS.ProcessEnv): string[] {
  const raw = env[VALUES_ENV];
  if (raw === undefined || raw.trim() === '') return [];
  const files = raw.split(',').map((f) => f.trim());
  if (files.some((f) => f === '')) {
    throw new ConfigError(`${VALUES_ENV}`, [{ field: VALUES_ENV, problem: 'has an empty entry', allowed: 'file names separated by commas, e.g. "base.yaml,prod.yaml"' }]);
  }
  return files;
}

/**
 * The configuration to deploy: the profile `TODO_PROFILE` names (from the project's `profiles/`),
 * then the values files of `TODO_VALUES` and `valuesFiles` over it, validated as one. Refuses
 * placeholder hosts and image repositories (the cloud profile's), saying what to set.
 */
export function loadConfig(options: LoadConfigOptions = {}): TodoConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? userCwd(env);
  const name = env[PROFILE_ENV] || DEFAULT_PROFILE;
  const valuesFiles = [...valuesFromEnv(env), ...(options.valuesFiles ?? [])];
  const config = readProfile(name, { dir: options.profilesDir ?? PROJECT_PROFILES_DIR, valuesFiles, cwd, variable: PROFILE_ENV });
  const placeholders = placeholderIssues(config);
  if (placeholders.length > 0) {
    throw new ConfigError(`profile "${name}"${valuesFiles.length > 0 ? ` with values ${valuesFiles.join(', ')}` : ''}`, placeholders);
  }
  return config;
}
