import { ImageSettings, ResourceSettings } from '../../model/settings/types';

/** Props of PhaseVWorkers. */
export interface PhaseVWorkersProps {
  /** The image of dockerfiles/workers.Dockerfile that runs (the lock pins it after a build). */
  readonly image: ImageSettings;
  /** The pub/sub Component the Subscriptions name and the recurring-task worker publishes through. */
  readonly pubsubName: string;
  /**
   * The state store Component the workers save through.
   * @default - none: the workers only log what they do
   */
  readonly stateStoreName?: string;
  /**
   * Requests and limits of each worker's container.
   * @default - requests 25m CPU / 48Mi, limits 250m CPU / 128Mi
   */
  readonly resources?: ResourceSettings;
  /**
   * daprd's log level.
   * @default 'info'
   */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
}
