import * as fs from 'fs';
import * as path from 'path';

/**
 * Where runs stage their output: under the project root, so that publishing is a rename on one
 * filesystem, and outside the cdk8s CLI's own output directory (.synth/cli), which the CLI
 * deletes at the start of every plain `cdk8s synth`.
 */
export const RUNS_DIR = path.join('.synth', 'runs');

/**
 * A directory only this run writes to (`.synth/runs/<pid>-<random>`), so concurrent synths never
 * share one. The pid in the name lets a later run tell a killed run's leftovers from a live one's.
 */
export function createRunDir(root: string): string {
  const runs = path.join(root, RUNS_DIR);
  fs.mkdirSync(runs, { recursive: true });
  return fs.mkdtempSync(path.join(runs, `${process.pid}-`));
}

/** True while a process with this pid exists (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what killed runs left behind: their run directories, and the `dist.tmp-<pid>` /
 * `dist.old-<pid>` directories of the earlier publish scheme. Entries of live processes stay.
 */
export function removeLeftovers(root: string): void {
  const runs = path.join(root, RUNS_DIR);
  for (const entry of safeReaddir(runs)) {
    const pid = Number(/^(\d+)-/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(runs, entry), { recursive: true, force: true });
  }
  for (const entry of safeReaddir(root)) {
    const legacy = /^dist\.(?:tmp|old)-(\d+)$/.exec(entry);
    if (legacy && !isAlive(Number(legacy[1]))) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
