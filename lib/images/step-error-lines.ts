/**
 * Picks, from the output of the build step that failed, the lines that say why: npm's `npm error`
 * lines, a compiler's `error`, a file:line location, `not found`, an exit code. npm's notices and
 * warnings, and the usage text npm appends to a usage error, are left out: they are what a plain
 * tail of the log showed instead of the error.
 */

/** At most this many lines are shown; the first and the last ones when there are more. */
export const MAX_ERROR_LINES = 30;
/** Without any line that looks like an error, this many of the step's last lines. */
const FALLBACK_LINES = 10;

const NOISE = [
  /^npm (notice|warn|WARN|http|timing|info|verb|sill)\b/,
  /^npm (error|ERR!)\s*$/, // npm's empty separator lines
  /^(warning|WARN)\b/i,
];

const ERROR = [
  /^npm (error|ERR!) /,
  /\berror\b/i,
  /\bERR(!|_[A-Z_]+)?\b/,
  /\bfailed\b/i,
  /\bfatal\b/i,
  /\b(cannot|can't|could not|couldn't|unable to)\b/i,
  /\bnot found\b/i,
  /No such file or directory/,
  /\bexit(ed)?( with)? (code|status)\b/i,
  /\bnon-zero (exit )?(code|status)\b/i,
  /^Traceback \(most recent call last\)/,
  /^[\w.]*(Error|Exception): /,
  /^E: /,
  // A compiler's location line: ./src/app/page.tsx:3:7, src/lib/db.ts(12,5)
  /^\.{0,2}\/?[\w@.-]+(\/[\w@.[\]()-]+)*\.\w+(:\d+(:\d+)?|\(\d+,\d+\))/,
];

/** npm's usage block after a usage error: from `npm error Usage:` to `npm error Run "npm help ..." for more info`. */
function withoutNpmUsage(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let inUsage = false;
  for (const line of lines) {
    if (/^npm (error|ERR!) Usage:\s*$/.test(line)) inUsage = true;
    if (!inUsage) kept.push(line);
    if (inUsage && /^npm (error|ERR!) Run "npm help .*" for more info/.test(line)) inUsage = false;
  }
  return kept;
}

export interface StepErrorLines {
  /** The lines to show, in order; `…` stands where some were left out. */
  readonly lines: readonly string[];
  /** True when no line looked like an error and these are the step's last lines. */
  readonly fallback: boolean;
}

export function stepErrorLines(output: readonly string[], error?: string): StepErrorLines {
  const candidates = withoutNpmUsage(output).filter((line) => line !== error && !NOISE.some((re) => re.test(line.trim())));
  const errors = candidates.filter((line) => ERROR.some((re) => re.test(line.trim())));
  if (errors.length === 0) return { lines: candidates.slice(-FALLBACK_LINES), fallback: true };
  if (errors.length <= MAX_ERROR_LINES) return { lines: errors, fallback: false };
  const head = Math.floor(MAX_ERROR_LINES / 3);
  const tail = MAX_ERROR_LINES - head - 1;
  return { lines: [...errors.slice(0, head), `… ${errors.length - head - tail} more error lines …`, ...errors.slice(-tail)], fallback: false };
}
