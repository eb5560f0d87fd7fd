import { Diagnosis } from './rollout-diagnose-pod';

/**
 * How long a state only the user can end must last before the wait stops: long enough for the
 * kubelet to try again once (a pull, a mount), short enough to stop well within 30 s.
 */
export const PERMANENT_GRACE_MS = 15_000;

/**
 * A last line that may be about something still starting (a connection refused, a name not yet in
 * DNS, a timeout): it must end three runs, not two, before the wait stops.
 */
const MAY_PASS = /connection refused|ECONNREFUSED|timed? ?out|temporar|could not translate host name|name resolution|not (yet )?ready|unavailable|try again|waiting for/i;

/**
 * Decides, look after look, when waiting cannot help: a diagnosis that needs the user has lasted
 * PERMANENT_GRACE_MS, or a container crashed again with the same last log line (it will crash so
 * each time). The wait keeps one per rollout.
 */
export class StuckWatch {
  private readonly since = new Map<string, number>();
  /**
   * Each crashing container's runs seen (pod and restart count: a run, whichever look shows it),
   * the last line of the newest, and how many new runs in a row ended with it.
   */
  private readonly crashes = new Map<string, { seen: Set<string>; lastLine: string; runs: number; pods: string[] }>();

  /** The diagnoses of this look that waiting cannot end, with the reason the wait stops for each. */
  observe(diagnoses: readonly Diagnosis[], now: number, graceMs = PERMANENT_GRACE_MS): { diagnosis: Diagnosis; why: string }[] {
    const seen = new Set(diagnoses.flatMap((d) => (d.needsUser ? [d.needsUser] : [])));
    for (const key of [...this.since.keys()]) if (!seen.has(key)) this.since.delete(key);
    const stuck: { diagnosis: Diagnosis; why: string }[] = [];
    for (const d of diagnoses) {
      if (d.needsUser) {
        const since = this.since.get(d.needsUser) ?? now;
        this.since.set(d.needsUser, since);
        if (now - since >= (d.graceMs ?? graceMs)) stuck.push({ diagnosis: d, why: `unchanged for ${Math.round((now - since) / 1000)}s` });
        continue;
      }
      if (!d.crash) continue;
      const run = `${d.crash.pod}#${d.crash.restarts}`;
      const known = this.crashes.get(d.crash.key) ?? { seen: new Set<string>(), lastLine: d.crash.lastLine, runs: 0, pods: [] };
      // A run already counted (the same crash seen again, an older failed pod of a Job listed again) counts once.
      if (known.seen.has(run)) continue;
      known.seen.add(run);
      known.runs = known.runs > 0 && d.crash.lastLine === known.lastLine ? known.runs + 1 : 1;
      known.lastLine = d.crash.lastLine;
      if (!known.pods.includes(d.crash.pod)) known.pods.push(d.crash.pod);
      this.crashes.set(d.crash.key, known);
      if (known.runs >= (MAY_PASS.test(d.crash.lastLine) ? 3 : 2)) {
        const where = known.pods.length > 1 ? `pods ${known.pods.join(', ')}` : `${d.crash.restarts} restarts`;
        stuck.push({ diagnosis: d, why: `${known.runs} runs in a row ended with the same last log line (${where})` });
      }
    }
    return stuck;
  }
}
