import { DaprComponentOptions } from './dapr-component-props';

/** Props of CronBinding. */
export interface CronBindingProps extends DaprComponentOptions {
  /**
   * The binding's name: daprd calls `POST /<name>` on the app at each tick.
   * @default 'reminder-cron'
   */
  readonly name?: string;
  /** `@every 1m`, `@hourly`, or a cron expression. */
  readonly schedule: string;
}
