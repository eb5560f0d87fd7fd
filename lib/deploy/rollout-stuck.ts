import { Diagnosis } from './rollout-diagnose-pod';

/**
 * How long a state only the user can end must last before the wait stops: long enough for the
 * kubelet to try again once (a pull, a mount), short enough to stop well within 30 s.
 */
export const PERMANENT_GRACE_MS = 15_000;

/**
 * Decides, look after look, when waiting cannot help: a diagnosis that needs the user has lasted
 * PERMANENT_GRACE_MS, or a container crashed again with the same last log line (it will crash so
 * each time). The wait keeps one per rollout.
 */
export class StuckWatch {
  private readonly since = new Map<string, number>();
  private readonly crashes = new Map<string, { pod: string; restarts: number; lastLine: string }>();

  /** The diagnoses of this look that waiting cannot end, with the reason the wait stops for each. */
  observe(diagnoses: readonly Diagnosis[], now: number, graceMs = PERMANENT_GRACE_MS): { diagnosis: Diagnosis; why: string }[] {
    const seen = new Set(diagnoses.flatMap((d) => (d.needsUser ? [d.needsUser] : [])));
    for (const key of [...this.since.keys()]) if (!seen.has(key)) this.since.delete(key);
    const stuck: { diagnosis: Diagnosis; why: string }[] = [];
    for (const d of diagnoses) {
      if (d.needsUser) {
        const since = this.since.get(d.needsUser) ?? now;
        this.since.set(d.needsUser, since);
        if (now - since >= graceMs) stuck.push({ diagnosis: d, why: `unchanged for ${Math.round((now - since) / 1000)}s` });
        continue;
      }
      if (!d.crash) continue;
      const before = this.crashes.get(d.crash.key);
      // Another run: the same pod after a restart, or another pod of the same owner (a Job's retry, a second replica).
      const again = before !== undefined && (d.crash.pod !== before.pod || d.crash.restarts > before.restarts);
      if (!before || again) this.crashes.set(d.crash.key, { pod: d.crash.pod, restarts: d.crash.restarts, lastLine: d.crash.lastLine });
      if (again && d.crash.lastLine === before.lastLine) {
        stuck.push({ diagnosis: d, why: d.crash.pod === before.pod ? `restarted and ended with the same last log line again (${d.crash.restarts} restarts)` : `${before.pod} and ${d.crash.pod} ended with the same last log line` });
      }
    }
    return stuck;
  }
}
