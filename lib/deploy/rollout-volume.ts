/**
 * A volume the pod cannot use: the kubelet cannot mount it (a `FailedMount` event), or the
 * container cannot write where it is mounted (its log says "Permission denied" or "Read-only
 * file system" on a path under the mount). Neither ends by waiting.
 */
import { ClusterState, ContainerSpec, Pod, eventsFor } from './rollout-cluster-state';

const UNWRITABLE = /permission denied|read-only file system|EACCES|EROFS/i;

/**
 * FailedMount messages that are the kubelet catching up, not a volume that cannot be mounted
 * (its object cache not yet holding a ConfigMap or Secret it was just given).
 */
const MOUNT_CATCHING_UP = /not registered|timed out waiting for the condition/i;

/** The mounted volume a log line says cannot be written, with the claim behind it; undefined when none. */
export function unwritableMount(pod: Pod, container: ContainerSpec | undefined, lines: readonly string[]): { line: string; mountPath: string; volume: string; claim?: string } | undefined {
  const mounts = [...(container?.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length);
  for (const line of [...lines].reverse()) {
    if (!UNWRITABLE.test(line)) continue;
    const mount = mounts.find((m) => line.includes(m.mountPath));
    if (!mount) continue;
    const claim = pod.spec?.volumes?.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
    return { line, mountPath: mount.mountPath, volume: mount.name, claim };
  }
  return undefined;
}

/** What to do when a container cannot write its mounted volume. */
export function unwritableAdvice(pod: Pod, mount: { mountPath: string; volume: string; claim?: string }, state: ClusterState): string {
  const user = pod.spec?.securityContext?.runAsUser;
  const who = user !== undefined ? `uid ${user}${pod.spec?.securityContext?.fsGroup !== undefined ? `, fsGroup ${pod.spec.securityContext.fsGroup}` : ''}` : 'the container\'s user';
  if (!mount.claim) return `volume "${mount.volume}" at ${mount.mountPath} is not writable by ${who}: it must be writable there (a writable emptyDir, not the image's read-only root)`;
  const pvc = state.pvcs.find((p) => p.metadata.name === mount.claim);
  const className = pvc?.spec?.storageClassName;
  return `claim ${mount.claim}${className ? ` (StorageClass "${className}")` : ''} mounted at ${mount.mountPath} is not writable by ${who}: its provisioner makes directories this user cannot write and ignores fsGroup; ` +
    'use a StorageClass whose volumes are (minikube\'s "standard", kind\'s and Rancher\'s "local-path"): database.storageClassName in a values file, then npm run down -- --delete-data and npm run deploy';
}

/** The newest FailedMount event of a pod still creating its containers, when it is not the kubelet catching up. */
export function failedMount(pod: Pod, state: ClusterState): string | undefined {
  const creating = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].every((c) => !c.state?.running && !c.state?.terminated);
  if (!creating || pod.status?.phase !== 'Pending') return undefined;
  const event = eventsFor(state.events, 'Pod', pod.metadata.name).filter((e) => e.reason === 'FailedMount' || e.reason === 'FailedAttachVolume').pop();
  if (!event?.message || MOUNT_CATCHING_UP.test(event.message)) return undefined;
  // The kubelet looked for a claim before it existed or was bound (the StatefulSet's claim, being
  // provisioned): catching up once the claim is there; a claim that never binds is diagnosed as such.
  const claim = /persistentvolumeclaims? "([^"]+)" not found|PVC [^/\s]+\/([^\s:]+)(?::| is not bound)/i.exec(event.message);
  const claimName = claim?.[1] ?? claim?.[2];
  if (claimName && state.pvcs.some((p) => p.metadata.name === claimName)) return undefined;
  return event.message.replace(/\s*\n\s*/g, ' ').trim();
}
