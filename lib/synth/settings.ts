import { loadConfig } from '../config/load';
import { TodoConfig } from '../config/types';
import { applyImagesLock } from '../images/apply-lock';
import { loadImagesLock } from '../images/lock';
import { exitWithFailure } from './report';

/** Where to read the settings from. */
export interface LoadSettingsOptions {
  /**
   * Environment: `TODO_PROFILE` names the profile, `TODO_VALUES` values files (comma-separated),
   * `TODO_IMAGES_LOCK` the images lock.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Values files layered over the profile, later ones winning (passed on as `TODO_VALUES`).
   * @default the files named by env `TODO_VALUES`, if any
   */
  readonly valuesFiles?: readonly string[];
  /**
   * Project root: the images lock (`images.lock.json`) is read from here, where `npm run images`
   * writes it.
   * @default process.cwd()
   */
  readonly root?: string;
  /**
   * On invalid settings or lock: print the reason and exit 1 (true, for main.ts), or throw (false,
   * for tests and programs that handle errors themselves).
   * @default true
   */
  readonly exitOnError?: boolean;
}

/**
 * The validated settings for this synth: the selected profile (plus values files), checked field
 * by field, with images pinned to what `npm run images` built (images.lock.json).
 */
export function loadSettings(options: LoadSettingsOptions = {}): TodoConfig {
  const env = options.env ?? process.env;
  try {
    // TODO_PROFILE, then the files of TODO_VALUES, then options.valuesFiles (later ones win).
    const config = loadConfig({ env, valuesFiles: options.valuesFiles, cwd: options.root });
    // A lock TODO_IMAGES_LOCK names must exist; the default one may not (a fresh clone, CI).
    const { file, lock } = loadImagesLock(options.root ?? process.cwd(), env);
    return applyImagesLock(config, lock, file);
  } catch (err) {
    if (options.exitOnError === false) throw err;
    return exitWithFailure(err, `Synth failed; ${env.TODO_SYNTH_FORMAT === 'helm' ? 'dist-chart/' : 'dist/'} was left as it was.`);
  }
}
