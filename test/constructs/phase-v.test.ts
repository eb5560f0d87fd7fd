/**
 * The Phase V constructs: off unless the settings turn them on; on, the sidecar's annotations sit
 * on the pod template with the container's port, Components and Subscriptions are in the app's
 * namespace with top-level scopes naming the chart's app-ids (a user's own sidecar included),
 * credentials are Secret keys, and everything is applied in an order the sidecars can start in.
 */
import { Testing } from 'cdk8s';
import { Worker, TodoChart, PropsError } from '../../lib';
import * as phaseV from '../../lib/phase-v';
import { BACKEND_CONTRACT } from '../../lib/model/contract/image-contract';
import { secretsRead } from '../../lib/secrets/secret-keys-read';
import { buildSecretManifest } from '../../lib/secrets/secret-manifest';
import { LOCAL_PROFILE, CLOUD_PROFILE } from '../../lib/model/settings/profiles';
import { phaseVCloud, phaseVLocal, withConfig } from '../phase-v/helpers/settings';
import { find, Manifest, synthChart } from '../support/synth';

const chartOf = (config = phaseVLocal()) => new TodoChart(Testing.app(), config.instance, { config });
const ids = (objects: Manifest[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

test.each([['local', LOCAL_PROFILE], ['cloud', CLOUD_PROFILE]])('profile %s without the Phase V values: no Dapr object, annotation or ServiceAccount', (_name, config) => {
  const objects = synthChart(new TodoChart(Testing.app(), config.instance, { config }));
  const text = JSON.stringify(objects);
  expect(text).not.toMatch(/dapr\.io/);
  expect(objects.filter((o) => ['ServiceAccount', 'Role', 'StatefulSet'].includes(o.kind)).map((o) => o.metadata.name)).toEqual(config.database.kind === 'in-cluster' ? ['postgres'] : []);
});

describe('local + values/phase-v.yaml', () => {
  const objects = synthChart(chartOf());

  test.each([['backend', '8000'], ['frontend', '3000']])('%s: the annotations on its pod template, app-port its container port, its own ServiceAccount mounted', (name, port) => {
    const d = find(objects, 'Deployment', name);
    expect(d.metadata.annotations ?? {}).not.toHaveProperty(['dapr.io/enabled']);
    expect(d.spec.template.metadata.annotations).toMatchObject({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': name, 'dapr.io/app-port': port, 'dapr.io/log-level': 'info' });
    expect(String(d.spec.template.spec.containers[0].ports[0].containerPort)).toBe(port);
    expect(d.spec.template.spec).toMatchObject({ serviceAccountName: name, automountServiceAccountToken: true });
    expect(d.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    // The user is each container's, not the pod's: the injected daprd must run as its own 65532.
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(d.spec.template.spec.securityContext).not.toHaveProperty('runAsUser');
    for (const c of [...d.spec.template.spec.initContainers, ...d.spec.template.spec.containers]) expect(c.securityContext.runAsUser).toBeGreaterThan(0);
    expect(find(objects, 'ServiceAccount', name).automountServiceAccountToken).toBe(false);
  });

  test('Components in the namespace, scopes top level naming the chart\'s app-ids, credentials only as Secret keys', () => {
    const components = objects.filter((o) => o.kind === 'Component');
    expect(components.map((c) => `${c.metadata.namespace}/${c.metadata.name} ${c.spec.type} [${c.scopes}]`)).toEqual([
      'todo/kafka-pubsub pubsub.kafka [backend,frontend,notification,recurring-tasks]',
      'todo/statestore state.postgresql [backend,frontend,notification,recurring-tasks]',
      // The workers read no secret: out of the secret store's scopes.
      'todo/kubernetes-secrets secretstores.kubernetes [backend,frontend]',
      'todo/reminder-cron bindings.cron [backend]',
    ]);
    for (const c of components) expect(c.spec).not.toHaveProperty('scopes');
    expect(find(objects, 'Component', 'kafka-pubsub').spec.metadata).toEqual([
      { name: 'brokers', value: 'kafka.todo.svc.cluster.local:9092' },
      { name: 'authType', value: 'none' },
      { name: 'version', value: '4.0.0' },
      { name: 'initialOffset', value: 'oldest' },
      { name: 'disableTls', value: 'true' },
    ]);
    expect(find(objects, 'Component', 'statestore')).toMatchObject({
      auth: { secretStore: 'kubernetes' },
      spec: { metadata: [{ name: 'connectionString', secretKeyRef: { name: 'todo-secrets', key: 'DAPR_STATE_CONNECTION_STRING' } }] },
    });
    expect(find(objects, 'Subscription', 'task-events-audit')).toMatchObject({ apiVersion: 'dapr.io/v2alpha1', scopes: ['backend'], spec: { pubsubname: 'kafka-pubsub', topic: 'task-events', routes: { default: '/events/task' } } });
  });

  test('the secret store\'s Role reads only the app\'s Secret, bound to the apps\' ServiceAccounts (not the workers\')', () => {
    expect(find(objects, 'Role', 'dapr-kubernetes-secrets-reader').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['todo-secrets'], verbs: ['get'] }]);
    expect(find(objects, 'RoleBinding', 'dapr-kubernetes-secrets-reader').subjects.map((s: any) => s.name)).toEqual(['backend', 'frontend']);
  });

  test('the Kafka broker: a restricted StatefulSet with a claim from the default class, advertising its Service, topics by a Job', () => {
    const sts = find(objects, 'StatefulSet', 'kafka');
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].env).toContainEqual({ name: 'KAFKA_ADVERTISED_HOST', value: 'kafka.todo.svc.cluster.local' });
    expect(pod.containers[0].image).toBe('todo-kafka:dev');
    expect(sts.spec.volumeClaimTemplates[0].spec).not.toHaveProperty('storageClassName');
    expect(find(objects, 'Service', 'kafka').spec.ports[0].port).toBe(9092);
    const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('kafka-topics-'))!;
    expect(job.spec.template.spec.containers[0].command[2]).toMatch(/--topic 'task-events'.*\n.*--topic 'reminders'.*\n.*--topic 'task-updates'/);
  });

  test('applied in an order sidecars can start in: Components, the broker and the ServiceAccounts before the workloads', () => {
    const order = ids(objects);
    const at = (id: string) => order.indexOf(id);
    for (const before of ['Component/kafka-pubsub', 'Component/statestore', 'Service/kafka', 'StatefulSet/kafka', 'ServiceAccount/backend']) {
      expect(at(before)).toBeGreaterThanOrEqual(0);
      expect(at(before)).toBeLessThan(at('Deployment/backend'));
    }
    expect(at('StatefulSet/kafka')).toBeLessThan(order.findIndex((i) => i.startsWith('Job/kafka-topics-')));
  });

  test('the workers (dapr.workers): one Recreate Deployment each, in its role, with a sidecar on port 8080, a Subscription to its topic, started after the broker', () => {
    const workers = objects.filter((o) => o.kind === 'Deployment' && ['notification', 'recurring-tasks'].includes(o.metadata.name));
    expect(workers.map((d) => d.metadata.name)).toEqual(['notification', 'recurring-tasks']);
    for (const d of workers) {
      const pod = d.spec.template.spec;
      const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
      expect(env).toEqual({ WORKER_ROLE: d.metadata.name, WORKER_ROUTE: d.metadata.name === 'notification' ? '/reminders' : '/task-events', APP_PORT: '8080', PUBSUB_NAME: 'kafka-pubsub', STATE_STORE: 'statestore', UPDATES_TOPIC: 'task-updates' });
      expect(pod.containers[0].image).toBe('todo-workers:dev');
      expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-kafka']);
      expect(d.spec.strategy).toEqual({ type: 'Recreate' });
      expect(d.spec.template.metadata.annotations).toMatchObject({ 'dapr.io/app-id': d.metadata.name, 'dapr.io/app-port': '8080' });
    }
    const subscriptions = objects.filter((o) => o.kind === 'Subscription').map((o) => `${o.metadata.name} ${o.spec.topic} ${o.spec.routes.default} [${o.scopes}]`);
    expect(subscriptions).toEqual(expect.arrayContaining([
      'reminders-notification reminders /reminders [notification]',
      'task-events-recurring-tasks task-events /task-events [recurring-tasks]',
    ]));
  });

  test('without a state store the workers only log (STATE_STORE empty); without dapr.workers there are none', () => {
    const noStore = synthChart(chartOf(withConfig(phaseVLocal(), (c) => delete c.dapr.stateStore)));
    expect(find(noStore, 'Deployment', 'notification').spec.template.spec.containers[0].env).toContainEqual({ name: 'STATE_STORE', value: '' });
    const none = synthChart(chartOf(withConfig(phaseVLocal(), (c) => delete c.dapr.workers)));
    expect(none.filter((o) => ['notification', 'recurring-tasks'].includes(o.metadata.name))).toEqual([]);
  });

  test('the Secret must hold the state store\'s connection string: npm run secret / deploy ask for it', () => {
    const read = secretsRead(objects).find((s) => s.secretName === 'todo-secrets')!;
    expect(read.keys.find((k) => k.key === 'DAPR_STATE_CONNECTION_STRING')).toMatchObject({ optional: false, readBy: ['todo/Component/statestore spec.metadata[0] connectionString'] });
    const values = new Map([['BETTER_AUTH_SECRET', 'x'.repeat(32)], ['OPENAI_API_KEY', 'sk-test'], ['POSTGRES_PASSWORD', 'pw123']]);
    const missing = buildSecretManifest(phaseVLocal(), values, objects);
    expect(missing).toMatchObject({ ok: false, problems: ['DAPR_STATE_CONNECTION_STRING: missing or empty (read by todo/Component/statestore)'] });
    values.set('DAPR_STATE_CONNECTION_STRING', 'todo:pw123@postgres');
    expect(buildSecretManifest(phaseVLocal(), values, objects)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^DAPR_STATE_CONNECTION_STRING: value not allowed; allowed: a PostgreSQL connection string/)] });
    values.set('DAPR_STATE_CONNECTION_STRING', 'host=postgres port=5432 user=todo password=pw123 dbname=todo');
    expect(buildSecretManifest(phaseVLocal(), values, objects).ok).toBe(true);
  });
});

