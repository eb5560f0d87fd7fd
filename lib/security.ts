import * as k8s from '../imports/k8s';

/** A numeric user and group, as the kubelet needs them to enforce `runAsNonRoot`. */
export interface RunAsUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Pod-level settings of the Pod Security Standard "restricted". The uid is stated explicitly:
 * the kubelet refuses `runAsNonRoot` for an image whose USER it cannot prove non-root.
 */
export function restrictedPodSecurityContext(user: RunAsUser): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    // Makes mounted volumes (PVCs, emptyDirs) writable by the process's group.
    fsGroup: user.gid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level settings of the Pod Security Standard "restricted", plus a read-only root. */
export function restrictedContainerSecurityContext(user: RunAsUser): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** An emptyDir mounted at `mountPath`, for a path the process writes under a read-only root. */
export interface WritableDir {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

/** Turns writable paths into emptyDir volumes and mounts with stable, DNS-safe names. */
export function writableDirs(paths: readonly string[], sizeLimit = '256Mi'): WritableDir[] {
  return paths.map((mountPath) => {
    const name = mountPath.replace(/^\/+/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase() || 'root';
    return {
      volume: { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } },
      mount: { name, mountPath },
    };
  });
}

/** Pod settings every workload here shares, and why. */
export const POD_DEFAULTS = {
  // None of the apps call the Kubernetes API; a mounted token is only something to steal.
  automountServiceAccountToken: false,
  // Otherwise the kubelet injects e.g. POSTGRES_PORT=tcp://... and BACKEND_PORT=tcp://... into
  // every container, which collides with variables the images read.
  enableServiceLinks: false,
} as const;
