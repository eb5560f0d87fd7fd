/** Replaces every secret value in a text before it is printed. */
export type Redactor = (text: string) => string;

/** Values shorter than this are not redacted: they would blank out ordinary words. */
const MIN_REDACTED_LENGTH = 4;

/**
 * A redactor for the values of .env: each value, and its base64 form (a Secret's `data`), is
 * replaced by `***` wherever it appears, e.g. in a crashing container's log line that prints its
 * DATABASE_URL, or in an error kubectl echoes.
 */
export function redactorFor(values: Iterable<string>): Redactor {
  const needles = [...new Set([...values].filter((v) => v.length >= MIN_REDACTED_LENGTH).flatMap((v) => [v, Buffer.from(v, 'utf8').toString('base64'), encodeURIComponent(v)]))].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of needles) out = out.split(needle).join('***');
    return out;
  };
}
