import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DisruptionBudgetOptions, DisruptionBudgetProps } from './disruption-budget-props';

const INT_OR_PERCENT = /^(\d+)%$/;

/**
 * A PodDisruptionBudget (policy/v1) for a workload's pods, named like the workload: a node drain
 * evicts them only while enough stay available. A budget that can never allow an eviction
 * (minAvailable at or above the replicas, or maxUnavailable 0) blocks every drain; synth refuses
 * it, this one or any other object's.
 */
export class DisruptionBudget extends Construct {
  /** The L1 object (plus-30 2.4.10 has no PodDisruptionBudget construct). */
  public readonly apiObject: k8s.KubePodDisruptionBudget;

  /** Problems with budget options, reported under `prop` with the workload's other props. */
  static check(c: FieldChecker, o: DisruptionBudgetOptions, prop = 'disruptionBudget'): void {
    if (o.minAvailable !== undefined && o.maxUnavailable !== undefined) {
      c.check(false, prop, o, 'minAvailable or maxUnavailable, not both (the API server refuses both)');
    }
    for (const field of ['minAvailable', 'maxUnavailable'] as const) {
      const v = o[field];
      if (v === undefined) continue;
      const ok = (Number.isInteger(v) && (v as number) >= 0) || (typeof v === 'string' && INT_OR_PERCENT.test(v) && Number(INT_OR_PERCENT.exec(v)![1]) <= 100);
      c.check(ok, `${prop}.${field}`, v, 'a number of pods (0 or more) or a percentage from "0%" to "100%"');
    }
  }

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === DisruptionBudget) c.absorb(shapeIssues('DisruptionBudgetProps', props));
    DisruptionBudget.check(c, { minAvailable: props.minAvailable, maxUnavailable: props.maxUnavailable }, 'props');
    PropsError.throwIfAny(this, c.issues);
    const { workload } = props;
    const budget = props.minAvailable !== undefined
      ? { minAvailable: intOrString(props.minAvailable) }
      : { maxUnavailable: intOrString(props.maxUnavailable ?? 1) };
    this.apiObject = new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name: workload.name, namespace: workload.namespace, labels: { ...(workload.labels ?? {}) } },
      spec: { selector: { matchLabels: { ...workload.selector } }, ...budget },
    });
  }
}

function intOrString(v: number | string): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}
