import * as path from 'path';
import { Document, isMap, isScalar, parseDocument, visit } from 'yaml';
import { formatBytes, InputFileError, inputFileProblem, readInputFile } from '../../util/read-input-file';
import { ConfigError } from './validate';

/** The largest profile or values file read: far above any real one, and a bound on memory and time. */
export const MAX_CONFIG_FILE_BYTES = 4 << 20;

/** A profile or values file, parsed: a mapping of configuration fields. */
export interface ConfigFile {
  /** How messages name the file: relative to the working directory when inside it. */
  readonly display: string;
  readonly data: Record<string, unknown>;
}

/** How messages name a file. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Why a profile or values file cannot be read (`does not exist`, `is a directory, not a file`...),
 * or undefined when it can: the same words whether the file came from a flag or TODO_VALUES.
 */
export function unreadableFileProblem(file: string): string | undefined {
  // Stat, never a blocking open: a FIFO named as a values file must not hang the command.
  return inputFileProblem(file)?.description;
}

const fileError = (display: string, kind: string, problem: string, allowed: string) =>
  new ConfigError(`${kind} ${display}`, [{ file: display, field: '', problem, allowed }]);

/**
 * Reads a YAML or JSON file (JSON is read as the YAML it also is). Every failure is one
 * ConfigError naming the file, and never quotes its content: a parse error gives the line,
 * column and kind of error, not the text around it, which could be a secret.
 */
export function readConfigFile(file: string, kind: 'profile' | 'values file', cwd: string): ConfigFile {
  const display = displayPath(file, cwd);
  const allowed = 'a YAML or JSON mapping of configuration fields (docs/configuration.md)';
  let bytes: Buffer;
  try {
    bytes = readInputFile(file, MAX_CONFIG_FILE_BYTES);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    throw fileError(display, kind, err.description, `a readable ${kind}: a regular file of at most ${formatBytes(MAX_CONFIG_FILE_BYTES)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw fileError(display, kind, 'is not UTF-8 text', allowed);
  }
  // yaml's own uniqueKeys check compares every pair of keys (minutes for 40k keys): one Set instead.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: true });
  const problem = [...doc.errors, ...doc.warnings][0] ?? duplicateKey(doc);
  if (problem) {
    // Line and column from the offset; the parser's own message would quote the line.
    const offset = Math.min(problem.pos[0], text.length);
    const before = text.slice(0, offset).split('\n');
    const where = ` at line ${before.length}, column ${before[before.length - 1].length + 1}`;
    throw fileError(display, kind, `is not valid YAML or JSON${where} (${problem.code.toLowerCase().replace(/_/g, ' ')})`, allowed);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw fileError(display, kind, 'is not valid YAML or JSON (too many aliases)', allowed);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    // Never the value itself: a file holding one bare string may well be a pasted secret.
    throw fileError(display, kind, `holds ${Array.isArray(data) ? 'a list' : `a ${typeof data}`} at the top`, allowed);
  }
  return { display, data: data as Record<string, unknown> };
}

/** The first key given twice in one mapping, as a parse problem (its position and code), in linear time. */
function duplicateKey(doc: Document): { pos: [number, number]; code: string } | undefined {
  let found: { pos: [number, number]; code: string } | undefined;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // Scalar keys by value (`1` and `"1"` differ, as for yaml's check); `<<` merges may repeat.
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (key === '<<') continue;
        if (seen.has(key)) {
          found = { pos: [(pair.key as { range?: [number, number] })?.range?.[0] ?? 0, 0], code: 'DUPLICATE_KEY' };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}
