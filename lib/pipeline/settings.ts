import { loadConfig } from '../model/settings/load';
import { TodoConfig } from '../model/settings/types';
import { applyImagesLock } from '../images/apply-lock';
import { IMAGES_REGISTRY_ENV, loadImagesLock } from '../images/lock';
import { activeCollector } from './collect';
import { noLockWarning } from './no-lock-warning';
import { exitWithFailure } from './report';

/** Where to read the settings from. */
export interface LoadSettingsOptions {
  /**
   * Environment: `TODO_PROFILE` names the profile, `TODO_VALUES` values files (comma-separated),
   * `TODO_IMAGES_LOCK` the images lock, `TODO_IMAGES_REGISTRY` the registry whose pushed digests it pins.
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
   * for tests and programs that handle errors themselves). When true, an explained error thrown
   * later anywhere in main.ts (a construct's PropsError, a ConfigError...) and not caught is also
   * printed as its message only, plus what happened to dist/, with exit 1 (see
   * exitOnExplainedErrors); any other error, a bug in the app's code, keeps its stack.
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
  if (options.exitOnError !== false) exitOnExplainedErrors(env);
  try {
    // TODO_PROFILE, then the files of TODO_VALUES, then options.valuesFiles (later ones win).
    const config = loadConfig({ env, valuesFiles: options.valuesFiles, cwd: options.root });
    // A lock TODO_IMAGES_LOCK names must exist; the default one may not (a fresh clone, CI).
    const { file, lock } = loadImagesLock(options.root ?? process.cwd(), env, config.instance);
    // Not while a command only reads the manifests' keys (npm run secret): no image runs then.
    const warning = lock || activeCollector() ? undefined : noLockWarning(config, file);
    if (warning) console.error(warning);
    return applyImagesLock(config, lock, file, { registry: env[IMAGES_REGISTRY_ENV] || undefined });
  } catch (err) {
    if (options.exitOnError === false) throw err;
    return exitWithFailure(err, failureOutcome(env));
  }
}

const failureOutcome = (env: NodeJS.ProcessEnv) => activeCollector()?.outcome ?? `Synth failed; ${env.TODO_SYNTH_FORMAT === 'helm' ? 'dist-chart/' : 'dist/'} was left as it was.`;

let handlerInstalled = false;

/**
 * Installs (once) a process-level handler for uncaught errors: an explained error (its message
 * names the construct, field or file) prints only that message and the outcome, exit 1, instead
 * of Node's code frame and stack; any other error prints its stack, exit 1. main.ts builds the
 * chart after loadSettings, so a bad prop thrown there reads like every other synth error.
 */
export function exitOnExplainedErrors(env: NodeJS.ProcessEnv = process.env): void {
  if (handlerInstalled) return;
  handlerInstalled = true;
  // exitWithFailure prints the message of an explained error, and the whole error (stack) otherwise.
  process.on('uncaughtException', (err) => exitWithFailure(err, failureOutcome(env)));
}
