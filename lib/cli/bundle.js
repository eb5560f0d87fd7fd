// @ts-check
'use strict';
/**
 * Cached bundles of the TypeScript every command runs: lib/cli and the project's main.ts with
 * the lib/ code they import, in one CommonJS file (so one copy of each class), packages left out
 * (node loads them natively). Built with esbuild on first use, then reused while every file in
 * it has the content it was built from. Node then runs it without a TypeScript hook, whose
 * per-module cost was larger than the rest of synth together.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** Where the bundles live: the project's scratch directory (ignored by git). */
const BUNDLES_DIR = path.join('.synth', 'bundles');
/** Bumped when the bundle's shape changes, so older bundles are not reused. */
const BUNDLE_FORMAT = 3;
/** Opens the comment on the bundle's first line that holds its inputs' hashes. */
const INPUTS_OPEN = '/*todo-k8s-inputs:';

/**
 * The path of an up-to-date bundle whose module exports `exports[name]` = the module `entries[name]`
 * (absolute paths), built when needed under `<root>/.synth/bundles/`. Rejects with esbuild's
 * error (file, line and column) when the code does not compile.
 * @param {Record<string, string>} entries
 * @param {string} root
 * @returns {Promise<string>}
 */
async function bundledModule(entries, root) {
  const esbuild = require('esbuild');
  const key = sha256(JSON.stringify([BUNDLE_FORMAT, entries, process.version, esbuild.version])).slice(0, 20);
  const dir = path.join(root, BUNDLES_DIR);
  const file = path.join(dir, `${key}.cjs`);
  if (upToDate(file)) return file;

  /** @type {Record<string, string>} What each input held when esbuild read it, by absolute path. */
  const inputs = {};
  const contents = Object.entries(entries).map(([name, entry]) => `export * as ${name} from ${JSON.stringify(entry)};`).join('\n');
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: '<todo-k8s entry>', loader: 'ts' },
    outfile: file, // not written (write: false); the source map's paths are relative to it
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    write: false,
    logLevel: 'silent',
    plugins: [readOnce(inputs)],
  });
  // Packages are found from where each file is, not from the bundle's directory (the code may
  // live in another project than the one synthesized): its node_modules directories come first.
  // On the first line (after "use strict", which must stay first), so the source map's lines stay right.
  // The hashes of its inputs travel inside the bundle, on that same line: one file renamed into
  // place, so two runs building at once never leave one run's code with the other's hashes.
  const prelude = `module.paths.unshift(...${JSON.stringify(nodeModulesDirs(Object.keys(inputs)))});${INPUTS_OPEN}${JSON.stringify(inputs).replace(/\*\//g, '*\\u002f')}*/`;
  const text = result.outputFiles[0].text;
  const strict = /^"use strict";/.exec(text)?.[0] ?? '';
  const code = strict + prelude + text.slice(strict.length);
  fs.mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so a concurrent run reads the old bundle or the new one, never half.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
  return file;
}

/**
 * Reads every source file itself and records the hash of exactly what it handed to esbuild, so
 * a file saved while the bundle builds is found changed next time (hashing after the build
 * would store the new hash with the old code). Each file keeps its own `__dirname` and
 * `__filename` (lib/ finds profiles/ from them), not the bundle's.
 * @param {Record<string, string>} inputs
 * @returns {import('esbuild').Plugin}
 */
function readOnce(inputs) {
  return {
    name: 'read-once',
    setup(build) {
      build.onLoad({ filter: /\.([cm]?[jt]s|json)$/ }, (args) => {
        const data = fs.readFileSync(args.path);
        inputs[args.path] = sha256(data);
        const source = data.toString('utf8');
        const loader = /** @type {'ts' | 'js' | 'json'} */ (/\.json$/.test(args.path) ? 'json' : /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js');
        if (loader === 'json' || !/\b__(dirname|filename)\b/.test(source)) return { contents: source, loader };
        const prelude = `const __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)};`;
        // On the first line, so the source map's line numbers stay those of the file.
        return { contents: prelude + source, loader };
      });
    },
  };
}

/**
 * The existing `node_modules` directories node would search from each file, nearest first.
 * @param {string[]} files
 */
function nodeModulesDirs(files) {
  /** @type {Set<string>} */
  const dirs = new Set();
  for (const file of files) {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules');
      if (path.basename(dir) !== 'node_modules' && fs.existsSync(candidate)) dirs.add(candidate);
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...dirs];
}

/**
 * Whether the bundle exists and every input it records still has the content it was built from.
 * @param {string} file
 */
function upToDate(file) {
  try {
    if (!fs.existsSync(file)) return false;
    const text = fs.readFileSync(file, 'utf8');
    const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
    const start = firstLine.indexOf(INPUTS_OPEN);
    if (start < 0) return false;
    const inputs = JSON.parse(firstLine.slice(start + INPUTS_OPEN.length, firstLine.indexOf('*/', start)));
    return Object.entries(inputs).every(([input, hash]) => sha256(fs.readFileSync(input)) === hash);
  } catch {
    return false;
  }
}

/** @param {string | Buffer} data */
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

module.exports = { bundledModule, BUNDLES_DIR };
