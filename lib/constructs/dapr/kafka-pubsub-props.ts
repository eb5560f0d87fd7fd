import { DaprComponentOptions } from './dapr-component-props';

/** SASL for pubsub.kafka: the user name and password are keys of a Secret. */
export interface KafkaSaslAuth {
  /** `SHA-256` or `SHA-512` (SCRAM; Redpanda Cloud), or `PLAIN` (Confluent Cloud). Not `SCRAM-SHA-256`. */
  readonly mechanism: 'SHA-256' | 'SHA-512' | 'PLAIN';
  /** The Secret holding both keys. */
  readonly secretName: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
}

/** Props of KafkaPubsub. */
export interface KafkaPubsubProps extends DaprComponentOptions {
  /**
   * The Component's name, what apps publish to.
   * @default 'kafka-pubsub'
   */
  readonly name?: string;
  /** `host:port` of each seed broker, e.g. `kafka.todo.svc.cluster.local:9092`. */
  readonly brokers: readonly string[];
  /**
   * The Kafka protocol version the client announces (Kafka 4 brokers refuse versions before 0.11).
   * @default '4.0.0'
   */
  readonly version?: string;
  /**
   * SASL with credentials from a Secret.
   * @default - none (`authType: none`)
   */
  readonly sasl?: KafkaSaslAuth;
  /**
   * TLS to the brokers.
   * @default - on with SASL, off without
   */
  readonly tls?: boolean;
  /**
   * A PEM CA certificate for the brokers' TLS, as a Secret key.
   * @default - the system's CAs
   */
  readonly caCert?: { readonly secretName: string; readonly key: string };
  /**
   * Where a new consumer group starts reading.
   * @default 'oldest' (events published before a subscriber first started are delivered)
   */
  readonly initialOffset?: 'oldest' | 'newest';
}
