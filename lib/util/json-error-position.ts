/**
 * Where JSON.parse fails, as ` at line L, column C`, without V8's message: it quotes the text
 * around the error, and a file named by mistake may hold a secret. V8 gives a position for some
 * errors only, so the position is found by parsing prefixes: every prefix before the bad
 * character parses or merely ends early; every one that includes it fails otherwise.
 */
export function jsonErrorLocation(text: string): string {
  const failsBeforeEnd = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (err) {
      // Ending early reads "Unexpected end of JSON input", or names the prefix's end as the position.
      const message = (err as Error).message;
      const position = /at position (\d+)/.exec(message);
      return !/Unexpected end of JSON input/.test(message) && !(position && Number(position[1]) >= length);
    }
  };
  // The shortest failing prefix; the whole text when only its end is missing.
  let low = 0;
  let high = text.length;
  if (!failsBeforeEnd(high)) low = high;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsBeforeEnd(mid)) high = mid;
    else low = mid + 1;
  }
  const endsEarly = low === text.length && !failsBeforeEnd(low);
  const before = text.slice(0, endsEarly ? low : Math.max(0, low - 1)).split('\n');
  return ` at line ${before.length}, column ${before[before.length - 1].length + 1}${endsEarly ? ' (the text ends before the JSON does)' : ''}`;
}
