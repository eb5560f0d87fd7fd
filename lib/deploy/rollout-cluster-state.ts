/**
 * The slice of the API's objects the rollout watch reads, as kubectl returns them (`-o json`).
 * Only the fields used are typed; everything is optional, as on a real cluster where a status
 * may not be written yet.
 */

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly { kind: string; name: string; uid?: string }[];
  readonly creationTimestamp?: string;
  /** Set once the object is being deleted (a pod that is terminating). */
  readonly deletionTimestamp?: string;
}

export interface ContainerState {
  readonly waiting?: { reason?: string; message?: string };
  readonly running?: { startedAt?: string };
  readonly terminated?: { reason?: string; message?: string; exitCode?: number };
}

export interface ContainerStatus {
  readonly name: string;
  readonly image?: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly state?: ContainerState;
  readonly lastState?: ContainerState;
}

export interface Probe {
  readonly httpGet?: { path?: string; port?: number | string };
  readonly tcpSocket?: { port?: number | string };
  readonly exec?: { command?: string[] };
}

export interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly readinessProbe?: Probe;
  readonly resources?: { requests?: Record<string, string> };
  readonly volumeMounts?: readonly { name: string; mountPath: string }[];
}

export interface Pod {
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly nodeName?: string;
    readonly securityContext?: { runAsUser?: number; fsGroup?: number };
    readonly containers?: readonly ContainerSpec[];
    readonly initContainers?: readonly ContainerSpec[];
    readonly volumes?: readonly { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly conditions?: readonly { type: string; status: string; reason?: string; message?: string }[];
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
  };
}

export interface KubeEvent {
  readonly involvedObject: { kind?: string; name?: string; namespace?: string; uid?: string };
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly lastTimestamp?: string | null;
  readonly eventTime?: string | null;
  readonly metadata?: { creationTimestamp?: string };
}

export interface PersistentVolumeClaim {
  readonly metadata: ObjectMeta;
  readonly spec?: { storageClassName?: string | null };
  readonly status?: { phase?: string };
}

export interface StorageClass {
  readonly metadata: ObjectMeta;
}

/** A workload object (Deployment, StatefulSet, DaemonSet, Job) with the status fields of each. */
export interface Workload {
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; completions?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly updatedReplicas?: number;
    readonly availableReplicas?: number;
    readonly unavailableReplicas?: number;
    readonly currentRevision?: string;
    readonly updateRevision?: string;
    readonly desiredNumberScheduled?: number;
    readonly numberReady?: number;
    readonly updatedNumberScheduled?: number;
    readonly succeeded?: number;
    readonly failed?: number;
    readonly conditions?: readonly { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** One look at the instance's namespace. */
export interface ClusterState {
  readonly workloads: readonly Workload[];
  readonly replicaSets: readonly Workload[];
  readonly pods: readonly Pod[];
  readonly events: readonly KubeEvent[];
  readonly pvcs: readonly PersistentVolumeClaim[];
  /** Undefined when they could not be read (RBAC on a shared cluster). */
  readonly storageClasses?: readonly StorageClass[];
}

/** When an event last happened, for ordering (newest last). */
export function eventTime(e: KubeEvent): string {
  return e.lastTimestamp || e.eventTime || e.metadata?.creationTimestamp || '';
}

/** The events about one object, oldest first. */
export function eventsFor(events: readonly KubeEvent[], kind: string, name: string): KubeEvent[] {
  return events.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name).sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
}

/** Does `labels` carry every label of `selector`? */
export function matches(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The workload kinds `kubectl rollout restart` takes (a Job's pods are not restarted). */
export const RESTARTABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * The workload that owns a pod, as `kubectl rollout restart` names it: a Deployment through its
 * ReplicaSet, a StatefulSet or DaemonSet directly. Undefined for a pod no rollout restarts (no
 * owner, a Job's, a ReplicaSet's of its own).
 */
export function workloadOfPod(pod: Pod, state: ClusterState): { kind: string; name: string } | undefined {
  const owner = pod.metadata.ownerReferences?.[0];
  const workload = owner?.kind === 'ReplicaSet'
    ? state.replicaSets.find((rs) => rs.metadata.name === owner.name)?.metadata.ownerReferences?.find((o) => o.kind === 'Deployment')
    : owner;
  return workload && RESTARTABLE_KINDS.includes(workload.kind) ? { kind: workload.kind, name: workload.name } : undefined;
}
