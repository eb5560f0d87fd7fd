import * as fs from 'fs';
import * as path from 'path';
import { ExplainedError } from '../util/explained-error';

/** One file of a published output, by its path inside the output directory. */
export interface OutputFile {
  /** Path relative to the output directory, `/`-separated (e.g. `templates/todo.yaml`). */
  readonly path: string;
  readonly content: string;
}

/** Refusal or failure to publish; the message is one line naming the path. */
export class PublishError extends ExplainedError {
  constructor(
    message: string,
    /** Some files were already replaced when it failed: the output directory is not as it was. */
    readonly partial = false,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** Called between publish steps; tests use it to kill the process at exactly that moment. */
export type PublishHook = (step: string) => void;

/**
 * Publishes `files` into `targetDir` so that every reader, at every instant, sees a complete file
 * set, old or new, and a kill at any point leaves no partial file in it:
 * - each file is written and fsynced in `runDir` (same filesystem), then renamed over its
 *   target: rename(2) swaps the directory entry in one step, and a reader that already opened
 *   the old file keeps reading the old one to its end;
 * - when `targetDir` does not exist yet, the whole staged directory is renamed into place, so it
 *   never appears empty;
 * - `targetDir` must be a real directory holding nothing but these files: a foreign file would be
 *   read by `kubectl apply -f` / `helm install` alongside ours, and deleting it could not be
 *   atomic with the rename, so it is refused instead. `dist` is deliberately never a symlink:
 *   kubectl walks `-f <dir>` with filepath.Walk, which does not follow a symlinked root.
 * Files are renamed in the order given (callers put the index file, e.g. Chart.yaml, last).
 */
export function publishFiles(targetDir: string, runDir: string, files: readonly OutputFile[], hook: PublishHook = () => {}): void {
  assertOnlyOurFiles(targetDir, files);
  const staged = path.join(runDir, 'out');
  for (const file of files) writeDurably(path.join(staged, file.path), file.content);
  hook('staged');
  // One publisher at a time per output directory: two runs renaming file by file could
  // otherwise leave one run's Chart.yaml over the other's templates.
  withPublishLock(targetDir, path.dirname(runDir), () => {
    assertOnlyOurFiles(targetDir, files);
    let renamed = 0;
    try {
      if (!fs.existsSync(targetDir)) {
        fs.renameSync(staged, targetDir);
        fsyncDir(path.dirname(path.resolve(targetDir)));
        hook('published');
        return;
      }
      for (const file of files) {
        const target = path.join(targetDir, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.renameSync(path.join(staged, file.path), target);
        renamed++;
        hook(`renamed:${file.path}`);
      }
      fsyncDir(targetDir);
    } catch (err) {
      throw publishFailure(err, targetDir, files, renamed);
    }
    hook('published');
  });
}

/** A failed rename or fsync as one line: what failed on which path, and what the output now holds. */
function publishFailure(err: unknown, targetDir: string, files: readonly OutputFile[], renamed: number): Error {
  const e = err as NodeJS.ErrnoException;
  if (!e?.code) return err as Error;
  const shown = shownDir(targetDir);
  const where = e.path ? ` on ${path.relative(process.cwd(), e.path) || e.path}` : '';
  const [done, left] = [files.slice(0, renamed).map((f) => f.path), files.slice(renamed).map((f) => f.path)];
  const state = renamed === 0
    ? ''
    : left.length > 0
      ? `; ${shown} now holds the new ${done.join(', ')} and the previous ${left.join(', ')}: fix the cause and run again`
      : `; the new files are in ${shown} but may not be on disk yet: fix the cause and run again`;
  return new PublishError(`could not publish into ${shown}: ${e.code}${where}${state}.`, renamed > 0);
}

const shownDir = (dir: string) => `${path.relative(process.cwd(), dir) || dir}/`;

/** How long a run waits for another one publishing into the same directory. */
const LOCK_WAIT_MS = 60_000;

/**
 * Runs `publish` holding a lock file for `targetDir` in `locksDir` (created exclusively, holding
 * the pid). A lock whose process is gone (a killed run) is taken over.
 */
function withPublishLock(targetDir: string, locksDir: string, publish: () => void): void {
  const name = path.resolve(targetDir).replace(/[^A-Za-z0-9._-]/g, '_').slice(-100);
  const lock = path.join(locksDir, `publish-${name}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = lockHolder(lock);
    if (holder === 'gone') {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new PublishError(`another run (pid ${holder}) has been publishing into ${shownDir(targetDir)} for ${LOCK_WAIT_MS / 1000} s; wait for it to finish or stop it, then run again.`);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
  }
  try {
    publish();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The pid holding a lock, or `gone` when that process no longer exists (or the lock was left empty long ago). */
function lockHolder(lock: string): number | 'gone' | 'unknown' {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(lock, 'utf8');
    age = Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 'unknown'; // released meanwhile: try again
  }
  const pid = Number(text.trim());
  // Written in one call right after the exclusive create: empty only for a moment, unless its writer died there.
  if (!Number.isInteger(pid) || pid <= 0) return age > 5_000 ? 'gone' : 'unknown';
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : 'gone';
  }
}

function assertOnlyOurFiles(targetDir: string, files: readonly OutputFile[]): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(targetDir);
  } catch {
    return;
  }
  const shown = shownDir(targetDir);
  if (!stat.isDirectory()) {
    throw new PublishError(
      `${shown} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a directory'}; it must be a plain directory ` +
        `(kubectl apply -f does not follow a symlinked directory). Remove it and run again.`,
    );
  }
  const ours = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i <= parts.length; i++) ours.add(parts.slice(0, i).join('/'));
  }
  // What a rename would trip over halfway: a directory where a file goes (EISDIR), a file where
  // a directory goes (EEXIST), a symlink (renames into it would land elsewhere).
  const filePaths = new Set(files.map((f) => f.path));
  for (const entry of [...ours].sort()) {
    const at = fs.lstatSync(path.join(targetDir, entry), { throwIfNoEntry: false });
    if (!at) continue;
    const wanted = filePaths.has(entry) ? 'file' : 'directory';
    const ok = wanted === 'file' ? at.isFile() : at.isDirectory() && !at.isSymbolicLink();
    if (!ok) {
      throw new PublishError(
        `${shown}${entry} is ${at.isSymbolicLink() ? 'a symbolic link' : at.isDirectory() ? 'a directory' : at.isFile() ? 'a file' : 'not a regular file'}, ` +
          `where this project writes a ${wanted}; remove it and run again (nothing was replaced).`,
      );
    }
  }
  const foreign = listTree(targetDir).filter((entry) => !ours.has(entry));
  if (foreign.length > 0) {
    throw new PublishError(
      `${shown} holds ${foreign.map((f) => shown + f).join(', ')}, which this project did not write; ` +
        `they would be applied together with the new output. Move them out of ${shown} and run again ` +
        `(${shown} holds only ${files.map((f) => f.path).join(', ')}).`,
    );
  }
}

/** Every entry under dir, as `/`-separated relative paths (directories included). */
function listTree(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix + entry.name;
    return entry.isDirectory() ? [rel, ...listTree(path.join(dir, entry.name), `${rel}/`)] : [rel];
  });
}

function writeDurably(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w', 0o644);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the renames themselves durable (a crash after publish does not bring the old entry back). */
function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
