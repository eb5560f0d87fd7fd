/**
 * A string quoted for a message on a terminal: JSON's escapes, plus \uXXXX for what JSON leaves
 * as is but a terminal acts on or hides (DEL and C1 controls, line and paragraph separators,
 * bidirectional and zero-width marks). A key or value can then not forge output lines or colours.
 */
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

export function quote(text: string): string {
  return shownValue(text);
}

/** Any value as JSON for a message (a string quoted, a number as is), with quote()'s escapes in its strings. */
export function shownValue(value: unknown): string {
  return String(JSON.stringify(value)).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A key as-is when it is a plain name, else quoted. */
export function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : quote(key);
}

/** A name as it is when it is printable ASCII without spaces (a kube context, a profile), else quoted. */
export function shownName(name: string): string {
  return /^[\x21-\x7e]+$/.test(name) && !name.includes('"') ? name : quote(name);
}
