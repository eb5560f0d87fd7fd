/** A PodDisruptionBudget's numbers, as settings or a manifest carry them. */
export interface BudgetNumbers {
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

/** Pods a budget value stands for out of `replicas` (a percentage rounds up, as the disruption controller does). */
function pods(value: number | string, replicas: number): number {
  if (typeof value === 'number') return value;
  const pct = /^(\d+)%$/.exec(value);
  return pct ? Math.ceil((replicas * Number(pct[1])) / 100) : Number(value);
}

/**
 * Why a budget can never allow a voluntary eviction of a workload running `replicas` pods
 * (every node drain then hangs), or undefined when it can.
 */
export function impossibleBudget(b: BudgetNumbers, replicas: number): string | undefined {
  if (replicas <= 0) return undefined;
  if (b.minAvailable !== undefined) {
    const min = pods(b.minAvailable, replicas);
    if (min >= replicas) return `minAvailable ${b.minAvailable} is ${min} of ${replicas} pod${replicas === 1 ? '' : 's'}: no pod may ever be evicted, so every node drain would wait forever`;
  } else if (b.maxUnavailable !== undefined && pods(b.maxUnavailable, replicas) <= 0) {
    return `maxUnavailable ${b.maxUnavailable} allows no eviction of any of the ${replicas} pod${replicas === 1 ? '' : 's'}, so every node drain would wait forever`;
  }
  return undefined;
}
