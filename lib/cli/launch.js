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
  /** @type {{ file: string, exports?: any, problem?: string }} */
  let app = { file: shownApp, problem: 'unreachable' };
  try {
    if (!fs.existsSync(appFile)) throw new LoadProblem(`${shownApp} does not exist: the project's app is main.ts in the directory npm runs from (${root})`);
    loaded = require(await bundledModule({ cli: CLI, app: appFile }, root));
    app = { file: shownApp, exports: loaded.app };
  } catch (err) {
    app = { file: shownApp, problem: loadProblem(err, shownApp) };
    loaded = require(await bundledModule({ cli: CLI }, root));
  }
  process.exitCode = await loaded.cli.runCli(argv, app);
}

/** A problem this launcher explains itself (main.ts missing). */
class LoadProblem extends Error {}

/**
 * Why main.ts could not be loaded, as the message the CLI's AppLoadError carries (an explained
 * error, printed without a stack): esbuild's compile errors (file:line:column: text), or what
 * main.ts threw while loading.
 * @param {any} err
 * @param {string} file
 * @returns {string}
 */
function loadProblem(err, file) {
  if (err instanceof LoadProblem) return err.message;
  if (err && Array.isArray(err.errors) && err.errors.length > 0) {
    const lines = err.errors.map((/** @type {any} */ e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text));
    return `${file} does not compile:\n${lines.join('\n')}`;
  }
  return `${file} failed while loading (before any command ran): ${err && err.stack ? err.stack : String(err)}`;
}

module.exports = { launch };
