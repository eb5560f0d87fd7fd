import * as kplus from 'cdk8s-plus-30';
import { ContractWorkloadProps } from '../common/pod-props';

/** Props of Worker. */
export interface WorkerProps extends ContractWorkloadProps {
  /**
   * Liveness probe, e.g. `kplus.Probe.fromCommand(['test', '-f', '/tmp/alive'])`.
   * @default - none: the kubelet restarts the worker only when its process exits
   */
  readonly liveness?: kplus.Probe;
  /**
   * Readiness probe.
   * @default - none
   */
  readonly readiness?: kplus.Probe;
  /**
   * Startup probe.
   * @default - none
   */
  readonly startup?: kplus.Probe;
}
