import { ImageSettings, ResourceSettings } from '../../model/settings/types';

/** Props of KafkaBroker. */
export interface KafkaBrokerProps {
  /** The broker image built from dockerfiles/kafka.Dockerfile (Apache Kafka 4.x on a Debian JRE). */
  readonly image: ImageSettings;
  /**
   * Name of the StatefulSet and of the Service clients dial.
   * @default 'kafka'
   */
  readonly name?: string;
  /**
   * Value of `app.kubernetes.io/instance`.
   * @default - the TodoChart's instance (required outside one)
   */
  readonly instance?: string;
  /**
   * Namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Size of the data volume's claim.
   * @default '1Gi'
   */
  readonly storage?: string;
  /**
   * StorageClass of the claim.
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;
  /**
   * Requests and limits (the JVM's heap is 512 MiB at most).
   * @default - requests 100m CPU / 600Mi, limits 1 CPU / 1Gi
   */
  readonly resources?: ResourceSettings;
}
