import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

/** How `npm run synth` runs the app cdk8s.yaml names. */
export type AppRun =
  /** A file node can load in this process (tsx's CommonJS hook for TypeScript): no CLI, no second process. */
  | { readonly kind: 'in-process'; readonly file: string }
  /** Anything else goes through the cdk8s CLI, exactly as plain `cdk8s synth` runs it. */
  | { readonly kind: 'cli' };

/** cdk8s.yaml keys the in-process run honours; any other (validations, plugins) needs the CLI. */
const IN_PROCESS_KEYS = new Set(['language', 'app', 'output', 'imports']);
/** Files CommonJS `require` loads (ESM-only .mts / .mjs need the CLI). */
const LOADABLE = /\.(ts|cts|js|cjs)$/;
/** Anything a shell would interpret: such a command is left to the CLI's shell. */
const SHELL_SYNTAX = /["'`$\\;&|<>(){}[\]*?~#!]/;

/**
 * Reads `<root>/cdk8s.yaml` (the CLI's config, so the app stays named in one place) and says
 * whether its `app` is `node [--require|-r|--import <tsx>]... <file>`, which this process (already
 * running tsx's hook) can run itself, or needs the CLI.
 */
export function appRun(root: string): AppRun {
  let config: unknown;
  try {
    config = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
  } catch {
    return { kind: 'cli' }; // missing or unreadable: the CLI says so in its own words
  }
  if (!isRecord(config) || typeof config.app !== 'string' || !Object.keys(config).every((k) => IN_PROCESS_KEYS.has(k))) return { kind: 'cli' };
  const file = nodeAppFile(config.app, root);
  return file ? { kind: 'in-process', file } : { kind: 'cli' };
}

/** The file of `node [tsx preloads] <file>`, resolved from root; undefined for any other command. */
export function nodeAppFile(command: string, root: string): string | undefined {
  if (SHELL_SYNTAX.test(command)) return undefined;
  const words = command.trim().split(/\s+/);
  if (words.shift() !== 'node') return undefined;
  while (words.length > 1) {
    const word = words.shift()!;
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (!['--require', '-r', '--import'].includes(flag)) return undefined;
    const preload = eq > 0 ? word.slice(eq + 1) : words.shift();
    if (preload === undefined || !isTsx(preload, root)) return undefined;
  }
  const file = words[0];
  if (words.length !== 1 || file.startsWith('-') || !LOADABLE.test(file)) return undefined;
  return path.resolve(root, file);
}

const TSX_DIR = path.dirname(require.resolve('tsx/package.json'));

/** Whether a preload is tsx itself (`tsx`, `tsx/cjs`, or a path into this project's tsx). */
function isTsx(preload: string, root: string): boolean {
  try {
    const resolved = require.resolve(preload, { paths: [root] });
    return resolved.startsWith(TSX_DIR + path.sep);
  } catch {
    return false;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
