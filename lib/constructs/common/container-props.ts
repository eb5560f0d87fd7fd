import * as kplus from 'cdk8s-plus-30';
import { ResourceSettings } from '../../model/settings/types';
import { EnvVariable } from './env';
import { RunAsUser } from './security';

/** A volume mounted into a container at a path. */
export interface VolumeAtPath {
  /** Absolute path in the container. */
  readonly path: string;
  /**
   * A plus-30 volume, e.g. `kplus.Volume.fromConfigMap(...)`. Only the types the restricted Pod
   * Security Standard allows are accepted (configMap, secret, emptyDir, PVC, projected,
   * downwardAPI, csi, ephemeral).
   */
  readonly volume: kplus.Volume;
  /**
   * Mount it read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * What the caller chooses about one container; everything security-related is decided by the
 * workload (user, read-only root, dropped capabilities, seccomp) and cannot be loosened here.
 */
export interface ContainerOptions {
  /**
   * Entrypoint, replacing the image's ENTRYPOINT.
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Arguments, replacing the image's CMD.
   * @default - the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Env variables, in order, after those the workload sets itself (image env, DATABASE_URL).
   * @default - none
   */
  readonly env?: readonly EnvVariable[];
  /**
   * Requests and limits.
   * @default - the workload's default for this kind of container
   */
  readonly resources?: ResourceSettings;
  /**
   * Extra volumes mounted into the container (besides the emptyDirs for writable paths).
   * @default - none
   */
  readonly volumes?: readonly VolumeAtPath[];
}

/** An init container of a workload, run after the database wait and any migration, in order. */
export interface InitContainerOptions extends ContainerOptions {
  /** Container name, a DNS-1123 label unique in the pod. */
  readonly name: string;
  /**
   * Image reference (`repository:tag`).
   * @default - the workload's own image
   */
  readonly image?: string;
  /**
   * Pull policy.
   * @default - the workload's pull policy when the image is the workload's, else IfNotPresent
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * The numeric user it runs as: it must be the image's own non-root user.
   * @default - the workload's user (its image contract's)
   */
  readonly user?: RunAsUser;
  /**
   * Paths the process writes under the read-only root; each gets an emptyDir.
   * @default - the workload's writable paths (its image contract's)
   */
  readonly writablePaths?: readonly string[];
  /**
   * `FallbackToLogsOnError` puts the last log lines into `kubectl describe` when it fails.
   * @default 'FallbackToLogsOnError'
   */
  readonly terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
}
