import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { Autoscaler } from '../autoscaler/autoscaler';
import { ContractWorkloadProps } from '../common/pod-props';
import { MainContainerSpec, PodWorkload } from '../common/pod-workload';
import { FieldChecker } from '../../model/field-checker';
import { deploymentStrategy } from '../common/rollout';
import { MAX_REPLICAS } from '../../model/kube-names';

export { MainContainerSpec, imageRef } from '../common/pod-workload';


/**
 * A long-running Deployment, shared by WebService and Worker: the hardened pods of a PodWorkload
 * (from an image contract, or any image given `name` and `user`), a fixed number of replicas
 * and a rolling update that fits a small node unless `strategy` says otherwise.
 */
export abstract class ContractWorkload extends PodWorkload<kplus.Deployment> {
  /** The plus-30 Deployment: `deployment.scheduling`, `deployment.addVolume`, ... */
  public readonly deployment: kplus.Deployment;
  /** The HorizontalPodAutoscaler, when `autoscaling` is given. */
  public readonly autoscaler?: Autoscaler;

  /**
   * @param checks problems a subclass found in its own props before `super()`, reported together
   *   with the shared ones
   */
  protected constructor(scope: Construct, id: string, props: ContractWorkloadProps, checks: FieldChecker | undefined, main: MainContainerSpec) {
    const c = new FieldChecker();
    if (checks) c.absorb(checks.issues);
    if (props.replicas !== undefined) c.integer('replicas', props.replicas, 0, MAX_REPLICAS);
    if (props.autoscaling) {
      Autoscaler.check(c, props.autoscaling);
      if (props.replicas !== undefined) c.check(false, 'replicas', props.replicas, 'unset when `autoscaling` is given: the autoscaler owns the number of pods (set autoscaling.minReplicas instead)');
    }
    super(scope, id, props, c, main, {
      podSpecPath: '/spec/template/spec',
      create: (self, pod) => {
        const deployment = new LabelSelectedDeployment(self, 'deployment', self.selector, {
          ...pod,
          // Our stable labels select the pods, not plus-30's generated address label.
          select: false,
          // With an autoscaler plus-30 leaves replicas out, and refuses a fixed number.
          replicas: props.autoscaling ? undefined : props.replicas ?? 1,
          strategy: deploymentStrategy(props.strategy),
        });
        deployment.select(kplus.LabelSelector.of({ labels: { ...self.selector } }));
        return deployment;
      },
    });
    this.deployment = this.podController;
    if (props.autoscaling) this.autoscaler = new Autoscaler(this, 'autoscaler', { workload: this, ...props.autoscaling });
  }
}

/**
 * A Deployment that plus-30 selects (`Service.select`, `connections.allowFrom`, `Pods` peers) by
 * the workload's own selector labels, like every object the constructs make, rather than by
 * plus-30's generated `cdk8s.io/metadata.addr` label (which names the construct path).
 */
class LabelSelectedDeployment extends kplus.Deployment {
  constructor(scope: Construct, id: string, private readonly selectorLabels: Readonly<Record<string, string>>, props: kplus.DeploymentProps) {
    super(scope, id, props);
  }

  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return {
      labelSelector: kplus.LabelSelector.of({ labels: { ...this.selectorLabels } }),
      namespaces: this.metadata.namespace ? { names: [this.metadata.namespace] } : undefined,
    };
  }
}
