import type * as kplus from 'cdk8s-plus-30';
import type { Cron, Duration } from 'cdk8s';
import { PodWorkloadProps } from '../common/pod-props';

/** Props of BatchJob. */
export interface BatchJobProps extends PodWorkloadProps {
  /**
   * Run on this schedule (a CronJob), e.g. `Cron.daily()` or `Cron.schedule({ minute: '0', hour: '3' })`.
   * @default - a one-off Job, run once when applied
   */
  readonly schedule?: Cron;
  /**
   * Time zone of the schedule, e.g. `Europe/Berlin` (CronJobs only).
   * @default - the kube-controller-manager's time zone
   */
  readonly timeZone?: string;
  /**
   * Whether a scheduled run may start while the last one is still running (CronJobs only).
   * @default kplus.ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;
  /**
   * Retries before the Job is marked failed.
   * @default - Kubernetes' default, 6
   */
  readonly backoffLimit?: number;
  /**
   * How long a run may take before it is stopped and marked failed.
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * Delete a finished one-off Job (and its pods) after this long, so the next `kubectl apply`
   * creates it again (a Job's pod template cannot be changed in place).
   * @default - kept until deleted (CronJobs keep `successfulJobsRetained` / `failedJobsRetained` runs)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Finished successful runs kept, for `kubectl logs` (CronJobs only).
   * @default 3
   */
  readonly successfulJobsRetained?: number;
  /**
   * Failed runs kept (CronJobs only).
   * @default 1
   */
  readonly failedJobsRetained?: number;
}
