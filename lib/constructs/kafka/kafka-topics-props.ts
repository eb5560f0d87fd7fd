import type { KafkaBroker } from './kafka-broker';

/** Props of KafkaTopics. */
export interface KafkaTopicsProps {
  /** The broker the topics are made on (its image has the tools). */
  readonly broker: KafkaBroker;
  /** Topic names, e.g. `['task-events', 'reminders', 'task-updates']`. */
  readonly topics: readonly string[];
  /**
   * Partitions of each topic.
   * @default 1
   */
  readonly partitions?: number;
}
