import { Kubectl } from './kubectl';
import { ClusterState } from './rollout-cluster-state';
import { DiagnosisHints, LogReader, diagnosePod, needsUser } from './rollout-diagnose-pod';
import { kubectlLogReader, readClusterState } from './rollout-read-state';
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
}

/**
 * States that do not end on their own (an image that is not on the node and is never pulled, a
 * missing Secret key): after this long, the wait stops instead of running to its timeout.
 */
export const PERMANENT_GRACE_MS = 15_000;

/** How the wait ended, with what was last seen. */
export interface RolloutOutcome {
  readonly ok: boolean;
  readonly progress: readonly WorkloadProgress[];
  /** The diagnoses of the last look: one entry per pod or workload that is not progressing. */
  readonly diagnoses: readonly (readonly string[])[];
  readonly timedOut: boolean;
  /** It stopped early: a state that needs the user's action lasted PERMANENT_GRACE_MS. */
  readonly stuck: boolean;
}

/**
 * One look: every workload's progress and a diagnosis of each pod (or controller) that is not
 * progressing. What `npm run status` prints and what the deploy's wait repeats.
 */
export async function inspectRollout(state: ClusterState, workloads: readonly WorkloadRef[], logs: LogReader, hints: DiagnosisHints = {}) {
  const progress: WorkloadProgress[] = [];
  const diagnoses: string[][] = [];
  for (const ref of workloads) {
    const workload = state.workloads.find((w) => w.kind === ref.kind && w.metadata.name === ref.name);
    if (!workload) {
      diagnoses.push([`${ref.kind}/${ref.name}: not found in the cluster`]);
      continue;
    }
    const p = workloadProgress(workload, state);
    progress.push(p);
    if (p.done) continue;
    if (p.pods.length === 0 && p.refusals.length > 0) diagnoses.push([`${p.id}: no pod could be created:`, ...p.refusals.map((r) => `  ${r}`)]);
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
  const deadline = Date.now() + options.timeoutMs;
  const shown = new Map<string, string>();
  const said = new Set<string>();
  const permanentSince = new Map<string, number>();
  for (;;) {
    const state = await readClusterState(options.kubectl, options.namespace);
    const { progress, diagnoses } = await inspectRollout(state, options.workloads, logs, options.hints);
    for (const p of progress) {
      const line = progressLine(p);
      if (shown.get(p.id) !== line) options.log(`  ${line}`);
      shown.set(p.id, line);
    }
    for (const d of diagnoses) {
      // Said once, not again each time a repeated event's count goes up.
      const text = d.join('\n').replace(/ \(\d+ times\)/g, '');
      if (!said.has(text)) for (const line of d) options.log(`  ! ${line}`);
      said.add(text);
    }
    const ok = progress.length === options.workloads.length && progress.every((p) => p.done);
    const now = Date.now();
    const permanent = diagnoses.map((d) => d[0]).filter(needsUser);
    for (const key of [...permanentSince.keys()]) if (!permanent.includes(key)) permanentSince.delete(key);
    for (const line of permanent) if (!permanentSince.has(line)) permanentSince.set(line, now);
    const stuck = !ok && [...permanentSince.values()].some((since) => now - since >= PERMANENT_GRACE_MS);
    if (ok || stuck || now >= deadline) return { ok, progress, diagnoses, timedOut: !ok && !stuck, stuck };
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}
