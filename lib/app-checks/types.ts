import { AppCheckId } from '../model/settings/app-check-ids';
import { TodoConfig } from '../model/settings/types';
import { AppSources } from './sources';
import type { AppShape } from './shape-detect';

/** `error` stops `npm run images` (unless allowed); `warning` works but surprises, and is only reported. */
export type AppCheckSeverity = 'error' | 'warning';

/** One thing found in the app's sources. */
export interface AppFinding {
  /** Id of the check, the name `appChecks.allow` and `--allow-app-check` take. */
  readonly check: string;
  readonly severity: AppCheckSeverity;
  /** The file it is about, absolute, with `:line` when one line is meant. */
  readonly file: string;
  /** What is wrong. */
  readonly problem: string;
  /** Why it fails (or surprises) in the cluster. */
  readonly why: string;
  /** How to fix it. */
  readonly fix: string;
}

/** What a check reads: the configuration synth and the build use, and the app's sources. */
export interface AppCheckContext {
  readonly config: TodoConfig;
  readonly sources: AppSources;
  /** What the sources are (manifests, package manager, ASGI app...), detected once for every check. */
  readonly shape: AppShape;
}

/** One check of the app's sources against what the cluster will do with them. */
export interface AppCheck {
  /** One of APP_CHECK_IDS (the settings' `appChecks.allow` accepts exactly those). */
  readonly id: AppCheckId;
  readonly severity: AppCheckSeverity;
  /** One line: what the check catches (`npm run check-app -- --list`). */
  readonly summary: string;
  run(context: AppCheckContext): AppFinding[];
}
