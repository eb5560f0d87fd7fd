import * as fs from 'fs';
import * as path from 'path';
import { IgnoreRuleSet, ignoreVerdict } from './ignore-rules';

/** One entry of a build context, as it goes into the tar. */
export interface ContextEntry {
  /** Path relative to the context root, forward slashes. */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink';
  /** Permission bits (incl. setuid/setgid/sticky); part of the image and of the tag. */
  readonly mode: number;
  /** Bytes of a file's content; 0 otherwise. */
  readonly size: number;
}

/**
 * Root-level names the context tar reserves for itself (see ./context-tar.ts): the app's own
 * `.dockerignore` has been applied here already and is replaced, and the Dockerfile travels
 * under its own name.
 */
export const RESERVED_DOCKERFILE = '.todo-k8s.Dockerfile';
export const RESERVED_DOCKERIGNORE = '.dockerignore';

/**
 * `.env`, `.env.local`, `.envrc`, `.env~`...: files that hold secrets by convention. They never
 * enter an image, at any depth, whatever an ignore file says (or fails to say).
 */
export const SECRET_FILE_NAME = /^\.env/;

function entryType(stat: fs.Stats): ContextEntry['type'] | undefined {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'directory';
  if (stat.isSymbolicLink()) return 'symlink';
  return undefined; // sockets, fifos, devices: a tar of sources has no use for them
}

/**
 * Lists what the docker CLI would send: a depth-first walk in lexical order (Go's filepath.Walk),
 * without following symlinks, dropping what the ignore rules exclude, and every `.env*`.
 */
export async function scanContext(contextDir: string, rules: readonly IgnoreRuleSet[]): Promise<ContextEntry[]> {
  const entries: ContextEntry[] = [];

  async function walk(relDir: string): Promise<void> {
    const names = (await fs.promises.readdir(path.join(contextDir, relDir))).sort();
    for (const name of names) {
      const rel = relDir ? `${relDir}/${name}` : name;
      if (!relDir && (name === RESERVED_DOCKERIGNORE || name === RESERVED_DOCKERFILE)) continue;
      if (SECRET_FILE_NAME.test(name)) continue;
      const stat = await fs.promises.lstat(path.join(contextDir, rel));
      const type = entryType(stat);
      if (!type) continue;
      const verdict = ignoreVerdict(rules, rel, type === 'directory');
      if (verdict === 'exclude') continue;
      if (verdict === 'include') entries.push({ path: rel, type, mode: stat.mode & 0o7777, size: type === 'file' ? stat.size : 0 });
      if (type === 'directory') await walk(rel);
    }
  }

  await walk('');
  return entries;
}
