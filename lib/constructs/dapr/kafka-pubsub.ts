import { Construct } from 'constructs';
import { KAFKA_CLIENT_VERSION, PHASE_V_NAMES } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { constructPath, PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DaprComponent } from './dapr-component';
import { DaprMetadataItem } from './dapr-component-props';
import { KafkaPubsubProps } from './kafka-pubsub-props';

/**
 * Kafka pub/sub (`pubsub.kafka`) as Dapr 1.16 reads it: `authType` always stated (without it the
 * component does not load), `version` 4.0.0 so the client speaks Kafka 4's protocol versions,
 * SASL credentials only as Secret keys. The synth checks refuse the same mistakes in a hand-written one.
 */
export class KafkaPubsub extends DaprComponent {
  constructor(scope: Construct, id: string, props: KafkaPubsubProps) {
    const c = new FieldChecker();
    if (new.target === KafkaPubsub) c.absorb(shapeIssues('KafkaPubsubProps', props));
    c.check(Array.isArray(props.brokers) && props.brokers.length > 0 && props.brokers.every((b) => typeof b === 'string' && /^[^\s,:]+:\d+$/.test(b)), 'brokers', props.brokers, 'a list of host:port');
    PropsError.throwIfAny(constructPath(scope, id), c.issues);
    const sasl = props.sasl;
    const tls = props.tls ?? sasl !== undefined;
    const items: DaprMetadataItem[] = [
      { name: 'brokers', value: props.brokers.join(',') },
      { name: 'authType', value: sasl ? 'password' : 'none' },
      { name: 'version', value: props.version ?? KAFKA_CLIENT_VERSION },
      { name: 'initialOffset', value: props.initialOffset ?? 'oldest' },
      ...(sasl ? [
        { name: 'saslMechanism', value: sasl.mechanism },
        { name: 'saslUsername', secretKeyRef: { name: sasl.secretName, key: sasl.usernameKey } },
        { name: 'saslPassword', secretKeyRef: { name: sasl.secretName, key: sasl.passwordKey } },
      ] : []),
      ...(tls ? [] : [{ name: 'disableTls', value: 'true' }]),
      ...(props.caCert ? [{ name: 'caCert', secretKeyRef: { name: props.caCert.secretName, key: props.caCert.key } }] : []),
    ];
    super(scope, id, { name: props.name ?? PHASE_V_NAMES.pubsub, type: 'pubsub.kafka', metadata: items, scopes: props.scopes, namespace: props.namespace });
  }
}
