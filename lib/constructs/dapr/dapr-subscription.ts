import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DAPR_SUBSCRIPTION_API, KAFKA_TOPIC } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DaprSubscriptionProps } from './dapr-subscription-props';

/**
 * A declarative Subscription (dapr.io/v2alpha1): events of `topic` on `pubsubName` are POSTed to
 * `route` of the apps in `scopes` (top level). The app must still answer `GET /dapr/subscribe`
 * with a JSON list (`[]`), or daprd subscribes to nothing, declarative ones included.
 */
export class DaprSubscription extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DaprSubscriptionProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === DaprSubscription) c.absorb(shapeIssues('DaprSubscriptionProps', props));
    c.label('name', props.name);
    c.label('pubsubName', props.pubsubName);
    c.check(typeof props.topic === 'string' && KAFKA_TOPIC.test(props.topic), 'topic', props.topic, 'a topic name: letters, digits, ".", "_" and "-"');
    c.httpPath('route', props.route);
    c.check(Array.isArray(props.scopes) && props.scopes.length > 0, 'scopes', props.scopes, 'the app-ids that receive the events');
    (props.scopes ?? []).forEach((s, i) => c.label(`scopes[${i}]`, s));
    PropsError.throwIfAny(this, c.issues);
    this.apiObject = new ApiObject(this, 'resource', {
      apiVersion: DAPR_SUBSCRIPTION_API,
      kind: 'Subscription',
      metadata: { name: props.name, namespace: props.namespace ?? Chart.of(this).namespace },
      spec: { pubsubname: props.pubsubName, topic: props.topic, routes: { default: props.route }, ...(props.deadLetterTopic ? { deadLetterTopic: props.deadLetterTopic } : {}) },
      scopes: [...props.scopes],
    });
  }
}
