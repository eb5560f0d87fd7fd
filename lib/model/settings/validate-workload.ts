/**
 * A workload's settings (`backend`, `frontend`): its number of pods, fixed or autoscaled, its
 * resources and its disruption budget. Read by validate.ts's checkFields.
 */
import { FieldChecker } from '../field-checker';
import { MAX_REPLICAS } from '../kube-names';
import { impossibleBudget } from './disruption';
import { DisruptionBudgetSettings, WorkloadSettings } from './types';

export function workloadSettings(c: FieldChecker, field: string, w: WorkloadSettings | undefined): void {
  if (!c.mapping(field, w, 'a mapping with replicas and resources')) return;
  replicasSettings(c, `${field}.replicas`, w?.replicas);
  c.resources(`${field}.resources`, w?.resources);
  if (w?.disruptionBudget !== undefined) disruptionBudgetSettings(c, `${field}.disruptionBudget`, w.disruptionBudget, w.replicas);
}

/** A fixed number of pods, or `{ autoscaled: { min, max, cpuUtilization?, memoryUtilization? } }`. */
function replicasSettings(c: FieldChecker, field: string, r: WorkloadSettings['replicas'] | undefined): void {
  if (typeof r !== 'object' || r === null) {
    c.integer(field, r, 0, MAX_REPLICAS);
    return;
  }
  const allowed = `an integer from 0 to ${MAX_REPLICAS}, or { autoscaled: { min, max } } for a HorizontalPodAutoscaler`;
  if (!c.mapping(`${field}.autoscaled`, r.autoscaled, allowed)) return;
  const a = r.autoscaled;
  const min = c.integer(`${field}.autoscaled.min`, a.min, 1, MAX_REPLICAS);
  if (c.integer(`${field}.autoscaled.max`, a.max, 1, MAX_REPLICAS) && min && a.min > a.max) {
    c.fail(`${field}.autoscaled.min`, `min ${a.min} is above max ${a.max}`, 'min at most max');
  }
  if (a.cpuUtilization !== undefined) c.integer(`${field}.autoscaled.cpuUtilization`, a.cpuUtilization, 1, 1000);
  if (a.memoryUtilization !== undefined) c.integer(`${field}.autoscaled.memoryUtilization`, a.memoryUtilization, 1, 1000);
}

/** minAvailable or maxUnavailable, a number or a percentage; one that can never allow an eviction is refused. */
function disruptionBudgetSettings(c: FieldChecker, field: string, b: DisruptionBudgetSettings, replicas: WorkloadSettings['replicas'] | undefined): void {
  if (!c.mapping(field, b, 'a mapping with minAvailable or maxUnavailable')) return;
  const allowed = 'a number of pods or a percentage such as "50%"';
  const valid = (v: unknown) => (Number.isInteger(v) && (v as number) >= 0) || (typeof v === 'string' && /^(100|[1-9]?\d)%$/.test(v));
  if ((b.minAvailable === undefined) === (b.maxUnavailable === undefined)) {
    c.fail(field, 'needs exactly one of minAvailable and maxUnavailable', `{ minAvailable: ${allowed} } or { maxUnavailable: ... }`);
    return;
  }
  const key = b.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
  if (!c.check(valid(b[key]), `${field}.${key}`, b[key], allowed)) return;
  const fewest = typeof replicas === 'object' ? replicas?.autoscaled?.min : replicas;
  const problem = Number.isInteger(fewest) ? impossibleBudget(b, fewest as number) : undefined;
  if (problem) c.fail(`${field}.${key}`, problem, 'a budget that lets a node drain evict at least one pod');
}
