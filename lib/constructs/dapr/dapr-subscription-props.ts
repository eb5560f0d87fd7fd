/** Props of DaprSubscription. */
export interface DaprSubscriptionProps {
  /** The Subscription's name. */
  readonly name: string;
  /** The pub/sub Component's name, e.g. `kafka-pubsub`. */
  readonly pubsubName: string;
  readonly topic: string;
  /** The app's path events are POSTed to, e.g. `/events/task`. */
  readonly route: string;
  /** The app-ids that receive the events (top-level `scopes`). */
  readonly scopes: readonly string[];
  /**
   * A topic failed deliveries go to.
   * @default - none
   */
  readonly deadLetterTopic?: string;
  /**
   * Namespace: the Component's and the workloads'.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}