test('the cloud route: SASL user and password as Secret keys over TLS, no broker in the cluster', () => {
  const objects = synthChart(chartOf(phaseVCloud()));
  expect(ids(objects).filter((i) => /kafka/.test(i) && !i.startsWith('Component/'))).toEqual([]);
  expect(find(objects, 'Component', 'kafka-pubsub').spec.metadata).toEqual([
    { name: 'brokers', value: 'seed-0123abcd.abc.fmc.prd.cloud.redpanda.com:9092' },
    { name: 'authType', value: 'password' },
    { name: 'version', value: '4.0.0' },
    { name: 'initialOffset', value: 'oldest' },
    { name: 'saslMechanism', value: 'SHA-256' },
    { name: 'saslUsername', secretKeyRef: { name: 'todo-secrets', key: 'KAFKA_USERNAME' } },
    { name: 'saslPassword', secretKeyRef: { name: 'todo-secrets', key: 'KAFKA_PASSWORD' } },
  ]);
  const keys = secretsRead(objects).find((s) => s.secretName === 'todo-secrets')!.keys.map((k) => k.key);
  expect(keys).toEqual(expect.arrayContaining(['KAFKA_USERNAME', 'KAFKA_PASSWORD']));
});

test('a sidecar on the user\'s own Worker joins the Components\' scopes and the secret store\'s RoleBinding', () => {
  const chart = chartOf();
  const worker = new Worker(chart, 'notifier', { contract: BACKEND_CONTRACT, name: 'notifier', command: ['python', '-m', 'notifier'], database: chart.database, env: chart.backend.appEnv });
  new phaseV.DaprSidecar(chart, 'notifier-sidecar', { workload: worker });
  new phaseV.DaprSubscription(chart, 'reminders', { name: 'reminders', pubsubName: 'kafka-pubsub', topic: 'reminders', route: '/reminders', scopes: ['notifier'] });
  const objects = synthChart(chart);
  expect(find(objects, 'Component', 'kafka-pubsub').scopes).toEqual(['backend', 'frontend', 'notification', 'notifier', 'recurring-tasks']);
  expect(find(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['backend', 'frontend', 'notifier']);
  expect(find(objects, 'RoleBinding', 'dapr-kubernetes-secrets-reader').subjects.map((s: any) => s.name)).toEqual(['backend', 'frontend', 'notifier']);
  const annotations = find(objects, 'Deployment', 'notifier').spec.template.metadata.annotations;
  expect(annotations['dapr.io/app-id']).toBe('notifier');
  // A worker without a port: daprd never calls it, so no app-port.
  expect(annotations).not.toHaveProperty(['dapr.io/app-port']);
});

test('props are checked at construction: an app-port that is not the container\'s, a misspelt prop', () => {
  const chart = chartOf();
  expect(() => new phaseV.DaprSidecar(chart, 'x', { workload: chart.backend, appPort: 8080, appId: 'api' })).toThrow(PropsError);
  expect(() => new phaseV.DaprSidecar(chart, 'y', { workload: chart.backend, appPort: 8080, appId: 'api' })).toThrow(/appPort: got 8080; allowed: the main container's port 8000/);
  expect(() => new phaseV.KafkaPubsub(chart, 'z', { brokers: ['kafka:9092'], verison: '4.0.0' } as any)).toThrow(/verison: unknown prop \(did you mean "version"\?\)/);
  expect(() => new phaseV.DaprComponent(chart, 'w', { name: 'store', type: 'state.redis', metadata: [{ name: 'redisPassword', value: 'p', secretKeyRef: { name: 's', key: 'k' } }] })).toThrow(/metadata\[0\]: .*exactly one of value and secretKeyRef/);
});

test('exceptAppIds: left out of a Component\'s default scopes; refused beside scopes, and when it leaves no app-id (no scopes would let every app load it)', () => {
  const chart = chartOf();
  const component = (id: string, extra: object) => new phaseV.DaprComponent(chart, id, { name: id, type: 'state.redis', metadata: [{ name: 'redisHost', value: 'redis:6379' }], ...extra });
  component('audit', { exceptAppIds: ['frontend'] });
  expect(() => component('both', { scopes: ['backend'], exceptAppIds: ['frontend'] })).toThrow(/exceptAppIds: .*allowed: either scopes \(the app-ids in scope\) or exceptAppIds/);
  component('nobody', { exceptAppIds: ['backend', 'frontend', 'notification', 'recurring-tasks'] });
  expect(() => synthChart(chart)).toThrow(/exceptAppIds: leaves none of the chart's app-ids \(backend, frontend, notification, recurring-tasks\) in scope/);
  chart.node.tryRemoveChild('nobody');
  component('typo', { exceptAppIds: ['frontnd'] });
  expect(() => synthChart(chart)).toThrow(/exceptAppIds: "frontnd" is the app-id of no DaprSidecar in the chart \(did you mean "frontend"\?\); allowed: backend, frontend, notification, recurring-tasks/);
  chart.node.tryRemoveChild('typo');
  expect(find(synthChart(chart), 'Component', 'audit').scopes).toEqual(['backend', 'notification', 'recurring-tasks']);
});

test('a secret store of your own binds its Role to the ServiceAccounts of the apps in its scopes, no others', () => {
  const chart = chartOf();
  new phaseV.KubernetesSecretStore(chart, 'backend-secrets', { name: 'backend-secrets', secretNames: ['todo-secrets'], scopes: ['backend'] });
  const objects = synthChart(chart);
  expect(find(objects, 'Component', 'backend-secrets').scopes).toEqual(['backend']);
  expect(find(objects, 'RoleBinding', 'dapr-backend-secrets-reader').subjects.map((s: any) => s.name)).toEqual(['backend']);
});

test('docs/extending.md "Phase V: your own Dapr apps": the snippet builds a subscribed service that passes every check', () => {
  const doc = require('fs').readFileSync(require('path').join(__dirname, '..', '..', 'docs', 'extending.md'), 'utf8') as string;
  const section = doc.slice(doc.indexOf('\n## Phase V: your own Dapr apps\n'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1];
  const ts = require('typescript') as typeof import('typescript');
  const js = ts.transpileModule(code.replace(/from '\.\/lib(\/[a-z-]+)?'/g, "from '../../lib$1'"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = { exports: {} as any };
  new Function('require', 'module', 'exports', js)((id: string) => require(id.startsWith('../../lib') ? require('path').join(__dirname, id) : id), mod, mod.exports);
  const config = phaseVLocal();
  const app = mod.exports.default(config);
  const { synthesize } = require('../../lib/pipeline/synthesize') as typeof import('../../lib/pipeline/synthesize');
  const objects = synthesize(app, { settings: config }).objects as Manifest[];
  expect(find(objects, 'Deployment', 'audit').spec.template.metadata.annotations).toMatchObject({ 'dapr.io/app-id': 'audit', 'dapr.io/app-port': '8000' });
  expect(find(objects, 'Component', 'kafka-pubsub').scopes).toEqual(['audit', 'backend', 'frontend', 'notification', 'recurring-tasks']);
  expect(find(objects, 'Subscription', 'audit-task-events').scopes).toEqual(['audit']);
});

test('build arguments in the settings (a mirror\'s bases, as the quick start sets them) are for the build only: the chart synthesizes without a lock, and no object carries them', () => {
  const base = phaseVLocal();
  const config = {
    ...base,
    images: {
      backend: { ...base.images.backend, buildArgs: { PYTHON_IMAGE: 'mirror.example.com/library/python:3.12-slim' } },
      frontend: { ...base.images.frontend, buildArgs: { NODE_IMAGE: 'mirror.example.com/library/node:22-alpine' } },
    },
    kafka: { ...base.kafka!, image: { ...base.kafka!.image, buildArgs: { DEBIAN_IMAGE: 'mirror.example.com/library/debian:bookworm-slim' } } },
  };
  const objects = synthChart(new TodoChart(Testing.app(), config.instance, { config }));
  expect(find(objects, 'StatefulSet', 'kafka').spec.template.spec.containers[0].image).toBe(`${base.kafka!.image.repository}:${base.kafka!.image.tag}`);
  expect(JSON.stringify(objects)).not.toMatch(/buildArgs|mirror\.example\.com/);
});
