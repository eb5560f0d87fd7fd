// @ts-check
'use strict';
/**
 * What bin/todo-k8s.js runs: lib/cli/main.ts and the project's main.ts from one cached bundle
 * (./bundle.js), so node starts without a TypeScript hook. When main.ts does not compile or
 * throws while loading, the CLI still runs (`--help`, `check-app`) and the commands that need
 * the app report why, naming the file and line.
 */
const fs = require('fs');
const path = require('path');
const { bundledModule } = require('./bundle');

const CLI = path.join(__dirname, 'main.ts');

/**
 * Runs `runCli(argv)` and sets the exit code it resolves with.
 * @param {string[]} argv the command name and its arguments
 */
async function launch(argv) {
  process.setSourceMapsEnabled(true);
  const root = process.cwd();
  const appFile = path.join(root, 'main.ts');
  const shownApp = path.relative(root, appFile);
  let loaded;
  /** @type {{ file: string, exports?: any, error?: Error }} */
  let app = { file: shownApp, error: new Error('unreachable') };
  try {
    if (!fs.existsSync(appFile)) throw appError(`${shownApp} does not exist: the project's app is main.ts in the directory npm runs from (${root})`);
    loaded = require(await bundledModule({ cli: CLI, app: appFile }, root));
    app = { file: shownApp, exports: loaded.app };
  } catch (err) {
    app = { file: shownApp, error: asAppError(err, shownApp) };
    loaded = require(await bundledModule({ cli: CLI }, root));
  }
  process.exitCode = await loaded.cli.runCli(argv, app);
}

/**
 * esbuild's compile errors (file:line:column: text), or what main.ts threw while loading, as the
 * CLI's AppLoadError (an explained error: printed without a stack when it names the place).
 * @param {any} err
 * @param {string} file
 */
function asAppError(err, file) {
  if (err && err.name === 'AppLoadError') return err;
  if (err && Array.isArray(err.errors) && err.errors.length > 0) {
    const lines = err.errors.map((/** @type {any} */ e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text));
    return appError(`${file} does not compile:\n${lines.join('\n')}`);
  }
  const wrapped = appError(`${file} failed while loading (before any command ran): ${err && err.stack ? err.stack : String(err)}`);
  return wrapped;
}

/** @param {string} message */
function appError(message) {
  const err = new Error(message);
  err.name = 'AppLoadError';
  return err;
}

module.exports = { launch };
