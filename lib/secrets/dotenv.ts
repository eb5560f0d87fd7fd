import { ExplainedError } from '../util/explained-error';
/**
 * Parses a .env file exactly as `kubectl create secret generic --from-env-file` does (kubectl's
 * env_file.go with Go's bufio.Scanner and the Secret key checks), so `npm run secret` and docs/configuration.md's
 * kubectl command give byte-identical Secrets, or both refuse the file:
 * - lines end at "\n", one "\r" before it is dropped; every line must be valid UTF-8;
 * - a byte-order mark is dropped from the first line only (kubectl refuses one on a later line);
 * - leading whitespace (Go's unicode.IsSpace) is trimmed, blank and `#` lines are skipped;
 * - the line is split at the first "="; the value is kept as it is: quotes and trailing spaces included;
 * - the key must be an env var name and a Secret key; a key given twice is refused.
 * Stricter than kubectl, on purpose: a line without "=" (kubectl would take the value from your
 * shell's environment) and a line of 64 KiB or more (kubectl silently ignores it and every line
 * after it) are refused.
 *
 * Messages name the file, the line number and what is wrong. They never show a value, nor any
 * part of a line whose key is not known to be valid: a malformed line may be a piece of a secret.
 */

/** A .env file that kubectl would refuse (or read differently); `problems` are safe to print. */
export class DotenvError extends ExplainedError {
  constructor(public readonly file: string, public readonly problems: readonly string[]) {
    super(`${file}: cannot be read as kubectl --from-env-file reads it:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DotenvError';
  }
}

/** Go's bufio.Scanner gives up on a line this long (MaxScanTokenSize); kubectl does not notice. */
export const MAX_LINE_BYTES = 64 * 1024;

const UTF8_BOM = '\uFEFF';
/** Go's unicode.IsSpace; JavaScript's \s differs (it has U+FEFF, lacks U+0085). */
const GO_LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/;
/** kubernetes IsEnvVarName and IsConfigMapKey together. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const MAX_KEY_LENGTH = 253;
const NOT_SHOWN = 'the line is not shown, as it may hold a secret';

/** Why a key is refused, described without repeating any of it; undefined for a valid key. */
export function keyProblem(key: string): string | undefined {
  if (ENV_VAR_NAME.test(key) && !key.startsWith('..') && key !== '.' && key.length <= MAX_KEY_LENGTH) return undefined;
  if (key === '') return 'the line starts with "=": there is no key';
  if (key.startsWith(UTF8_BOM)) return 'the key starts with a byte-order mark (U+FEFF), which kubectl accepts only at the very start of the file';
  if (/^export\s/.test(key)) return 'the line starts with "export ": write KEY=VALUE, as kubectl does not read shell syntax';
  if (/\s/.test(key)) return 'the text before the first "=" contains whitespace';
  if (/^[0-9]/.test(key)) return 'the key starts with a digit';
  if (key === '.' || key.startsWith('..')) return 'the key is "." or starts with ".."';
  if (!ENV_VAR_NAME.test(key)) return 'the key has characters other than letters, digits, "-", "_" and "."';
  return `the key is longer than ${MAX_KEY_LENGTH} characters`;
}

/** Splits like bufio.ScanLines: at "\n", dropping one "\r" before it; no empty token after a final "\n". */
function scanLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    lines.push(bytes.subarray(start, end));
    start = next;
  }
  return lines;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a line, or undefined when it is not valid UTF-8. */
function decode(line: Buffer): string | undefined {
  try {
    return strictUtf8.decode(line);
  } catch {
    return undefined;
  }
}

/** One KEY=VALUE line of a .env file. */
export interface DotenvEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line number. */
  readonly line: number;
}

/**
 * The KEY=VALUE pairs of a .env file, in file order; throws DotenvError listing every problem.
 * Pass the file's bytes: decoding them as a string first would hide invalid UTF-8.
 */
export function parseDotenv(content: Buffer | string, file: string): Map<string, string> {
  return new Map(parseDotenvEntries(content, file).map((e) => [e.key, e.value]));
}

/** parseDotenv, with the line of each entry. */
export function parseDotenvEntries(content: Buffer | string, file: string): DotenvEntry[] {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const entries: DotenvEntry[] = [];
  const firstLine = new Map<string, number>();
  const problems: string[] = [];

  scanLines(bytes).forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    if (raw.length >= MAX_LINE_BYTES) {
      problems.push(`${where}: line of ${MAX_LINE_BYTES} bytes or more; kubectl would silently ignore it and every line after it (${NOT_SHOWN})`);
      return;
    }
    const withCr = decode(raw);
    if (withCr === undefined) {
      problems.push(`${where}: not valid UTF-8, which kubectl refuses; save the file as UTF-8 (${NOT_SHOWN})`);
      return;
    }
    let line = withCr.endsWith('\r') ? withCr.slice(0, -1) : withCr;
    if (index === 0 && line.startsWith(UTF8_BOM)) line = line.slice(1);
    line = line.replace(GO_LEADING_SPACE, '');
    if (line === '' || line.startsWith('#')) return;

    const eq = line.indexOf('=');
    if (eq < 0) {
      problems.push(
        `${where}: not a KEY=VALUE line (no "="); kubectl would take such a value from your shell's environment, ` +
          `and a value broken over two lines looks like this (${NOT_SHOWN})`,
      );
      return;
    }
    const key = line.slice(0, eq);
    const invalid = keyProblem(key);
    if (invalid) {
      problems.push(`${where}: not a valid key: ${invalid}; allowed: letters, digits, "-", "_" and ".", not starting with a digit or ".." (${NOT_SHOWN})`);
      return;
    }
    const first = firstLine.get(key);
    if (first !== undefined) {
      problems.push(`${where}: ${key} is set again (first on line ${first}); kubectl refuses a key given twice: keep one`);
      return;
    }
    firstLine.set(key, index + 1);
    entries.push({ key, value: line.slice(eq + 1), line: index + 1 });
  });

  if (problems.length > 0) throw new DotenvError(file, problems);
  return entries;
}
