const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `90s`, `5m`, `1m30s`, `1h` (Go's duration syntax, as Helm's --timeout) in milliseconds;
 * undefined when the text is not such a duration or is not longer than 0.
 */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (!/^(\d+(ms|s|m|h))+$/.test(text) || parts.length === 0) return undefined;
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit], 0);
  return ms > 0 ? ms : undefined;
}

/** What parseDuration accepts, for messages. */
export const DURATION_ALLOWED = 'a number with a unit, longer than 0, e.g. 90s, 5m, 1m30s, 1h';
