// @ts-check
'use strict';
/**
 * Cached bundles of the TypeScript that `npm run synth` runs: the command, main.ts and the lib/
 * code they import, in one CommonJS file each, packages left out (node loads them natively).
 * Built with esbuild on first use, then reused while every input file has the same content.
 * Node then runs them without a TypeScript hook, whose per-module cost (tsx resolves and checks
 * every module it loads, packages included) was larger than the rest of synth together.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** Where the bundles live: the project's scratch directory (ignored by git). */
const BUNDLES_DIR = path.join('.synth', 'bundles');
/** Bumped when the bundle's shape changes, so older bundles are not reused. */
const BUNDLE_FORMAT = 1;

/**
 * The path of a bundle of `entry` (absolute) that is up to date, building it when needed, under
 * `<root>/.synth/bundles/`. Rejects with esbuild's error (file, line and column) when the code
 * does not compile.
 * @param {string} entry
 * @param {string} root
 * @returns {Promise<string>}
 */
async function bundledModule(entry, root) {
  const esbuild = require('esbuild');
  const key = sha256(JSON.stringify([BUNDLE_FORMAT, entry, process.version, esbuild.version])).slice(0, 20);
  const dir = path.join(root, BUNDLES_DIR);
  const file = path.join(dir, `${key}.cjs`);
  const inputsFile = path.join(dir, `${key}.inputs.json`);
  if (upToDate(file, inputsFile)) return file;

  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: file, // not written (write: false); the source map's paths are relative to it
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [ownDirname],
  });
  const files = Object.keys(result.metafile.inputs).map((input) => path.resolve(input));
  const inputs = Object.fromEntries(files.map((input) => [input, hashOf(input)]));
  // Packages are found from where each file is, not from the bundle's directory (the code may
  // live in another project than the one synthesized): its node_modules directories come first.
  // On the first line (after "use strict", which must stay first), so the source map's lines stay right.
  const prelude = `module.paths.unshift(...${JSON.stringify(nodeModulesDirs(files))});`;
  const text = result.outputFiles[0].text;
  const strict = /^"use strict";/.exec(text)?.[0] ?? '';
  const code = strict + prelude + text.slice(strict.length);
  fs.mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so a concurrent run reads the old bundle or the new one, never half.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
  fs.writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
  fs.renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  return file;
}

/**
 * Each bundled file keeps its own `__dirname` and `__filename` (lib/ finds profiles/ and the
 * cdk8s CLI from them), not the bundle's.
 * @type {import('esbuild').Plugin}
 */
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const loader = /** @type {'ts' | 'js'} */ (/\.[cm]?ts$/.test(args.path) ? 'ts' : 'js');
      const prelude = `const __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)};`;
      // On the first line, so the source map's line numbers stay those of the file.
      return { contents: prelude + source, loader };
    });
  },
};

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
 * @param {string} file
 * @param {string} inputsFile
 */
function upToDate(file, inputsFile) {
  try {
    if (!fs.existsSync(file)) return false;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
    return Object.entries(inputs).every(([input, hash]) => hashOf(input) === hash);
  } catch {
    return false;
  }
}

/** @param {string} file */
const hashOf = (file) => sha256(fs.readFileSync(file));
/** @param {string | Buffer} data */
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

module.exports = { bundledModule, BUNDLES_DIR };
