/**
 * The Phase V settings (`dapr`, `kafka`), field by field, read by validate.ts's checkFields. A
 * credential is only ever a Secret key's name here: a value where a key name belongs is refused
 * without being shown.
 */
import { isCronSchedule, PHASE_V_NAMES, PHASE_V_WORKERS, WORKERS_IMAGE_NAME, WORKERS_UPDATES_TOPIC, KAFKA_CLIENT_VERSION, KAFKA_MIN_CLIENT_VERSION, KAFKA_SASL_MECHANISMS, KAFKA_TOPIC, kafkaVersionBelow, parseKafkaVersion } from '../dapr';
import { ALLOWED, FieldChecker } from '../field-checker';
import { bytesInRange, parseBytes, STORAGE_RANGE } from '../quantity';
import { imageSettings } from './validate-image';
import { buildArgsSettings } from './validate-build';
import { DaprSettings, TodoConfig } from './types';

const SECRET_KEY_ALLOWED = 'the name of a key in the Secret (letters, digits, "-", "_" and "."), never the value itself';
/** `host:port`, a DNS name or IPv4 address and a port. */
const BROKER = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?:\d{1,5}$/;

/** The app-ids the chart's workloads get (defaults filled in), for the fields that name them. */
export function daprAppIds(d: DaprSettings | undefined): { backend: string; frontend: string } {
  return { backend: d?.appIds?.backend ?? 'backend', frontend: d?.appIds?.frontend ?? 'frontend' };
}

export function daprSettings(c: FieldChecker, config: TodoConfig): void {
  const d = config.dapr;
  if (d !== undefined && c.mapping('dapr', d, 'a mapping with enabled, pubsub (and optionally appIds, stateStore, secretStore, cron, subscriptions)')) {
    if (c.check(typeof d.enabled === 'boolean', 'dapr.enabled', d.enabled, 'true or false')) daprFields(c, config, d);
  }
  kafkaSettings(c, config);
}

