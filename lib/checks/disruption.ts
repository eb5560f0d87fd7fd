/**
 * PodDisruptionBudgets that can never allow an eviction: every `kubectl drain` (a node upgrade,
 * a cluster autoscaler scaling down) then waits forever on the workload's pods.
 */
import { impossibleBudget } from '../model/settings/disruption';
import { Manifest, objectRef } from './manifest';
import { autoscalerOf, podTemplates, selects } from './pods';
import { CheckViolation } from './violation';

/** Fewest pods a workload runs: its HorizontalPodAutoscaler's minReplicas, else its replicas. */
function fewestPods(workload: Manifest, manifests: readonly Manifest[]): number | undefined {
  const hpa = autoscalerOf(workload, manifests);
  if (hpa) return hpa.spec?.minReplicas ?? 1;
  if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(workload.kind)) return workload.spec?.replicas ?? 1;
  return undefined;
}

export function disruptionBudgetViolations(manifests: readonly Manifest[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  const pods = podTemplates(manifests);
  for (const pdb of manifests.filter((m) => m.kind === 'PodDisruptionBudget')) {
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    for (const pod of pods.filter((p) => p.namespace === pdb.metadata?.namespace && selects(pdb.spec?.selector, p.metadata.labels))) {
      const replicas = fewestPods(pod.workload, manifests);
      const problem = replicas === undefined ? undefined : impossibleBudget({ minAvailable, maxUnavailable }, replicas);
      if (!problem) continue;
      out.push({
        object: objectRef(pdb),
        path: minAvailable !== undefined ? 'spec.minAvailable' : 'spec.maxUnavailable',
        rule: `${problem} (${pod.owner})`,
        fix: `minAvailable below the replicas (e.g. ${Math.max(replicas! - 1, 0)}), or maxUnavailable: 1; or more replicas (autoscaled: a higher min)`,
      });
    }
  }
  return out;
}
