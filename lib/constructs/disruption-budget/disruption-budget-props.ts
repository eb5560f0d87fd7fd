import type { IDatabaseClient } from '../common/database-connection';

/** How many of a workload's pods a voluntary disruption (a node drain) must leave running. */
export interface DisruptionBudgetOptions {
  /**
   * Pods that must stay available: a number, or a percentage such as `'50%'`. Give this or
   * `maxUnavailable`, not both.
   * @default - unset (maxUnavailable applies)
   */
  readonly minAvailable?: number | string;
  /**
   * Pods that may be unavailable at once: a number, or a percentage such as `'25%'`.
   * @default 1 when minAvailable is unset
   */
  readonly maxUnavailable?: number | string;
}

/** Props of DisruptionBudget. */
export interface DisruptionBudgetProps extends DisruptionBudgetOptions {
  /** The workload whose pods it protects (selected by its `selector` labels). */
  readonly workload: IDatabaseClient & { readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
}
