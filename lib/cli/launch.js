// @ts-check
'use strict';
/**
 * Starts a TypeScript command from plain JavaScript: `npm run synth` and `npm run chart` (bin/)
 * load it from a cached bundle (./bundle.js), so node runs without a TypeScript hook, which would
 * tax every module synth loads. A later command (`npm run deploy`) starts the same way and calls
 * synthInProcess() for its synth step.
 */
const path = require('path');
const { bundledModule } = require('../pipeline/bundle');

/**
 * Runs `exportName(args, ...extra)` of the TypeScript module `moduleFile` (absolute) and sets the
 * exit code it resolves with. A module that does not compile is reported with esbuild's messages.
 * @param {string} moduleFile
 * @param {string} exportName
 * @param {unknown[]} args
 */
function launch(moduleFile, exportName, args) {
  process.setSourceMapsEnabled(true);
  bundledModule(moduleFile, process.cwd())
    .then((bundle) => require(bundle)[exportName](...args))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err) => {
      const messages = err && Array.isArray(err.errors) ? err.errors.map((/** @type {any} */ e) => e.text).join('\n') : undefined;
      console.error(messages ? `${path.relative(process.cwd(), moduleFile)} does not compile:\n${messages}` : err);
      process.exitCode = 1;
    });
}

module.exports = { launch };
