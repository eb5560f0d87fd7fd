import type { ContractWorkload } from '../contract-workload/contract-workload';

/** How a workload scales: the bounds and the utilization targets (percent of the pods' requests). */
export interface AutoscalingOptions {
  /**
   * Fewest pods.
   * @default 1
   */
  readonly minReplicas?: number;
  /** Most pods (at most 100). */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, in percent of the containers' CPU requests.
   * @default 70
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilization, in percent of the containers' memory requests.
   * @default - not scaled on memory
   */
  readonly memoryUtilization?: number;
}

/** Props of Autoscaler. */
export interface AutoscalerProps extends AutoscalingOptions {
  /** The Deployment to scale (a WebService or Worker built without `replicas`). */
  readonly workload: ContractWorkload;
}