function daprFields(c: FieldChecker, config: TodoConfig, d: DaprSettings): void {
  if (d.appIds !== undefined && c.mapping('dapr.appIds', d.appIds, 'a mapping with backend and/or frontend')) {
    for (const w of ['backend', 'frontend'] as const) if (d.appIds[w] !== undefined) c.appId(`dapr.appIds.${w}`, d.appIds[w]);
  }
  const appIds = daprAppIds(d);
  if (appIds.backend === appIds.frontend) c.fail('dapr.appIds.frontend', `is the backend's app-id too ("${appIds.backend}")`, 'an app-id of its own: Dapr resolves one app-id to one workload');
  const workers = d.workers !== undefined ? workersFields(c, config, d) : false;
  if (workers) {
    for (const w of ['backend', 'frontend'] as const) {
      const worker = PHASE_V_WORKERS.find((x) => x.appId === appIds[w]);
      if (worker) c.fail(`dapr.appIds.${w}`, `"${appIds[w]}" is the app-id of the ${worker.role} worker (dapr.workers)`, 'another app-id: Dapr resolves one app-id to one workload');
    }
  }
  if (d.logLevel !== undefined) c.oneOf('dapr.logLevel', d.logLevel, ['debug', 'info', 'warn', 'error']);

  const p = d.pubsub;
  let pubsubName: string | undefined;
  if (c.mapping('dapr.pubsub', p, 'a mapping with kind: kafka and brokers') && c.oneOf('dapr.pubsub.kind', p.kind, ['kafka'])) {
    pubsubName = p.name ?? 'kafka-pubsub';
    if (p.name !== undefined) c.label('dapr.pubsub.name', p.name);
    const inCluster = p.brokers === 'in-cluster';
    if (!inCluster) {
      c.check(Array.isArray(p.brokers) && p.brokers.length > 0 && p.brokers.every((b) => typeof b === 'string' && BROKER.test(b) && Number(b.split(':').pop()) <= 65535),
        'dapr.pubsub.brokers', p.brokers, '"in-cluster" (the chart\'s own broker, settings kafka), or a list of host:port, such as ["seed-abc.redpanda.com:9092"]');
    } else if (config.kafka === undefined) {
      c.fail('kafka', 'is missing, and dapr.pubsub.brokers is "in-cluster"', 'a mapping with image and storage (the in-cluster broker), or dapr.pubsub.brokers listing a managed Kafka\'s host:port');
    }
    if (p.version !== undefined) {
      const parsed = parseKafkaVersion(p.version);
      if (!parsed) c.check(false, 'dapr.pubsub.version', p.version, `a Kafka version such as "${KAFKA_CLIENT_VERSION}"`);
      else if (kafkaVersionBelow(parsed, parseKafkaVersion(KAFKA_MIN_CLIENT_VERSION)!)) {
        c.fail('dapr.pubsub.version', `"${p.version}" is older than Kafka 4 brokers serve (publishing fails with EOF, or the component does not load)`, `"${KAFKA_CLIENT_VERSION}" (the default), or at least "${KAFKA_MIN_CLIENT_VERSION}"`);
      }
    }
    const auth = p.auth;
    if (auth !== undefined && c.mapping('dapr.pubsub.auth', auth, '{ type: none } or { type: password, mechanism, usernameSecretKey, passwordSecretKey }') && c.oneOf('dapr.pubsub.auth.type', auth.type, ['none', 'password']) && auth.type === 'password') {
      if (!c.oneOf('dapr.pubsub.auth.mechanism', auth.mechanism, KAFKA_SASL_MECHANISMS) && typeof auth.mechanism === 'string' && /^SCRAM-SHA-(256|512)$/.test(auth.mechanism)) {
        c.fail('dapr.pubsub.auth.mechanism', `Dapr names SCRAM "${auth.mechanism.slice(6)}", not "${auth.mechanism}" (it would fall back to PLAIN)`, `"${auth.mechanism.slice(6)}"`);
      }
      c.secretKey('dapr.pubsub.auth.usernameSecretKey', auth.usernameSecretKey, SECRET_KEY_ALLOWED);
      c.secretKey('dapr.pubsub.auth.passwordSecretKey', auth.passwordSecretKey, SECRET_KEY_ALLOWED);
    }
    if (p.tls !== undefined) c.check(typeof p.tls === 'boolean', 'dapr.pubsub.tls', p.tls, 'true or false');
    if (p.caCertSecretKey !== undefined) c.secretKey('dapr.pubsub.caCertSecretKey', p.caCertSecretKey, SECRET_KEY_ALLOWED);
    if (p.topics !== undefined) {
      c.check(Array.isArray(p.topics) && p.topics.every((t) => typeof t === 'string' && KAFKA_TOPIC.test(t) && t !== '.' && t !== '..'), 'dapr.pubsub.topics', p.topics,
        'a list of Kafka topic names (letters, digits, ".", "_" and "-")');
      const needed = [...PHASE_V_WORKERS.map((w) => w.topic), WORKERS_UPDATES_TOPIC];
      const missing = Array.isArray(p.topics) && workers ? needed.filter((t) => !p.topics!.includes(t)) : [];
      if (inCluster && missing.length > 0) c.fail('dapr.pubsub.topics', `has no ${missing.map((t) => `"${t}"`).join(', ')}, which the workers (dapr.workers) use`, `a list that includes ${needed.map((t) => `"${t}"`).join(', ')}, or leave it out (${PHASE_V_NAMES.topics.join(', ')})`);
      if (!inCluster && Array.isArray(p.topics)) c.fail('dapr.pubsub.topics', 'is set, but the brokers are external: the chart creates topics only on its own broker', 'no topics here: create them in the managed Kafka\'s console or CLI');
    }
  }

  const s = d.stateStore;
  if (s !== undefined && c.mapping('dapr.stateStore', s, 'a mapping with kind: postgresql') && c.oneOf('dapr.stateStore.kind', s.kind, ['postgresql'])) {
    if (s.name !== undefined) c.label('dapr.stateStore.name', s.name);
    if (s.connectionStringSecretKey !== undefined) c.secretKey('dapr.stateStore.connectionStringSecretKey', s.connectionStringSecretKey, SECRET_KEY_ALLOWED);
  }
  const store = d.secretStore;
  if (store !== undefined && c.mapping('dapr.secretStore', store, 'a mapping with kind: kubernetes') && c.oneOf('dapr.secretStore.kind', store.kind, ['kubernetes'])) {
    if (store.name !== undefined) c.label('dapr.secretStore.name', store.name);
  }
  const cron = d.cron;
  if (cron !== undefined && c.mapping('dapr.cron', cron, 'a mapping with schedule (and optionally name, appId)')) {
    if (cron.name !== undefined) c.label('dapr.cron.name', cron.name);
    c.check(isCronSchedule(cron.schedule), 'dapr.cron.schedule', cron.schedule, 'a schedule such as "@every 1m", "@hourly" or "*/5 * * * *"');
    if (cron.appId !== undefined) appIdOfChart(c, 'dapr.cron.appId', cron.appId);
  }
  const subs = d.subscriptions;
  if (subs !== undefined && c.check(Array.isArray(subs), 'dapr.subscriptions', subs, 'a list of { name, topic, route, appIds }')) {
    const names = new Set<string>();
    subs.forEach((sub, i) => {
      const at = `dapr.subscriptions[${i}]`;
      if (!c.mapping(at, sub, 'a mapping with name, topic, route and appIds')) return;
      if (c.label(`${at}.name`, sub.name) && names.has(sub.name)) c.fail(`${at}.name`, `"${sub.name}" names another subscription too`, 'a name of its own');
      const worker = workers ? PHASE_V_WORKERS.find((w) => w.subscription === sub.name) : undefined;
      if (worker) c.fail(`${at}.name`, `"${sub.name}" is the ${worker.role} worker's Subscription (dapr.workers)`, 'a name of its own');
      names.add(sub.name);
      c.string(`${at}.topic`, sub.topic, (t) => KAFKA_TOPIC.test(t), 'a Kafka topic name, such as "task-events"');
      c.httpPath(`${at}.route`, sub.route);
      if (c.check(Array.isArray(sub.appIds) && sub.appIds.length > 0, `${at}.appIds`, sub.appIds, 'a non-empty list of app-ids')) {
        sub.appIds.forEach((id, j) => appIdOfChart(c, `${at}.appIds[${j}]`, id));
      }
      if (sub.pubsubName !== undefined && pubsubName !== undefined && sub.pubsubName !== pubsubName) {
        c.fail(`${at}.pubsubName`, `"${sub.pubsubName}" is no pub/sub Component of the chart`, `"${pubsubName}" (dapr.pubsub.name), or leave it out`);
      }
    });
  }
}

