import * as path from 'path';
import { appRun } from './app-command';
import { bundledModule } from './bundle';
import { onPublished } from './published';
import type { SynthesisResult } from './synthesize-app';

/** The app ran to its end without publishing (it never called synthesizeApp, or only app.synth()). */
export class NotPublishedError extends Error {
  constructor(readonly file: string) {
    super(`${path.basename(file)} did not call synthesizeApp(app, settings), so nothing was published`);
    this.name = 'NotPublishedError';
  }
}

/** The app does not compile (esbuild's messages name the file, line and column). */
export class AppCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppCompileError';
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
 * as under `cdk8s synth`, without the CLI or a second node process, from a cached bundle of the
 * app and the lib/ code it imports (lib/synth/bundle.js; packages load natively). Resolves with what
 * synthesizeApp published; rejects with NotPublishedError if the app finished without calling
 * it, or with what the app threw while loading. The app's settings come from process.env
 * (TODO_PROFILE, TODO_VALUES, TODO_SYNTH_FORMAT...), as under the CLI. As there, the app's own
 * failures (bad settings, a failed check) print their reason and end the process with exit 1,
 * unless the app passes `exitOnError: false`.
 * Throws if cdk8s.yaml's app is not a node file this process can load (use the CLI then).
 * Fastest from a process started without a TypeScript hook (as `npm run synth` is: bin/synth.js);
 * under tsx it works the same, with tsx's cost on every module.
 */
export async function synthInProcess(options: SynthInProcessOptions = {}): Promise<SynthesisResult> {
  const root = path.resolve(options.root ?? process.cwd());
  let file = options.appFile && path.resolve(root, options.appFile);
  if (!file) {
    const run = appRun(root);
    if (run.kind !== 'in-process') throw new Error(`${path.join(root, 'cdk8s.yaml')}: its app is not \`node [--require tsx/cjs] <file>\`; run it with \`cdk8s synth\``);
    file = run.file;
  }
  const appFile = file;
  const loaded = await loadableApp(appFile, root);
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
      delete require.cache[loaded]; // a second run in the same process runs the app again
      require(loaded);
    } catch (err) {
      settle(() => reject(err));
    }
  });
}

/** The file to require: the app's bundle, or the app itself through tsx when esbuild is not installed. */
async function loadableApp(appFile: string, root: string): Promise<string> {
  try {
    const bundle = await bundledModule(appFile, root);
    // Stack traces name the app's own files and lines (the bundle carries a source map).
    process.setSourceMapsEnabled(true);
    return bundle;
  } catch (err) {
    const failure = err as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[]; code?: string };
    if (failure.errors?.length) {
      throw new AppCompileError(failure.errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n'));
    }
    if (failure.code !== 'MODULE_NOT_FOUND') throw err;
    if (!require.extensions['.ts']) require('tsx/cjs/api').register();
    return appFile;
  }
}
