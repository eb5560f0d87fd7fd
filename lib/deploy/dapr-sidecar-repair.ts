/**
 * Dapr's sidecar injector webhook fails open (its chart sets failurePolicy Ignore): a pod created
 * while the injector does not answer in time (a loaded node, an injector restarting) starts without
 * daprd, turns Ready all the same, and stays so. Seen on the test cluster's real node in CI: one of
 * four Dapr workloads of the same apply came up bare. Deploy, which has just found the injector
 * Ready, restarts such workloads once and waits for them again; what is still bare is reported.
 */
import { Kubectl } from './kubectl';
import { lacksSidecar } from './dapr-diagnose';
import { ClusterState, workloadOfPod } from './rollout-cluster-state';
import { readClusterState } from './rollout-read-state';
import { RolloutOutcome, WorkloadRef } from './rollout-wait';

/** What the repair did: the workloads it restarted (`Deployment/notification`) and how their wait ended. */
export interface SidecarRepair {
  readonly restarted: readonly string[];
  /** Undefined when nothing was restarted. */
  readonly rollout?: RolloutOutcome;
}

/** The workloads whose live pods lack the sidecar their template asks for, once each. */
export function workloadsWithoutSidecar(state: ClusterState): WorkloadRef[] {
  const refs = state.pods.filter(lacksSidecar).map((pod) => workloadOfPod(pod, state)).filter((w): w is WorkloadRef => !!w);
  return refs.filter((w, i) => refs.findIndex((o) => o.kind === w.kind && o.name === w.name) === i);
}

/** Restarts the workloads with a bare pod in `namespace` and waits for them with `waitFor`. */
export async function restartWorkloadsWithoutSidecar(kubectl: Kubectl, namespace: string, waitFor: (workloads: readonly WorkloadRef[]) => Promise<RolloutOutcome>, log: (line: string) => void): Promise<SidecarRepair> {
  const workloads = workloadsWithoutSidecar(await readClusterState(kubectl, namespace));
  if (workloads.length === 0) return { restarted: [] };
  const ids = workloads.map((w) => `${w.kind}/${w.name}`);
  log(`deploy: ${ids.join(', ')} came up without a Dapr sidecar (the injector did not answer when the pod was created, and Dapr's webhook lets such pods through); restarting once`);
  await kubectl.ok(['rollout', 'restart', '-n', namespace, ...ids.map((id) => id.toLowerCase())]);
  return { restarted: ids, rollout: await waitFor(workloads) };
}
