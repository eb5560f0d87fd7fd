const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * The longest duration taken: a day. Longer is a typo (`99999999999999999999h`), and past
 * 2^31-1 ms (24.8 days) node's timers fire at once instead of never.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;

/**
 * `90s`, `5m`, `1m30s`, `1h` (Go's duration syntax, as Helm's --timeout) in milliseconds;
 * undefined when the text is not such a duration, is not longer than 0 or is longer than a day.
 */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (!/^(\d+(ms|s|m|h))+$/.test(text) || parts.length === 0) return undefined;
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit], 0);
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}

/** Why parseDuration refused a text, for messages. */
export function durationProblem(text: string): string {
  if (!/^(\d+(ms|s|m|h))+$/.test(text)) return 'not a duration';
  return [...text.matchAll(/(\d+)(ms|s|m|h)/g)].every(([, n]) => Number(n) === 0) ? 'is 0' : 'is longer than 24h';
}

/** What parseDuration accepts, for messages. */
export const DURATION_ALLOWED = 'a number with a unit, longer than 0 and at most 24h, e.g. 90s, 5m, 1m30s, 1h';