/** `dapr.workers`; whether it is usable (the other fields' checks then take the workers into account). */
function workersFields(c: FieldChecker, config: TodoConfig, d: DaprSettings): boolean {
  const w = d.workers!;
  if (!c.mapping('dapr.workers', w, 'a mapping with image (and optionally resources)')) return false;
  imageSettings(c, 'dapr.workers.image', w.image);
  if (typeof w.image === 'object' && w.image !== null) buildArgsSettings(c, 'dapr.workers.image.buildArgs', w.image.buildArgs);
  if (w.resources !== undefined) c.resources('dapr.workers.resources', w.resources);
  if (config.services?.[WORKERS_IMAGE_NAME] !== undefined) c.fail(`services.${WORKERS_IMAGE_NAME}`, 'is the name of the Phase V workers\' image (settings dapr.workers)', 'another service name');
  return true;
}

/** An app-id a setting routes to; one the chart does not have may be the user's own workload (the synth checks see those). */
function appIdOfChart(c: FieldChecker, field: string, id: unknown): void {
  c.appId(field, id);
}

function kafkaSettings(c: FieldChecker, config: TodoConfig): void {
  const k = config.kafka;
  if (k === undefined || !c.mapping('kafka', k, 'a mapping with image and storage')) return;
  imageSettings(c, 'kafka.image', k.image);
  if (typeof k.image === 'object' && k.image !== null) buildArgsSettings(c, 'kafka.image.buildArgs', k.image.buildArgs);
  if (config.services?.kafka !== undefined) c.fail('services.kafka', 'is the name of the in-cluster Kafka broker\'s image (settings kafka)', 'another service name');
  c.quantity('kafka.storage', k.storage, parseBytes, (b) => bytesInRange(b, STORAGE_RANGE), ALLOWED.storage);
  if (k.storageClassName !== undefined) c.subdomain('kafka.storageClassName', k.storageClassName);
  if (k.resources !== undefined) c.resources('kafka.resources', k.resources);
}
