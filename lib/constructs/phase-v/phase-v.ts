import { Construct } from 'constructs';
import { DEFAULT_STATE_CONNECTION_KEY, PHASE_V_NAMES, PHASE_V_WORKERS } from '../../model/dapr';
import { runtimeImage } from '../../model/settings/runtime-image';
import { daprAppIds } from '../../model/settings/validate-dapr';
import { CronBinding } from '../dapr/cron-binding';
import { DaprComponent } from '../dapr/dapr-component';
import { DaprSidecar } from '../dapr/dapr-sidecar';
import { DaprSubscription } from '../dapr/dapr-subscription';
import { KafkaPubsub } from '../dapr/kafka-pubsub';
import { KubernetesSecretStore } from '../dapr/kubernetes-secret-store';
import { PostgresStateStore } from '../dapr/postgres-state-store';
import { KafkaBroker } from '../kafka/kafka-broker';
import { KafkaTopics } from '../kafka/kafka-topics';
import { PhaseVProps } from './phase-v-props';
import { PhaseVWorkers } from './phase-v-workers';

/**
 * Phase V from the settings (`dapr`, `kafka`): sidecars on the backend and frontend, the Kafka
 * broker and its topics (or a managed Kafka's brokers), the Components and Subscriptions, all in
 * the chart's namespace and scoped to the chart's app-ids. TodoChart adds it when
 * `dapr.enabled` is true; every part is also a construct of its own for a user's workloads.
 */
export class PhaseV extends Construct {
  public readonly backendSidecar: DaprSidecar;
  public readonly frontendSidecar: DaprSidecar;
  public readonly broker?: KafkaBroker;
  public readonly topics?: KafkaTopics;
  public readonly pubsub: KafkaPubsub;
  public readonly stateStore?: PostgresStateStore;
  public readonly secretStore: KubernetesSecretStore;
  public readonly cron?: CronBinding;
  public readonly subscriptions: readonly DaprSubscription[];
  /** The notification and recurring-task workers (settings `dapr.workers`). */
  public readonly workers?: PhaseVWorkers;
  /** Every Component: the sidecars read them at start, so the workloads are applied after them. */
  public readonly components: readonly DaprComponent[];

  constructor(scope: Construct, id: string, props: PhaseVProps) {
    super(scope, id);
    const { config } = props;
    const d = config.dapr!;
    const ids = daprAppIds(d);
    const sidecar = { logLevel: d.logLevel };
    this.backendSidecar = new DaprSidecar(this, 'backend-sidecar', { workload: props.backend, appId: ids.backend, ...sidecar });
    this.frontendSidecar = new DaprSidecar(this, 'frontend-sidecar', { workload: props.frontend, appId: ids.frontend, ...sidecar });

    const p = d.pubsub;
    let brokers: readonly string[];
    if (p.brokers === 'in-cluster') {
      const k = config.kafka!;
      this.broker = new KafkaBroker(this, 'kafka', { image: runtimeImage(k.image), storage: k.storage, storageClassName: k.storageClassName, resources: k.resources });
      this.topics = new KafkaTopics(this, 'kafka-topics', { broker: this.broker, topics: p.topics ?? PHASE_V_NAMES.topics });
      brokers = [this.broker.bootstrap];
    } else {
      brokers = p.brokers;
    }
    const auth = p.auth?.type === 'password' ? p.auth : undefined;
    this.pubsub = new KafkaPubsub(this, 'pubsub', {
      name: p.name,
      brokers,
      version: p.version,
      sasl: auth && { mechanism: auth.mechanism, secretName: config.secretName, usernameKey: auth.usernameSecretKey, passwordKey: auth.passwordSecretKey },
      tls: p.tls ?? p.brokers !== 'in-cluster',
      caCert: p.caCertSecretKey ? { secretName: config.secretName, key: p.caCertSecretKey } : undefined,
    });
    if (d.stateStore) {
      this.stateStore = new PostgresStateStore(this, 'state-store', {
        name: d.stateStore.name,
        secretName: config.secretName,
        connectionStringKey: d.stateStore.connectionStringSecretKey ?? DEFAULT_STATE_CONNECTION_KEY,
      });
    }
    // The workers read no secret (their state store's connection string is resolved by Dapr's operator).
    this.secretStore = new KubernetesSecretStore(this, 'secret-store', {
      name: d.secretStore?.name, secretNames: [config.secretName], exceptAppIds: d.workers ? PHASE_V_WORKERS.map((w) => w.appId) : undefined,
    });
    if (d.cron) this.cron = new CronBinding(this, 'cron', { name: d.cron.name, schedule: d.cron.schedule, scopes: [d.cron.appId ?? ids.backend] });
    this.subscriptions = (d.subscriptions ?? []).map((s) => new DaprSubscription(this, `subscription-${s.name}`, {
      name: s.name, pubsubName: s.pubsubName ?? this.pubsub.name, topic: s.topic, route: s.route, scopes: s.appIds,
    }));
    this.components = [this.pubsub, ...(this.stateStore ? [this.stateStore] : []), this.secretStore, ...(this.cron ? [this.cron] : [])];
    if (d.workers) {
      this.workers = new PhaseVWorkers(this, 'workers', {
        image: runtimeImage(d.workers.image), pubsubName: this.pubsub.name, stateStoreName: this.stateStore?.name, resources: d.workers.resources, logLevel: d.logLevel,
      });
    }
    const workers = this.workers ? [this.workers.notification, this.workers.recurringTasks] : [];
    for (const workload of [props.backend, props.frontend, ...workers]) {
      for (const component of this.components) workload.node.addDependency(component);
      if (this.broker && this.topics) {
        workload.node.addDependency(this.broker, this.topics);
        // daprd starts after the init containers: with the broker up, it loads kafka-pubsub the first time.
        workload.addInitContainer(this.broker.waitContainer());
      }
    }
  }
}

