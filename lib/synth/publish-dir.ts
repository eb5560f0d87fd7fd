import * as fs from 'fs';

/**
 * Replaces directory `target` with a copy of `source`, so that `target` is either the old
 * complete output or the new complete output: the copy is made beside it and swapped in by
 * rename, and the old one is put back if the swap fails.
 */
export function publishDirectory(source: string, target: string): void {
  const staged = `${target}.tmp-${process.pid}`;
  const previous = `${target}.old-${process.pid}`;
  fs.rmSync(staged, { recursive: true, force: true });
  fs.cpSync(source, staged, { recursive: true });
  const hadTarget = fs.existsSync(target);
  if (hadTarget) fs.renameSync(target, previous);
  try {
    fs.renameSync(staged, target);
  } catch (err) {
    if (hadTarget) fs.renameSync(previous, target);
    fs.rmSync(staged, { recursive: true, force: true });
    throw err;
  }
  fs.rmSync(previous, { recursive: true, force: true });
}
