import * as path from 'path';
import { appRun } from './app-command';
import { onPublished } from './published';
import type { SynthesisResult } from './synthesize-app';

/** The app ran to its end without publishing (it never called synthesizeApp, or only app.synth()). */
export class NotPublishedError extends Error {
  constructor(readonly file: string) {
    super(`${path.basename(file)} did not call synthesizeApp(app, settings), so nothing was published`);
    this.name = 'NotPublishedError';
  }
}

/** Which app to run in this process. */
export interface SynthInProcessOptions {
  /**
   * Project root: its cdk8s.yaml names the app; the app runs with this as its working directory's
   * project (synthesizeApp publishes under process.cwd() unless the app says otherwise).
   * @default process.cwd()
   */
  readonly root?: string;
  /**
   * The app file to run.
   * @default the file of cdk8s.yaml's `app` (`node --require tsx/cjs main.ts` gives main.ts)
   */
  readonly appFile?: string;
}

/**
 * The fast path of `npm run synth` / `npm run chart`, for any command that needs the manifests
 * (a deploy, say): runs the app (main.ts) in this process, where its loadSettings and
 * synthesizeApp run the whole pipeline (settings, validations, synth-time checks, atomic publish)
 * as under `cdk8s synth`, without the CLI or a second node process. Resolves with what
 * synthesizeApp published; rejects with NotPublishedError if the app finished without calling
 * it, or with what the app threw while loading. The app's settings come from process.env
 * (TODO_PROFILE, TODO_VALUES, TODO_SYNTH_FORMAT...), as under the CLI. As there, the app's own
 * failures (bad settings, a failed check) print their reason and end the process with exit 1,
 * unless the app passes `exitOnError: false`.
 * Throws if cdk8s.yaml's app is not a node file this process can load (use the CLI then).
 */
export function synthInProcess(options: SynthInProcessOptions = {}): Promise<SynthesisResult> {
  const root = path.resolve(options.root ?? process.cwd());
  let file = options.appFile && path.resolve(root, options.appFile);
  if (!file) {
    const run = appRun(root);
    if (run.kind !== 'in-process') throw new Error(`${path.join(root, 'cdk8s.yaml')}: its app is not \`node [--require tsx/cjs] <file>\`; run it with \`cdk8s synth\``);
    file = run.file;
  }
  registerTypeScript();
  const appFile = file;
  return new Promise<SynthesisResult>((resolve, reject) => {
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      stopListening();
      process.off('beforeExit', notPublished);
      done();
    };
    const stopListening = onPublished((result) => settle(() => resolve(result)));
    // Nothing left to run and still nothing published (an async app is given until then).
    const notPublished = () => settle(() => reject(new NotPublishedError(appFile)));
    process.on('beforeExit', notPublished);
    try {
      delete require.cache[appFile]; // a second run in the same process runs the app again
      require(appFile);
    } catch (err) {
      settle(() => reject(err));
    }
  });
}

/** tsx's CommonJS hook, unless this process already has it (`node --require tsx/cjs`). */
function registerTypeScript(): void {
  if (!require.extensions['.ts']) require('tsx/cjs/api').register();
}
