import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/*
 * Would git commit a file written at this path? Asked of git itself, about the real path (every
 * symlink resolved), in whichever work tree holds it: not only this project's. A tracked file
 * counts as committed even under an ignored directory, and when git cannot be asked inside a
 * work tree the answer is "yes".
 */

/** Where a write to `file` lands: its directory with every symlink resolved, even if part of it does not exist yet. */
export function realWriteTarget(file: string): string {
  const absolute = path.resolve(file);
  const missing: string[] = [path.basename(absolute)];
  let dir = path.dirname(absolute);
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...missing);
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return absolute;
      missing.unshift(path.basename(dir));
      dir = parent;
    }
  }
}

/** The nearest existing directory at or above `dir`. */
function existingAncestor(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** The nearest directory at or above `dir` holding a `.git` (directory or file), if any. */
function gitMarker(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

function git(args: string[], cwd: string, literalPathspecs = true) {
  // The path decides the repository, not variables inherited from a git hook or alias.
  const env = { ...process.env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR']) delete env[name];
  // Literal: a path holding "*" or starting with ":" is a file name, not a pattern.
  return spawnSync('git', [...(literalPathspecs ? ['--literal-pathspecs'] : []), ...args], { cwd, env, encoding: 'utf8' });
}

/**
 * Why git could commit a file written at `target` (a path from realWriteTarget), or undefined
 * when it could not: outside every work tree, or untracked and ignored.
 */
export function gitCommitRisk(target: string): string | undefined {
  const dir = existingAncestor(path.dirname(target));
  const top = git(['rev-parse', '--show-toplevel'], dir);
  if (top.error || top.status !== 0) {
    const marker = gitMarker(dir);
    if (!marker) return undefined;
    const why = top.error ? `git could not be run: ${(top.error as NodeJS.ErrnoException).code}` : (top.stderr.trim().split('\n')[0] ?? `exit ${top.status}`);
    return `it is inside the git work tree ${marker}, and git cannot say whether it would be committed (${why})`;
  }
  const root = fs.realpathSync(top.stdout.trim());
  const relative = path.relative(root, target);
  if (git(['ls-files', '--error-unmatch', '--', relative], root).status === 0) return `it is a file tracked by git in ${root}`;
  // Without --no-index, check-ignore answers "not ignored" (exit 1) for tracked paths too.
  // check-ignore takes path names, not pathspecs (and refuses the literal flag).
  const ignored = git(['check-ignore', '-q', '--', relative], root, false);
  if (ignored.status === 0) return undefined;
  if (ignored.status === 1) return `it is inside the git work tree ${root} and not ignored by git`;
  return `it is inside the git work tree ${root}, and git check-ignore failed (${ignored.stderr.trim().split('\n')[0] ?? `exit ${ignored.status}`})`;
}
