import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { KAFKA_PORT, KAFKA_UID } from '../../model/dapr';
import { appLabels, selectorLabels } from '../../model/labels';
import { parseBytes } from '../../model/quantity';
import { chartSettingsOf } from '../common/chart-settings';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { POD_DEFAULTS } from '../common/security';
import { imageRef } from '../common/pod-workload';
import { InitContainerOptions } from '../common/container-props';
import { KafkaBrokerProps } from './kafka-broker-props';

const DEFAULT_RESOURCES = { requests: { cpu: '100m', memory: '600Mi' }, limits: { cpu: '1', memory: '1Gi' } } as const;
const DATA_MOUNT = '/var/lib/kafka';

/** The broker's DNS name in the cluster: what it advertises and what clients dial. */
export function kafkaServiceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/**
 * One Kafka 4 node in KRaft mode (broker and controller in one process: no ZooKeeper, no
 * operator) under Pod Security "restricted": a StatefulSet with its data on a claim from the
 * default StorageClass, a read-only root, and a Service whose DNS name it advertises. Topics are
 * not created on first use (KafkaTopics makes them), so a misspelt topic fails instead of
 * appearing. For local clusters; in the cloud use a managed Kafka.
 */
export class KafkaBroker extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** `kafka.<namespace>.svc.cluster.local`. */
  public readonly host: string;
  /** `host:9092`: the bootstrap address for clients. */
  public readonly bootstrap: string;
  public readonly image: string;
  /** The image's pull policy (the topics' Job uses it too). */
  public readonly pullPolicy: string;
  /** Labels of the broker's objects. */
  public readonly labels: Readonly<Record<string, string>>;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;

  /**
   * An init container that waits until the broker accepts connections, from the broker's own
   * image (already on the node): for a Dapr app, whose sidecar starts after the init containers
   * and otherwise exits ("client has run out of available brokers") and restarts with growing
   * back-off until Kafka is up. `workload.addInitContainer(broker.waitContainer())`.
   */
  public waitContainer(): InitContainerOptions {
    return {
      name: `wait-for-${this.name}`,
      image: this.image,
      imagePullPolicy: this.pullPolicy as InitContainerOptions['imagePullPolicy'],
      user: { uid: KAFKA_UID, gid: KAFKA_UID },
      command: ['bash', '-c', `until (exec 3<>/dev/tcp/${this.host}/${KAFKA_PORT}) 2>/dev/null; do echo "waiting for ${this.bootstrap}"; sleep 2; done`],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      writablePaths: [],
    };
  }

  constructor(scope: Construct, id: string, props: KafkaBrokerProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === KafkaBroker) c.absorb(shapeIssues('KafkaBrokerProps', props));
    this.name = props.name ?? 'kafka';
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    const instance = props.instance ?? chartSettingsOf(this)?.instance ?? '';
    if (!instance) c.check(false, 'instance', props.instance, 'the app instance; required outside a TodoChart');
    c.label('name', this.name);
    c.check((parseBytes(props.storage ?? '1Gi') ?? 0) > 0, 'storage', props.storage, 'a storage quantity such as "1Gi"');
    if (props.storageClassName !== undefined) c.subdomain('storageClassName', props.storageClassName);
    if (props.resources !== undefined) c.resources('resources', props.resources);
    PropsError.throwIfAny(this, c.issues);

    this.host = kafkaServiceHost(this.name, this.namespace);
    this.bootstrap = `${this.host}:${KAFKA_PORT}`;
    this.image = imageRef(props.image);
    const selector = selectorLabels({ name: this.name, instance });
    const labels = (this.labels = appLabels({ name: this.name, instance, component: 'event-broker', version: props.image.tag }));
    this.pullPolicy = props.image.pullPolicy;
    const metadata = { name: this.name, namespace: this.namespace, labels };
    const q = (s: string) => k8s.Quantity.fromString(s);
    const r = props.resources ?? DEFAULT_RESOURCES;

    // A ClusterIP (not headless): the advertised name stays resolvable while the pod restarts.
    this.service = new k8s.KubeService(this, 'service', {
      metadata,
      spec: { selector: { ...selector }, ports: [{ name: 'kafka', port: KAFKA_PORT, targetPort: k8s.IntOrString.fromNumber(KAFKA_PORT), protocol: 'TCP' }] },
    });
    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata,
      spec: {
        serviceName: this.name,
        replicas: 1,
        selector: { matchLabels: { ...selector } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: POD_DEFAULTS.automountServiceAccountToken,
            enableServiceLinks: POD_DEFAULTS.enableServiceLinks,
            securityContext: { runAsNonRoot: true, runAsUser: KAFKA_UID, runAsGroup: KAFKA_UID, fsGroup: KAFKA_UID, seccompProfile: { type: 'RuntimeDefault' } },
            terminationGracePeriodSeconds: 60,
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: q('256Mi') } }],
            containers: [{
              name: 'kafka',
              image: this.image,
              imagePullPolicy: props.image.pullPolicy,
              ports: [{ name: 'kafka', containerPort: KAFKA_PORT, protocol: 'TCP' }],
              env: [
                { name: 'KAFKA_ADVERTISED_HOST', value: this.host },
                // Topics are objects (KafkaTopics), never a side effect of a client's first use.
                { name: 'KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE', value: 'false' },
              ],
              resources: {
                requests: { cpu: q(r.requests.cpu), memory: q(r.requests.memory) },
                limits: { cpu: q(r.limits.cpu), memory: q(r.limits.memory) },
              },
              securityContext: {
                runAsNonRoot: true, runAsUser: KAFKA_UID, runAsGroup: KAFKA_UID, allowPrivilegeEscalation: false, privileged: false,
                readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ name: 'data', mountPath: DATA_MOUNT }, { name: 'tmp', mountPath: '/tmp' }],
              // Formatting and the JVM's start take a while on a small node: up to 3 minutes.
              startupProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(KAFKA_PORT) }, periodSeconds: 3, failureThreshold: 60 },
              readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(KAFKA_PORT) }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(KAFKA_PORT) }, periodSeconds: 20, failureThreshold: 6 },
            }],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels: { ...selector } },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
            resources: { requests: { storage: q(props.storage ?? '1Gi') } },
          },
        }],
      },
    });
  }
}
