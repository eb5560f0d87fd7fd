/**
 * Whether pods fit a node: what the scheduler reserves per pod, how many pods run at the peak of
 * a rollout, and the default minikube node the local profile must fit on.
 */
import { parseBytes, parseCpuMillis } from '../model/quantity';
import { Manifest } from './manifest';
import { autoscalerOf, podTemplates } from './pods';

/** CPU in millicores and memory in bytes. */
export interface Resources {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

const Mi = 2 ** 20;
const Gi = 2 ** 30;

/** A default minikube node: `minikube start` gives it 2 CPUs and 2 GiB. */
export const MINIKUBE_NODE: Resources = { cpuMillis: 2000, memoryBytes: 2 * Gi };

/**
 * Memory the kubelet keeps back from allocatable: its default hard eviction threshold
 * (memory.available<100Mi, KubeletConfiguration evictionHard). minikube sets no kube-reserved
 * or system-reserved, so allocatable = capacity - this.
 */
export const KUBELET_EVICTION_HARD_MEMORY = 100 * Mi;

/** What a default minikube node offers to pods. */
export const MINIKUBE_ALLOCATABLE: Resources = {
  cpuMillis: MINIKUBE_NODE.cpuMillis,
  memoryBytes: MINIKUBE_NODE.memoryBytes - KUBELET_EVICTION_HARD_MEMORY,
};

/**
 * Requests of the system pods already on a minikube node. The control plane's are kubeadm's
 * static pod manifests (cmd/kubeadm/app/phases/controlplane/manifests.go: kube-apiserver 250m,
 * kube-controller-manager 200m, kube-scheduler 100m, CPU only; cmd/kubeadm/app/phases/etcd/local.go:
 * etcd 100m / 100Mi); CoreDNS's is kubeadm's addon manifest (cmd/kubeadm/app/phases/addons/dns:
 * 100m / 70Mi), one replica on minikube. kube-proxy and storage-provisioner request nothing.
 */
export const MINIKUBE_SYSTEM_POD_REQUESTS: Readonly<Record<string, Resources>> = {
  coredns: { cpuMillis: 100, memoryBytes: 70 * Mi },
  etcd: { cpuMillis: 100, memoryBytes: 100 * Mi },
  'kube-apiserver': { cpuMillis: 250, memoryBytes: 0 },
  'kube-controller-manager': { cpuMillis: 200, memoryBytes: 0 },
  'kube-scheduler': { cpuMillis: 100, memoryBytes: 0 },
};

/**
 * The node Phase V is checked against: the README's quick start minikube (`--cpus=2 --memory=4g`),
 * as Kafka, the sidecars and Dapr's control plane do not fit a default 2 GiB node beside the app.
 */
export const PHASE_V_MINIKUBE_ALLOCATABLE: Resources = { cpuMillis: 2000, memoryBytes: 4 * Gi - KUBELET_EVICTION_HARD_MEMORY };

/** The injected daprd's requests, from the pod's `dapr.io/sidecar-*-request` annotations (Dapr's chart sets none by default). */
export function sidecarRequests(annotations: Record<string, string> | undefined): Resources {
  if (annotations?.['dapr.io/enabled'] !== 'true') return { cpuMillis: 0, memoryBytes: 0 };
  return {
    cpuMillis: parseCpuMillis(annotations['dapr.io/sidecar-cpu-request'] ?? '0') ?? 0,
    memoryBytes: parseBytes(annotations['dapr.io/sidecar-memory-request'] ?? '0') ?? 0,
  };
}

/** What the scheduler reserves for one pod: the larger of its containers' sum and any init container. */
export function podRequests(spec: any): Resources {
  const of = (c: any): Resources => ({
    cpuMillis: parseCpuMillis(String(c?.resources?.requests?.cpu ?? '0')) ?? NaN,
    memoryBytes: parseBytes(String(c?.resources?.requests?.memory ?? '0')) ?? NaN,
  });
  const main = ((spec?.containers ?? []) as any[]).map(of).reduce(
    (a: Resources, b: Resources) => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes }),
    { cpuMillis: 0, memoryBytes: 0 },
  );
  const init = ((spec?.initContainers ?? []) as any[]).map(of);
  return {
    cpuMillis: Math.max(main.cpuMillis, ...init.map((r: Resources) => r.cpuMillis)),
    memoryBytes: Math.max(main.memoryBytes, ...init.map((r: Resources) => r.memoryBytes)),
  };
}

/**
 * Extra pods a Deployment runs during a rolling update: maxSurge (an absolute number, or a
 * percentage of replicas rounded up; 25% when unset). Recreate runs none, and neither do
 * StatefulSets (they replace pods one at a time).
 */
export function surgePods(workload: Manifest): number {
  if (workload.kind !== 'Deployment') return 0;
  const strategy = workload.spec?.strategy ?? {};
  if (strategy.type === 'Recreate') return 0;
  const replicas = workload.spec?.replicas ?? 1;
  const maxSurge = strategy.rollingUpdate?.maxSurge ?? '25%';
  if (typeof maxSurge === 'number') return maxSurge;
  const pct = /^(\d+)%$/.exec(maxSurge);
  if (pct) return Math.ceil((replicas * Number(pct[1])) / 100);
  return Number(maxSurge);
}

/** How many pods of each template run at the peak of a rollout, and what each one requests. */
export function peakPods(manifests: readonly Manifest[]): { owner: string; specPath: string; count: number; each: Resources }[] {
  return podTemplates(manifests).map((pod) => {
    // An autoscaled Deployment has no replicas: it runs at least its autoscaler's minReplicas.
    const hpa = autoscalerOf(pod.workload, manifests);
    const replicas = ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(pod.workload.kind)
      ? (pod.workload.spec?.replicas ?? hpa?.spec?.minReplicas ?? 1)
      : pod.workload.kind === 'Job'
        ? (pod.workload.spec?.parallelism ?? 1)
        : 1;
    const [own, sidecar] = [podRequests(pod.spec), sidecarRequests(pod.metadata.annotations)];
    const each = { cpuMillis: own.cpuMillis + sidecar.cpuMillis, memoryBytes: own.memoryBytes + sidecar.memoryBytes };
    return { owner: pod.owner, specPath: pod.specPath, count: replicas + surgePods(pod.workload), each };
  });
}

/** Total requests of our pods at their rollout peak plus pods already on the node. */
export function peakRequests(manifests: readonly Manifest[], alreadyScheduled: readonly Resources[]): Resources {
  const all = [...peakPods(manifests).map((p) => ({ cpuMillis: p.count * p.each.cpuMillis, memoryBytes: p.count * p.each.memoryBytes })), ...alreadyScheduled];
  return { cpuMillis: all.reduce((s, r) => s + r.cpuMillis, 0), memoryBytes: all.reduce((s, r) => s + r.memoryBytes, 0) };
}
