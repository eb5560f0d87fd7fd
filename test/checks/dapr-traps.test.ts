/**
 * The Phase V traps are refused at synth, for the user's own objects too: each message names the
 * object (namespace/Kind/name), the field, what is wrong and the fix, and never a credential. The
 * objects test/phase-v ran for real on Dapr 1.16 and Kafka 4.1 pass; so does the Phase V app.
 * Runs without a cluster.
 */
import { Testing } from 'cdk8s';
import { checkApp, CheckViolation, errorsOf, formatViolations } from '../../lib/checks';
import { daprComponentViolations } from '../../lib/checks/dapr-components';
import { daprSidecarViolations } from '../../lib/checks/dapr-sidecars';
import { Manifest } from '../../lib/checks/manifest';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { component, daprApp, kafkaBroker, kafkaPubsub, secretReader, subscription } from '../phase-v/helpers/objects';
import { phaseVCloud, phaseVLocal } from '../phase-v/helpers/settings';
import { synthChart } from '../support/synth';

const NS = 'shop';
const lines = (v: readonly CheckViolation[]) => v.map((x) => `${x.object} ${x.path}: ${x.rule} | fix: ${x.fix}`);
const traps = (objects: Manifest[]) => lines([...daprSidecarViolations(objects), ...daprComponentViolations(objects)]);

/** The runtime-proven base: a publisher and a subscriber, the broker, kafka-pubsub, a Subscription. */
const base = (): Manifest[] => [
  ...kafkaBroker(NS, 'kafka:test'),
  ...daprApp(NS, 'app:test', { name: 'publisher' }),
  ...daprApp(NS, 'app:test', { name: 'subscriber' }),
  kafkaPubsub(NS, ['publisher', 'subscriber']),
  subscription(NS, 'task-events', 'kafka-pubsub', 'task-events', '/events', ['subscriber']),
  ...secretReader(NS, ['publisher', 'subscriber']),
] as Manifest[];
const pubsubOf = (objects: Manifest[]) => objects.find((o) => o.kind === 'Component')!;
const item = (objects: Manifest[], name: string) => pubsubOf(objects).spec.metadata.find((m: any) => m.name === name);

test('what test/phase-v proved on the real node passes every trap check', () => {
  expect(traps(base())).toEqual([]);
});

