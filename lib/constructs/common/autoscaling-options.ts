import type * as kplus from 'cdk8s-plus-30';

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

/** What an Autoscaler scales: a Deployment of ours (a WebService or a Worker), named and labelled. */
export interface IScalableWorkload {
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The plus-30 Deployment whose replicas the autoscaler owns. */
  readonly deployment: kplus.Deployment;
}
