import { placeholderIssues } from './placeholders';
import { DEFAULT_PROFILE, PROJECT_PROFILES_DIR, readProfile } from './profile-files';
import { TodoConfig } from './types';
import { ConfigError } from './validate';

/** Where the settings come from. */
export interface LoadConfigOptions {
  /**
   * The profile, the project's `profiles/<name>.yaml`.
   * @default 'local'
   */
  readonly profile?: string;
  /**
   * Values files layered over the profile, later ones winning (Helm's `-f`).
   * @default none
   */
  readonly valuesFiles?: readonly string[];
  /** Folder of the profiles. @default the project's `profiles/` */
  readonly profilesDir?: string;
  /**
   * Directory relative values-file paths resolve against, and messages name files from.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/**
 * The configuration to deploy: a profile, with values files over it, validated as one. Refuses
 * placeholder hosts and image repositories (the cloud profile's), saying what to set.
 */
export function loadConfig(options: LoadConfigOptions = {}): TodoConfig {
  const name = options.profile || DEFAULT_PROFILE;
  const valuesFiles = options.valuesFiles ?? [];
  const config = readProfile(name, { dir: options.profilesDir ?? PROJECT_PROFILES_DIR, valuesFiles, cwd: options.cwd ?? process.cwd(), variable: 'TODO_PROFILE' });
  const placeholders = placeholderIssues(config);
  if (placeholders.length > 0) {
    throw new ConfigError(`profile "${name}"${valuesFiles.length > 0 ? ` with values ${valuesFiles.join(', ')}` : ''}`, placeholders);
  }
  return config;
}