test('annotations on the Deployment, not its pod template: refused (no sidecar, no message at run time)', () => {
  const objects = [...daprApp(NS, 'app:test', { name: 'publisher', annotationsOn: 'deployment' })] as Manifest[];
  expect(traps(objects)).toEqual([expect.stringMatching(
    /^shop\/Deployment\/publisher metadata\.annotations\["dapr\.io\/enabled"\]: dapr\.io\/enabled, dapr\.io\/app-id.* on the Deployment's own metadata: .*no sidecar is injected .* \| fix: move them to spec\.template\.metadata\.annotations/)]);
});

test('scopes under spec: refused, for Components and Subscriptions', () => {
  const objects = base();
  const pubsub = pubsubOf(objects);
  pubsub.spec.scopes = pubsub.scopes;
  delete pubsub.scopes;
  const sub = objects.find((o) => o.kind === 'Subscription')!;
  sub.spec.scopes = sub.scopes;
  delete sub.scopes;
  expect(traps(objects)).toEqual([
    expect.stringMatching(/^shop\/Component\/kafka-pubsub spec\.scopes: scopes under spec: the Component has no spec\.scopes .* \| fix: move scopes to the top level, beside spec$/),
    expect.stringMatching(/^shop\/Subscription\/task-events spec\.scopes: scopes under spec: the Subscription has no spec\.scopes/),
  ]);
});

test('authRequired instead of authType: refused, and so is a Kafka component without authType', () => {
  const objects = base();
  const i = pubsubOf(objects).spec.metadata.findIndex((m: any) => m.name === 'authType');
  pubsubOf(objects).spec.metadata[i] = { name: 'authRequired', value: 'false' };
  expect(traps(objects)).toEqual([
    expect.stringMatching(/^shop\/Component\/kafka-pubsub spec\.metadata\[1\]\.name: authRequired was removed .* \| fix: replace it with authType/),
    expect.stringMatching(/^shop\/Component\/kafka-pubsub spec\.metadata: no authType: .* \| fix: add \{ name: authType, value: none \}/),
  ]);
});

test.each([['SCRAM-SHA-256', /fix: "SHA-256" \(Dapr's name for SCRAM-SHA-256\)/], ['SCRAM', /fix: one of SHA-256, SHA-512, PLAIN/]])('saslMechanism %s: refused', (mechanism, fix) => {
  const objects = base();
  pubsubOf(objects).spec.metadata.push({ name: 'saslMechanism', value: mechanism });
  expect(traps(objects)).toEqual([expect.stringMatching(new RegExp(`^shop/Component/kafka-pubsub spec\\.metadata\\[\\d\\]\\.value: saslMechanism "${mechanism}" is not a name Dapr knows.*${fix.source}`))]);
});

test('a literal placeholder or password in component metadata: refused, the value never shown', () => {
  const password = 'hunter2-Very-Secret-9931';
  const objects = base();
  pubsubOf(objects).spec.metadata.push({ name: 'saslUsername', value: '{KAFKA_USERNAME}' }, { name: 'saslPassword', value: password });
  objects.push(component(NS, 'statestore', 'state.postgresql', [{ name: 'connectionString', value: `host=postgres user=todo password=${password} dbname=todo` }], { scopes: ['publisher'] }) as Manifest);
  const found = traps(objects);
  expect(found).toEqual([
    expect.stringMatching(/^shop\/Component\/kafka-pubsub spec\.metadata\[4\]\.value: saslUsername is a placeholder left in the manifest \(not shown\)/),
    expect.stringMatching(/^shop\/Component\/kafka-pubsub spec\.metadata\[5\]\.value: saslPassword holds a literal credential \(not shown\).*fix: take it from a Secret: \{ name: <item>, secretKeyRef/),
    expect.stringMatching(/^shop\/Component\/statestore spec\.metadata\[0\]\.value: connectionString holds a literal password \(not shown\)/),
  ]);
  expect(found.join('\n')).not.toContain('hunter2');
});

test.each([['0.10.2.0', /older than a Kafka 4 broker serves/], ['0.8.2.0', /older than a Kafka 4 broker serves/], ['4', /is not a Kafka version/]])('version %s: refused', (version, rule) => {
  const objects = base();
  item(objects, 'version').value = version;
  expect(traps(objects)).toEqual([expect.stringMatching(new RegExp(`^shop/Component/kafka-pubsub spec\\.metadata\\[2\\]\\.value: .*${rule.source}.*fix: "4\\.0\\.0"`))]);
});

test.each(['0.11.0.0', '2.8.0', '4.0.0'])('version %s, which the Kafka 4.1 broker served in test/phase-v, passes', (version) => {
  const objects = base();
  item(objects, 'version').value = version;
  expect(traps(objects)).toEqual([]);
});

test('an app-port that is not the container\'s port: refused', () => {
  const objects = daprApp(NS, 'app:test', { name: 'publisher', annotations: { 'dapr.io/app-port': '3000' } }) as Manifest[];
  expect(traps(objects)).toEqual([expect.stringMatching(/^shop\/Deployment\/publisher spec\.template\.metadata\.annotations\["dapr\.io\/app-port"\]: app-port "3000" is not a port of the pod's containers \(8080\).* \| fix: set it to the app's containerPort \(8080\)/)]);
});

test('two workloads with one app-id: refused on the second', () => {
  const objects = [...daprApp(NS, 'app:test', { name: 'publisher' }), ...daprApp(NS, 'app:test', { name: 'publisher-v2', annotations: { 'dapr.io/app-id': 'publisher' } })] as Manifest[];
  expect(traps(objects)).toEqual([expect.stringMatching(/^shop\/Deployment\/publisher-v2 spec\.template\.metadata\.annotations\["dapr\.io\/app-id"\]: app-id "publisher" is also shop\/Deployment\/publisher's/)]);
});

test('a Component in another namespace than the workloads: refused', () => {
  const objects = base();
  pubsubOf(objects).metadata.namespace = 'default';
  const found = traps(objects);
  expect(found).toContainEqual(expect.stringMatching(/^default\/Component\/kafka-pubsub metadata\.namespace: in namespace default, where no Dapr app runs \(they run in shop\).* \| fix: put it in shop$/));
});

test('scopes naming an app-id no workload has: refused, Components and Subscriptions alike', () => {
  const objects = base();
  pubsubOf(objects).scopes = ['publisher', 'subscribr'];
  objects.find((o) => o.kind === 'Subscription')!.scopes = ['audit'];
  expect(traps(objects)).toEqual([
    expect.stringMatching(/^shop\/Component\/kafka-pubsub scopes\[1\]: "subscribr" is no app-id of a Dapr workload in namespace shop \(there: publisher, subscriber\)/),
    expect.stringMatching(/^shop\/Subscription\/task-events scopes\[0\]: "audit" is no app-id/),
  ]);
});

test('a Subscription naming no Component: refused, naming the ones there are', () => {
  const objects = base();
  objects.find((o) => o.kind === 'Subscription')!.spec.pubsubname = 'pubsub';
  expect(traps(objects)).toEqual([expect.stringMatching(/^shop\/Subscription\/task-events spec\.pubsubname: "pubsub" is no pub\/sub Component in namespace shop \(there: kafka-pubsub\).* \| fix: name one of kafka-pubsub$/)]);
});

test.each([['kafka-broker:9092'], ['kafka-broker.shop:9092'], ['kafka-broker.shop.svc.cluster.local:9092']])('a broker host %s that no Service of the chart has: refused', (broker) => {
  const objects = base();
  item(objects, 'brokers').value = broker;
  expect(traps(objects)).toEqual([expect.stringMatching(/^shop\/Component\/kafka-pubsub spec\.metadata\[0\]\.value: broker ".*" names Service "kafka-broker" in namespace shop, which the app does not have \(it has kafka\)/)]);
});

test('short and full names of the chart\'s Service pass, and so does a managed Kafka\'s host', () => {
  for (const broker of ['kafka:9092', 'kafka.shop:9092', 'seed-1.cloud.redpanda.com:9092,seed-2.cloud.redpanda.com:9092']) {
    const objects = base();
    item(objects, 'brokers').value = broker;
    expect(traps(objects)).toEqual([]);
  }
});

test('the traps run in checkApp, over objects the user adds to a TodoChart', () => {
  const config = phaseVLocal();
  const chart = new TodoChart(Testing.app(), config.instance, { config });
  const objects = synthChart(chart);
  const mine = component(config.namespace, 'orders-pubsub', 'pubsub.kafka', [{ name: 'brokers', value: 'kafka:9092' }, { name: 'authRequired', value: 'false' }], { scopes: ['backend'] });
  const errors = errorsOf(checkApp({ objects: [...objects, mine as Manifest], charts: [{ objects, settings: config }] }));
  expect(errors.map((e) => `${e.object} ${e.path}`)).toEqual(['todo/Component/orders-pubsub spec.metadata[1].name', 'todo/Component/orders-pubsub spec.metadata']);
});

test.each([['local, in-cluster Kafka', phaseVLocal], ['cloud route, managed Kafka', phaseVCloud]])('the Phase V app (%s) passes every check but the API server\'s', (_name, settings) => {
  const config = settings();
  const objects = synthChart(new TodoChart(Testing.app(), config.instance, { config }));
  expect(formatViolations(errorsOf(checkApp({ objects, charts: [{ objects, settings: config }] })))).toBe('');
});

test('a pod-level user other than daprd\'s 65532: refused (daprd exits at start, as the real node showed)', () => {
  const objects = daprApp(NS, 'app:test', { name: 'publisher' }) as Manifest[];
  const d = objects.find((o) => o.kind === 'Deployment')!;
  d.spec.template.spec.securityContext.runAsUser = 10001;
  expect(traps(objects)).toEqual([expect.stringMatching(/^shop\/Deployment\/publisher spec\.template\.spec\.securityContext\.runAsUser: the pod runs every container as 10001, the injected daprd included, which exits: .* \| fix: set runAsUser on each container instead of the pod/)]);
  d.spec.template.spec.containers[0].securityContext.runAsUser = 10001;
  delete d.spec.template.spec.securityContext.runAsUser;
  expect(traps(objects)).toEqual([]);
});
