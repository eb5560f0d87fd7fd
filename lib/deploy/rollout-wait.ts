import { Kubectl } from './kubectl';
import { ClusterState } from './rollout-cluster-state';
import { Diagnosis, DiagnosisHints, LogReader, diagnosePod } from './rollout-diagnose-pod';
import { kubectlLogReader, readClusterState } from './rollout-read-state';
import { PERMANENT_GRACE_MS, StuckWatch } from './rollout-stuck';
import { WorkloadProgress, workloadProgress } from './rollout-workload-progress';

/** One workload to wait for, by kind and name. */
export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
}

export interface RolloutWaitOptions {
  readonly kubectl: Kubectl;
  readonly namespace: string;
  readonly workloads: readonly WorkloadRef[];
  /** Gives up after this long. */
  readonly timeoutMs: number;
  /** Prints one line (progress goes to stderr). */
  readonly log: (line: string) => void;
  /** @default {} (no target-specific commands) */
  readonly hints?: DiagnosisHints;
  /** @default 1000 */
  readonly pollMs?: number;
  /**
   * Reads container logs for crash diagnoses.
   * @default `kubectl logs --tail`
   */
  readonly logs?: LogReader;
  /**
   * How long a state only the user can end may last before the wait stops.
   * @default PERMANENT_GRACE_MS (15 s)
   */
  readonly graceMs?: number;
}

/** How the wait ended, with what was last seen. */
export interface RolloutOutcome {
  readonly ok: boolean;
  readonly progress: readonly WorkloadProgress[];
  /**
   * The diagnoses of the last look: one entry per pod or workload that is not progressing; when
   * `stuck`, those waiting cannot end come first, each with a last line saying why.
   */
  readonly diagnoses: readonly (readonly string[])[];
  readonly timedOut: boolean;
  /**
   * It stopped early: a state that needs the user's action lasted PERMANENT_GRACE_MS, or a
   * container crashed again with the same last log line.
   */
  readonly stuck: boolean;
  /** How long the wait lasted. */
  readonly waitedMs: number;
}

/**
 * One look: every workload's progress and a diagnosis of each pod (or controller) that is not
 * progressing. What `npm run status` prints and what the deploy's wait repeats.
 */
export async function inspectRollout(state: ClusterState, workloads: readonly WorkloadRef[], logs: LogReader, hints: DiagnosisHints = {}) {
  const progress: WorkloadProgress[] = [];
  const diagnoses: Diagnosis[] = [];
  for (const ref of workloads) {
    const workload = state.workloads.find((w) => w.kind === ref.kind && w.metadata.name === ref.name);
    if (!workload) {
      diagnoses.push({ lines: [`${ref.kind}/${ref.name}: not found in the cluster`] });
      continue;
    }
    const p = workloadProgress(workload, state);
    progress.push(p);
    if (p.done) continue;
    if (p.pods.length === 0 && p.refusals.length > 0) diagnoses.push({ lines: [`${p.id}: no pod could be created:`, ...p.refusals.map((r) => `  ${r}`)] });
    for (const pod of p.pods) {
      const d = await diagnosePod(pod, state, logs, hints);
      if (d) diagnoses.push(d);
    }
  }
  return { progress, diagnoses };
}

/** `Deployment/backend 1/2 ready`. */
export function progressLine(p: WorkloadProgress): string {
  return `${p.id} ${p.ready}/${p.desired} ${p.workload.kind === 'Job' ? 'succeeded' : 'ready'}${p.done ? ' (done)' : ''}`;
}

/**
 * Waits until every workload's rollout is done or `timeoutMs` passes, printing each workload's
 * progress when it changes and each new diagnosis once (plain lines: readable in CI logs).
 */
export async function waitForRollout(options: RolloutWaitOptions): Promise<RolloutOutcome> {
  const logs = options.logs ?? kubectlLogReader(options.kubectl, options.namespace);
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const shown = new Map<string, string>();
  const said = new Set<string>();
  const watch = new StuckWatch();
  for (;;) {
    const state = await readClusterState(options.kubectl, options.namespace);
    const { progress, diagnoses } = await inspectRollout(state, options.workloads, logs, options.hints);
    for (const p of progress) {
      const line = progressLine(p);
      if (shown.get(p.id) !== line) options.log(`  ${line}`);
      shown.set(p.id, line);
    }
    for (const d of diagnoses) {
      // Said once, not again each time a repeated event's count goes up or the back-off grows.
      const text = d.lines.join('\n').replace(/ \(\d+ times\)|, \d+ restarts|back-off \S+/g, '');
      if (!said.has(text)) for (const line of d.lines) options.log(`  ! ${line}`);
      said.add(text);
    }
    const ok = progress.length === options.workloads.length && progress.every((p) => p.done);
    const now = Date.now();
    const blocking = ok ? [] : watch.observe(diagnoses, now, options.graceMs ?? PERMANENT_GRACE_MS);
    const stuck = blocking.length > 0;
    if (ok || stuck || now >= deadline) {
      const first = blocking.map((b) => [...b.diagnosis.lines, `  waiting cannot help: ${b.why}`]);
      const rest = diagnoses.filter((d) => !blocking.some((b) => b.diagnosis === d)).map((d) => [...d.lines]);
      return { ok, progress, diagnoses: [...first, ...rest], timedOut: !ok && !stuck, stuck, waitedMs: now - started };
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}
