/**
 * Runs code as an unprivileged user (`nobody`, when the tests run as root, as CI does) without
 * that user reading the checkout, which may sit under a private (0700) directory: the module is
 * bundled with its packages into one file in a directory the caller made readable.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const asRoot = process.getuid?.() === 0;

/** esbuild comes with tsx (a dependency); without it, why the tests that need it are skipped. */
export const bundlerMissing: string | undefined = (() => {
  try {
    require.resolve('esbuild');
    return undefined;
  } catch {
    return 'esbuild (installed with tsx) not found: run npm ci';
  }
})();

/**
 * Bundles `entry` (TypeScript, with every package it imports) into `<dir>/<name>.cjs`, readable by
 * anyone. Native addons stay out: nothing the bundled code runs needs them (ssh2 falls back to JS).
 */
export function bundleForUnprivileged(entry: string, dir: string, name = path.basename(entry, '.ts')): string {
  const outfile = path.join(dir, `${name}.cjs`);
  require('esbuild').buildSync({
    entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['*.node', 'cpu-features'], logLevel: 'error',
  });
  fs.chmodSync(outfile, 0o644);
  return outfile;
}

/** `node -e script args...` as `nobody` when root (else as this user), from `cwd`, which that user must be able to enter. */
export function runAsUnprivileged(script: string, args: string[], cwd: string) {
  return spawnSync(process.execPath, ['-e', script, ...args], {
    cwd,
    encoding: 'utf8',
    ...(asRoot ? { uid: 65534, gid: 65534, env: { PATH: process.env.PATH, HOME: os.tmpdir() } } : {}),
  });
}
