import { Construct } from 'constructs';
import * as crypto from 'crypto';
import * as k8s from '../../../imports/k8s';
import { KAFKA_TOPIC, KAFKA_UID } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { KafkaTopicsProps } from './kafka-topics-props';

/**
 * Topics as an object: a Job that creates each (`kafka-topics.sh --create --if-not-exists`, so a
 * second run changes nothing), retried until the broker answers. Its name carries a hash of the
 * list, because a Job's pod template cannot be changed in place: another list is another Job,
 * and the deploy's prune removes the old one.
 */
export class KafkaTopics extends Construct {
  public readonly job: k8s.KubeJob;
  public readonly topics: readonly string[];

  constructor(scope: Construct, id: string, props: KafkaTopicsProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === KafkaTopics) c.absorb(shapeIssues('KafkaTopicsProps', props));
    c.check(Array.isArray(props.topics) && props.topics.length > 0 && props.topics.every((t) => typeof t === 'string' && KAFKA_TOPIC.test(t)), 'topics', props.topics, 'a non-empty list of topic names (letters, digits, ".", "_" and "-")');
    if (props.partitions !== undefined) c.integer('partitions', props.partitions, 1, 1000);
    PropsError.throwIfAny(this, c.issues);
    this.topics = [...props.topics];
    // Applied after the broker (the Job retries until it answers, but needs its Service's name).
    this.node.addDependency(props.broker);
    const broker = props.broker;
    const partitions = props.partitions ?? 1;
    const script = ['set -e', ...this.topics.map((t) => `kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic '${t}' --partitions ${partitions} --replication-factor 1`)].join('\n');
    const hash = crypto.createHash('sha256').update(`${broker.image}\n${script}`).digest('hex').slice(0, 8);
    const name = `${broker.name}-topics-${hash}`;
    this.job = new k8s.KubeJob(this, 'job', {
      metadata: { name, namespace: broker.namespace, labels: { ...broker.labels, 'app.kubernetes.io/component': 'event-topics' } },
      spec: {
        backoffLimit: 20,
        template: {
          metadata: { labels: { job: name } },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: { runAsNonRoot: true, runAsUser: KAFKA_UID, runAsGroup: KAFKA_UID, seccompProfile: { type: 'RuntimeDefault' } },
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }],
            containers: [{
              name: 'create-topics',
              image: broker.image,
              imagePullPolicy: broker.pullPolicy,
              command: ['sh', '-c', script],
              env: [{ name: 'BOOTSTRAP', value: broker.bootstrap }],
              resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('256Mi') }, limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('512Mi') } },
              securityContext: { runAsNonRoot: true, runAsUser: KAFKA_UID, runAsGroup: KAFKA_UID, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              terminationMessagePolicy: 'FallbackToLogsOnError',
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
          },
        },
      },
    });
  }
}
