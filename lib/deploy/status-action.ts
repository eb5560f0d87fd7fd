import { TodoConfig } from '../model/settings/types';
import { readApplySet } from './applyset-members';
import { Kubectl } from './kubectl';
import { Redactor } from './redact';
import { inspectRollout, progressLine } from './rollout-wait';
import { kubectlLogReader, readClusterState } from './rollout-read-state';
import { WORKLOAD_KINDS } from './rollout-workload-progress';
import { daprDiagnoses } from './dapr-diagnose';
import { ClusterTarget } from './target';
import { diagnosisHints } from './target-hints';

/** An instance's state in the cluster, as `npm run status` shows it. */
export type StatusReport =
  | { readonly deployed: false }
  | {
      readonly deployed: true;
      /** One line per workload, e.g. `Deployment/backend 1/1 ready`. */
      readonly progress: readonly string[];
      /** Each stuck pod's diagnosis, as deploy prints it (values of .env blanked). */
      readonly diagnoses: readonly (readonly string[])[];
      readonly secretMissing: boolean;
      readonly ready: boolean;
    };

/**
 * The deployed instance's rollout state and the diagnosis of every pod that is not progressing,
 * changing nothing. The workloads are those its ApplySet holds, in the namespace of the
 * instance's settings (as main.ts built them).
 */
export async function instanceStatus(kubectl: Kubectl, target: ClusterTarget, settings: TodoConfig, redact: Redactor): Promise<StatusReport> {
  const ns = settings.namespace;
  const set = await readApplySet(kubectl, ns, settings.instance);
  if (!set) return { deployed: false };
  const workloads = set.objects.filter((o) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind)).map((o) => ({ kind: o.kind, name: o.metadata.name }));
  const state = await readClusterState(kubectl, ns);
  const logs = kubectlLogReader(kubectl, ns);
  const rollout = await inspectRollout(state, workloads, logs, diagnosisHints(target, settings));
  const progress = rollout.progress;
  // Dapr's own: a pod Ready without its sidecar is invisible to the rollout; a crashing daprd is said in its words.
  const dapr = await daprDiagnoses(state, logs);
  const samePod = (a: readonly string[], b: readonly string[]) => a[0].split(':')[0] === b[0].split(':')[0];
  const diagnoses = [...rollout.diagnoses.map((d) => d.lines).filter((lines) => !dapr.some((x) => samePod(x, lines) && /daprd/.test(lines[0]))), ...dapr];
  const secret = (await kubectl.run(['get', 'secret', settings.secretName, '-n', ns, '-o', 'name', '--ignore-not-found'])).stdout.trim();
  return {
    deployed: true,
    progress: progress.map(progressLine),
    diagnoses: diagnoses.map((d) => d.map(redact)),
    secretMissing: !secret,
    ready: progress.length === workloads.length && progress.every((p) => p.done) && dapr.length === 0,
  };
}
