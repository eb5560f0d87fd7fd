import * as fs from 'fs';
import * as path from 'path';
import dockerignore, { Ignore } from '@balena/dockerignore';

/**
 * The rules that keep files out of a build context, chosen as the docker CLI (BuildKit) chooses
 * them: the ignore file next to the Dockerfile (`<name>.Dockerfile.dockerignore`, this project's)
 * when it exists, otherwise the source directory's own `.dockerignore`. Patterns are matched with
 * Docker's exact semantics (@balena/dockerignore).
 */
export interface IgnoreRuleSet {
  /** The file the rules came from, for messages. */
  readonly file: string;
  readonly matcher: Ignore;
  /** `!` patterns, cleaned as Docker cleans them: an ignored directory is still walked when one starts with it. */
  readonly exceptions: readonly string[];
}

/** Cleans a pattern the way Docker's dockerignore.ReadAll does. */
function cleanPattern(pattern: string): string {
  const cleaned = path.posix.normalize(pattern);
  return cleaned.length > 1 && cleaned.startsWith('/') ? cleaned.slice(1) : cleaned;
}

/** Parses one ignore file. */
export function readIgnoreRuleSet(file: string): IgnoreRuleSet {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const patterns = lines.map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#'));
  const exceptions = patterns.filter((p) => p.startsWith('!')).map((p) => cleanPattern(p.slice(1).trim()));
  return { file, matcher: dockerignore({ ignorecase: false }).add(patterns), exceptions };
}

/** The ignore file that applies to a build (see above), as a list: none when neither exists. */
export function defaultIgnoreFiles(dockerfile: string, contextDir: string): string[] {
  return [`${dockerfile}.dockerignore`, path.join(contextDir, '.dockerignore')].filter((f) => fs.existsSync(f)).slice(0, 1);
}

/** What to do with one path of the context. */
export type IgnoreVerdict = 'include' | 'exclude' | 'exclude-but-walk';

/**
 * Docker's decision for a path relative to the context root (forward slashes): an excluded file
 * is dropped; an excluded directory is skipped whole unless an exception pattern starts with it,
 * in which case its own entry is dropped but its children are still considered.
 */
export function ignoreVerdict(rules: readonly IgnoreRuleSet[], relPath: string, isDirectory: boolean): IgnoreVerdict {
  let verdict: IgnoreVerdict = 'include';
  for (const rule of rules) {
    if (!rule.matcher.ignores(relPath)) continue;
    if (!isDirectory) return 'exclude';
    const dirSlash = `${relPath}/`;
    if (!rule.exceptions.some((p) => `${p}/`.startsWith(dirSlash))) return 'exclude';
    verdict = 'exclude-but-walk';
  }
  return verdict;
}
