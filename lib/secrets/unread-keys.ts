/**
 * What `npm run secret` says about .env keys it did not put in the Secret, without printing a
 * secret: a base64 value wrapped onto a second line ending in "=" parses as a valid key (the
 * fragment) with an empty value, so the names of unread keys are shown only when they are plainly
 * environment variable names, and the others are counted.
 */
import { DotenvEntry } from './dotenv';

/** UPPER_SNAKE_CASE with at least one "_" and short words: what env var names look like, and base64 never does. */
const PLAIN_VARIABLE_NAME = /^[A-Z][A-Z0-9]{0,15}(?:_[A-Z0-9]{1,16})+$/;
const MAX_SHOWN_NAME = 64;

/** A value this long is a credential that may have been wrapped. */
const LONG_VALUE = 32;

/** Whether a key name may be printed: it reads as a variable name, not as a piece of a value. */
export function isPlainVariableName(key: string): boolean {
  return key.length <= MAX_SHOWN_NAME && PLAIN_VARIABLE_NAME.test(key);
}

/** The line about keys left out of the Secret, or undefined when there are none. */
export function describeUnreadKeys(keys: readonly string[]): string | undefined {
  if (keys.length === 0) return undefined;
  const shown = keys.filter(isPlainVariableName);
  const hidden = keys.length - shown.length;
  const others = hidden === 0 ? '' : `${shown.length ? ', and ' : ''}${hidden} other key${hidden === 1 ? '' : 's'} (names not shown: they may be part of a value)`;
  return `Not included (not read by the workloads): ${shown.join(', ')}${others}.`;
}

/**
 * Warnings for a key with an empty value (or only "=") on the line right after a long value:
 * the signature of a value wrapped onto two lines, whose first line alone went into the Secret.
 * The key on the second line is never named; the first is named only when it is plainly a name.
 */
export function wrappedValueWarnings(entries: readonly DotenvEntry[], file: string): string[] {
  const warnings: string[] = [];
  entries.forEach((entry, i) => {
    const previous = entries[i - 1];
    if (!looksWrapped(entry, previous)) return;
    const name = isPlainVariableName(previous.key) ? previous.key : `the key on line ${previous.line}`;
    warnings.push(
      `${file}:${entry.line}: warning: a key with an empty value right after the long value of ${name} (line ${previous.line}) ` +
        'is what a value wrapped onto two lines looks like; if it is one value, join the two lines (no line is shown).',
    );
  });
  return warnings;
}

/** Whether `entry` (a key with an empty or "="-only value) follows the long value of `previous` on the line before. */
function looksWrapped(entry: DotenvEntry, previous: DotenvEntry | undefined): previous is DotenvEntry {
  return !!previous && previous.line === entry.line - 1 && /^=*$/.test(entry.value) && [...previous.value].length >= LONG_VALUE;
}

/** The keys that look like the second line of a wrapped value (see wrappedValueWarnings). */
export function wrappedSecondLineKeys(entries: readonly DotenvEntry[]): Set<string> {
  return new Set(entries.filter((entry, i) => looksWrapped(entry, entries[i - 1])).map((e) => e.key));
}
