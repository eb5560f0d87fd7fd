import { ClusterState, Pod, Workload, eventsFor, matches } from './rollout-cluster-state';

/** Where one workload's rollout stands. */
export interface WorkloadProgress {
  /** `Deployment/backend`. */
  readonly id: string;
  readonly workload: Workload;
  readonly desired: number;
  readonly ready: number;
  /** The rollout is complete (as `kubectl rollout status` would say). */
  readonly done: boolean;
  /** The controller's own refusal to create pods (PodSecurity, quota, admission webhooks). */
  readonly refusals: readonly string[];
  /** Its pods (of the current revision and older ones). */
  readonly pods: readonly Pod[];
}

/** Kinds whose rollout deploy waits for. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'] as const;

/**
 * A workload's progress by the rules `kubectl rollout status` uses: the controller has seen
 * the latest spec, every replica is updated and ready (available for Deployments), and no old
 * one is left. A Job is done when it has succeeded; it has failed when its Failed condition is set.
 */
export function workloadProgress(workload: Workload, state: ClusterState): WorkloadProgress {
  const s = workload.status ?? {};
  const seen = (s.observedGeneration ?? 0) >= (workload.metadata.generation ?? 1);
  let desired = workload.spec?.replicas ?? 1;
  let ready = s.readyReplicas ?? 0;
  let done: boolean;
  switch (workload.kind) {
    case 'Deployment':
      ready = Math.min(s.availableReplicas ?? 0, s.readyReplicas ?? 0);
      done = seen && (s.updatedReplicas ?? 0) === desired && (s.replicas ?? 0) === desired && (s.availableReplicas ?? 0) >= desired;
      break;
    case 'StatefulSet':
      done = seen && (s.readyReplicas ?? 0) >= desired && (s.updatedReplicas ?? 0) >= desired && (!s.updateRevision || s.currentRevision === s.updateRevision);
      break;
    case 'DaemonSet':
      desired = s.desiredNumberScheduled ?? 0;
      ready = s.numberReady ?? 0;
      done = seen && (s.updatedNumberScheduled ?? 0) >= desired && ready >= desired;
      break;
    default: // Job
      desired = workload.spec?.completions ?? 1;
      ready = s.succeeded ?? 0;
      done = ready >= desired;
  }
  const pods = podsOf(workload, state);
  return { id: `${workload.kind}/${workload.metadata.name}`, workload, desired, ready, done, refusals: refusals(workload, state), pods };
}

/** The pods a workload owns, found by its selector (a Deployment's through its ReplicaSets' owner references too). */
function podsOf(workload: Workload, state: ClusterState): Pod[] {
  const selector = workload.spec?.selector?.matchLabels;
  const owners = new Set([workload.metadata.name, ...state.replicaSets.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.kind === workload.kind && o.name === workload.metadata.name)).map((rs) => rs.metadata.name)]);
  return state.pods.filter((p) => (selector ? matches(selector, p.metadata.labels) : p.metadata.ownerReferences?.some((o) => owners.has(o.name))));
}

/**
 * FailedCreate events of the workload and its ReplicaSets, newest of each message: the API
 * server's refusal of a pod (PodSecurity, quota, a webhook) shows only there, as no pod exists.
 */
function refusals(workload: Workload, state: ClusterState): string[] {
  const names: [string, string][] = [[workload.kind, workload.metadata.name]];
  if (workload.kind === 'Deployment') {
    for (const rs of state.replicaSets) {
      if (rs.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === workload.metadata.name)) names.push(['ReplicaSet', rs.metadata.name]);
    }
  }
  const messages = names.flatMap(([kind, name]) => eventsFor(state.events, kind, name)).filter((e) => e.reason === 'FailedCreate' && e.type === 'Warning').map((e) => (e.message ?? '').trim());
  return [...new Set(messages)].slice(-2);
}
