/**
 * How messages name the keys of a .env file without printing a piece of a secret: a base64 value
 * wrapped onto a second line parses as a valid key (the fragment), so a key is named only when
 * it is known (read one by one by the manifests, or checked by this project) or plainly an
 * environment variable name; any other is named by its line, or counted.
 */
import { DotenvEntry } from './dotenv';
import { isPlainVariableName } from './unread-keys';

/** Names keys for messages. */
export interface KeyNamer {
  /** The key itself when it may be printed, else `the key on line N` (or `a key whose name is not shown`). */
  readonly name: (key: string) => string;
  /** Whether the key may be printed as it is. */
  readonly printable: (key: string) => boolean;
  /** A list for a message: the printable names, then `N other key(s) (names not shown)`. */
  readonly list: (keys: readonly string[]) => string;
}

/** A namer for the keys of `entries` (line numbers), where `known` keys may always be printed. */
export function keyNamer(entries: readonly DotenvEntry[] | undefined, known: Iterable<string>): KeyNamer {
  const knownKeys = new Set(known);
  const lineOf = new Map((entries ?? []).map((e) => [e.key, e.line]));
  const printable = (key: string) => knownKeys.has(key) || isPlainVariableName(key);
  const name = (key: string) => {
    if (printable(key)) return key;
    const line = lineOf.get(key);
    return line === undefined ? 'a key whose name is not shown' : `the key on line ${line}`;
  };
  const list = (keys: readonly string[]) => {
    const shown = keys.filter(printable);
    const hidden = keys.length - shown.length;
    return [...shown, ...(hidden > 0 ? [`${hidden} other key${hidden === 1 ? '' : 's'} (name${hidden === 1 ? '' : 's'} not shown: they may be part of a value)`] : [])].join(', ');
  };
  return { name, printable, list };
}
