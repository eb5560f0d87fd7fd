import * as kplus from 'cdk8s-plus-30';
import { Size } from 'cdk8s';
import { Construct } from 'constructs';

/** A numeric user and group, as the kubelet needs them to enforce `runAsNonRoot`. */
export interface RunAsUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Pod-level settings of the Pod Security Standard "restricted". The uid is stated explicitly:
 * the kubelet refuses `runAsNonRoot` for an image whose USER it cannot prove non-root.
 * `fsGroup` makes mounted volumes (PVCs, emptyDirs) writable by the process's group.
 */
export function restrictedPodSecurityContext(user: RunAsUser): kplus.PodSecurityContextProps {
  return { ensureNonRoot: true, user: user.uid, group: user.gid, fsGroup: user.gid };
}

/** Container-level settings of "restricted", plus a read-only root (plus-30 defaults stated, not assumed). */
export function restrictedContainerSecurityContext(user: RunAsUser): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: user.uid,
    group: user.gid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/** An emptyDir for a path the process writes under a read-only root. */
export interface WritableDir {
  readonly path: string;
  readonly volume: kplus.Volume;
}

/** The DNS-safe volume name of a writable path, e.g. `/app/.next/cache` -> `app-next-cache`. */
export function writableDirName(path: string): string {
  return path.replace(/^\/+/, '').replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '').toLowerCase() || 'root';
}

/** emptyDir volumes (256Mi each, so a runaway cache cannot fill the node) for writable paths. */
export function writableDirs(scope: Construct, paths: readonly string[], sizeLimitMi = 256): WritableDir[] {
  return paths.map((path) => {
    const name = writableDirName(path);
    const id = `volume-${name}`;
    const volume = (scope.node.tryFindChild(id) as kplus.Volume | undefined) ??
      kplus.Volume.fromEmptyDir(scope, id, name, { sizeLimit: Size.mebibytes(sizeLimitMi) });
    return { path, volume };
  });
}

/** Pod settings every workload here shares, and why. */
export const POD_DEFAULTS = {
  // None of the apps call the Kubernetes API; a mounted token is only something to steal.
  automountServiceAccountToken: false,
  // Otherwise the kubelet injects e.g. POSTGRES_PORT=tcp://... and BACKEND_PORT=tcp://... into
  // every container, which collides with variables the images read.
  enableServiceLinks: false,
  // plus-30 would create ingress/egress deny-all policies for the pod; the database's own policy
  // admits its clients, and restricting egress would cut DNS.
  isolate: false,
} as const;
