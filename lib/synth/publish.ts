import * as fs from 'fs';
import * as path from 'path';

/** One file of a published output, by its path inside the output directory. */
export interface OutputFile {
  /** Path relative to the output directory, `/`-separated (e.g. `templates/todo.yaml`). */
  readonly path: string;
  readonly content: string;
}

/** Refusal to publish: the output directory holds something this run did not write. */
export class PublishError extends Error {
  constructor(message: string) {
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

  if (!fs.existsSync(targetDir)) {
    try {
      fs.renameSync(staged, targetDir);
      fsyncDir(path.dirname(path.resolve(targetDir)));
      hook('published');
      return;
    } catch (err) {
      // Another synth created it meanwhile: fall through and replace file by file.
      if (!['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
      assertOnlyOurFiles(targetDir, files);
    }
  }
  for (const file of files) {
    const target = path.join(targetDir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(path.join(staged, file.path), target);
    hook(`renamed:${file.path}`);
  }
  fsyncDir(targetDir);
  hook('published');
}

function assertOnlyOurFiles(targetDir: string, files: readonly OutputFile[]): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(targetDir);
  } catch {
    return;
  }
  const shown = `${path.relative(process.cwd(), targetDir) || targetDir}/`;
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
