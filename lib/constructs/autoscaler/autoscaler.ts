import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { AutoscalerProps, AutoscalingOptions } from './autoscaler-props';
import { MAX_REPLICAS } from '../../model/kube-names';

/** CPU utilization target unless given, in percent of requests. */
export const DEFAULT_CPU_UTILIZATION = 70;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) for a WebService or Worker, named like it, scaling
 * on average CPU (and optionally memory) utilization between `minReplicas` and `maxReplicas`.
 * The Deployment leaves `replicas` to it. Built by the workload's `autoscaling` prop.
 */
export class Autoscaler extends Construct {
  /** The plus-30 HorizontalPodAutoscaler. */
  public readonly hpa: kplus.HorizontalPodAutoscaler;
  public readonly minReplicas: number;
  public readonly maxReplicas: number;

  /** Problems with autoscaling options, reported under `prop` with the workload's other props. */
  static check(c: FieldChecker, o: AutoscalingOptions, prop = 'autoscaling'): void {
    if (o.minReplicas !== undefined) c.integer(`${prop}.minReplicas`, o.minReplicas, 1, MAX_REPLICAS);
    c.check(Number.isInteger(o.maxReplicas) && o.maxReplicas >= 1 && o.maxReplicas <= MAX_REPLICAS, `${prop}.maxReplicas`, o.maxReplicas, `an integer from 1 to ${MAX_REPLICAS}`);
    if (Number.isInteger(o.minReplicas) && Number.isInteger(o.maxReplicas) && o.minReplicas! > o.maxReplicas) {
      c.check(false, `${prop}.minReplicas`, o.minReplicas, `at most maxReplicas (${o.maxReplicas})`);
    }
    if (o.cpuUtilization !== undefined) c.integer(`${prop}.cpuUtilization`, o.cpuUtilization, 1, 1000);
    if (o.memoryUtilization !== undefined) c.integer(`${prop}.memoryUtilization`, o.memoryUtilization, 1, 1000);
  }

  constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === Autoscaler) c.absorb(shapeIssues('AutoscalerProps', props));
    Autoscaler.check(c, props, 'props');
    PropsError.throwIfAny(this, c.issues);
    const { workload } = props;
    this.minReplicas = props.minReplicas ?? 1;
    this.maxReplicas = props.maxReplicas;
    this.hpa = new kplus.HorizontalPodAutoscaler(this, 'hpa', {
      metadata: { name: workload.name, namespace: workload.namespace, labels: { ...workload.labels } },
      target: workload.deployment,
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas,
      metrics: [
        kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.cpuUtilization ?? DEFAULT_CPU_UTILIZATION)),
        ...(props.memoryUtilization !== undefined ? [kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(props.memoryUtilization))] : []),
      ],
    });
  }
}
