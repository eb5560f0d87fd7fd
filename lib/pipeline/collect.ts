import * as path from 'path';
import { TodoConfig } from '../model/settings/types';

/** What one run of an app's main file synthesized, when collected instead of published. */
export interface CollectedSynthesis {
  /** The settings main.ts gave synthesizeApp. */
  readonly settings: TodoConfig;
  /** Every synthesized object, after the constructs' validations and the synth-time checks. */
  readonly manifests: any[];
}

interface Collector {
  /** Printed after the reason when main.ts fails (instead of what happened to dist/). */
  readonly outcome: string;
  result?: CollectedSynthesis;
}

// On globalThis: main.ts may reach lib/synth through another module instance than the caller's.
const KEY = Symbol.for('todo-k8s.synth.collector');
const registry = globalThis as unknown as { [KEY]?: Collector };

/** The active collector, if a command is running main.ts to read its objects rather than publish. */
export function activeCollector(): Collector | undefined {
  return registry[KEY];
}

/**
 * Runs the app's main file (`main.ts`, as `npm run synth` would, with the same settings, checks and
 * the user's additions) in this process, and returns what it synthesized without publishing
 * anything: dist/ is not touched. For commands that act on the manifests (`npm run secret`).
 * The environment is the process's (TODO_PROFILE, TODO_VALUES): set it before calling. When
 * main.ts fails, the reason is printed, then `outcome`, and the process exits 1, as synth does.
 */
export function synthesizeWithoutPublishing(mainFile: string, outcome: string): CollectedSynthesis {
  const file = path.resolve(mainFile);
  const collector: Collector = { outcome };
  registry[KEY] = collector;
  try {
    require(file);
  } finally {
    delete registry[KEY];
  }
  if (!collector.result) {
    throw new Error(`${path.relative(process.cwd(), file) || file} did not call synthesizeApp(app, settings): there is nothing to read the manifests from`);
  }
  return collector.result;
}
