import { Kubectl } from './kubectl';
import { ClusterState, StorageClass } from './rollout-cluster-state';
import { LOG_LINES_QUOTED, LogReader } from './rollout-diagnose-pod';

/** Kinds read in one call per look. */
const NAMESPACED_KINDS = 'deployments.apps,statefulsets.apps,daemonsets.apps,jobs.batch,replicasets.apps,pods,persistentvolumeclaims';

/** StorageClasses change rarely; one read per process. */
let storageClasses: Promise<StorageClass[] | undefined> | undefined;

/** One look at a namespace: its workloads, pods, claims and events (two kubectl calls). */
export async function readClusterState(kubectl: Kubectl, namespace: string): Promise<ClusterState> {
  storageClasses ??= kubectl.json<{ items: StorageClass[] }>(['get', 'storageclasses.storage.k8s.io']).then((l) => l.items, () => undefined);
  const [objects, events] = await Promise.all([
    kubectl.json<{ items: any[] }>(['get', NAMESPACED_KINDS, '-n', namespace]),
    kubectl.json<{ items: any[] }>(['get', 'events', '-n', namespace]),
  ]);
  const of = (kind: string) => objects.items.filter((o) => o.kind === kind);
  return {
    workloads: objects.items.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind)),
    replicaSets: of('ReplicaSet'),
    pods: of('Pod'),
    pvcs: of('PersistentVolumeClaim'),
    events: events.items,
    storageClasses: await storageClasses,
  };
}

/** Reads the last lines of a container's log (of its previous run when `previous`). */
export function kubectlLogReader(kubectl: Kubectl, namespace: string): LogReader {
  return async (pod, container, previous) => {
    const args = ['logs', pod, '-n', namespace, '-c', container, `--tail=${LOG_LINES_QUOTED}`, ...(previous ? ['--previous'] : [])];
    let result = await kubectl.run(args);
    // No previous run yet (the first crash is still the current one): read the current log.
    if (result.code !== 0 && previous) result = await kubectl.run(args.slice(0, -1));
    return result.code === 0 ? result.stdout : '';
  };
}
