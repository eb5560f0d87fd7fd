/** Edit distance between two strings (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length];
}

/**
 * The candidate a mistyped key most likely meant: the closest by edit distance within a third
 * of its length (at least 2), or one that contains it or is contained in it (`tlsSecret` ->
 * `tlsSecretName`). Undefined when nothing is that close.
 */
export function nearest(key: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate);
    const lk = key.toLowerCase();
    const lc = candidate.toLowerCase();
    const contains = lk.length >= 3 && lc.length >= 3 && (lc.includes(lk) || lk.includes(lc));
    const close = distance <= Math.max(2, Math.ceil(key.length / 3));
    if (!close && !contains) continue;
    if (!best || distance < best.score) best = { candidate, score: distance };
  }
  return best?.candidate;
}
