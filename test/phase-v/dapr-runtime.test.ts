// Needs: docker, real-node, dapr, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * Dapr for real on the test cluster's real node: the control plane `.ci/dapr up` installed with
 * Dapr's own chart (github.com/dapr/dapr's charts/dapr, read from the Go module cache, images
 * built from the module proxy), the project's Kafka broker, and PostgreSQL. In a namespace that
 * enforces Pod Security "restricted", two apps (the tiny app of test/phase-v/app) get Dapr's
 * sidecar injected from the annotations on their pod templates, and through it:
 * - a task event published by one reaches the other through the broker (pubsub.kafka, a
 *   declarative Subscription);
 * - a value is saved and read back through state.postgresql, and is in PostgreSQL's table;
 * - a Secret is read through secretstores.kubernetes;
 * - a cron binding fires, and a Jobs API job (the scheduler) calls the app back;
 * - one app invokes the other by app-id.
 * Every object first passes the real API server with Dapr's CRDs installed (strict server-side dry run).
 */
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { unloadImages } from '../node/helpers/real-node';
import { mirrored, pushToMirror } from '../support/mirror';
import { testDocker } from '../images/helpers/docker';
import { uniqueName } from '../support/cluster';
import { daprEnv } from '../support/dapr';
import { buildAppImage, buildKafkaImage } from './helpers/images';
import { apply, applyOk, deleteNamespace, eventually, eventuallyAsync, execIn, getJson, logsOf, namespaceReport, podsOf } from './helpers/kube';
import { component, daprApp, kafkaBroker, kafkaPubsub, kafkaTopic, Manifest, postgres, restrictedNamespace, secretReader, subscription } from './helpers/objects';

jest.setTimeout(20 * 60 * 1000);

/** PostgreSQL for the state store, pulled by the kubelet from this machine's mirror. */
const POSTGRES_IMAGE = mirrored('postgres');

const namespace = uniqueName('phase-v-dapr');
const DB_PASSWORD = 'phase-v-db-0123456789';
const APP_SECRET = 'phase-v-api-key-42';
const APPS = ['publisher', 'subscriber'];
const loaded: string[] = [];
let objects: Manifest[];

/** The app pod's IP: the node reaches pods on its bridge, and the app relays to its sidecar. */
function appUrl(app: string): string {
  const pod = podsOf(namespace, app).find((p) => p.status.phase === 'Running' && p.metadata.deletionTimestamp === undefined);
  if (!pod?.status.podIP) throw new Error(`no running pod for ${app}\n${namespaceReport(namespace)}`);
  return `http://${pod.status.podIP}:8080`;
}

/** A call to the app's sidecar HTTP API (localhost:3500 in the pod), relayed by the app. */
async function sidecar(app: string, method: string, apiPath: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${appUrl(app)}/relay/${apiPath}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

/** What Dapr delivered to an app at `route`. */
async function received(app: string, route: string): Promise<{ method: string; path: string; body: string }[]> {
  const res = await fetch(`${appUrl(app)}/received?path=${encodeURIComponent(route)}`);
  return (await res.json()) as { method: string; path: string; body: string }[];
}

const daprdLog = (app: string): string => logsOf(namespace, podsOf(namespace, app)[0].metadata.name, 'daprd');

beforeAll(async () => {
  const docker = await testDocker();
  const kafka = pushToMirror((await buildKafkaImage(docker)).reference);
  const app = pushToMirror(buildAppImage());
  loaded.push(kafka, app, POSTGRES_IMAGE);

  const connectionString = `host=postgres.${namespace}.svc.cluster.local port=5432 user=dapr password=${DB_PASSWORD} database=dapr sslmode=disable`;
  objects = [
    ...kafkaBroker(namespace, kafka),
    kafkaTopic(namespace, kafka, 'task-events'),
    ...postgres(namespace, POSTGRES_IMAGE, DB_PASSWORD),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'statestore-db', namespace }, type: 'Opaque', stringData: { connectionString } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app-secret', namespace }, type: 'Opaque', stringData: { 'api-key': APP_SECRET } },
    ...secretReader(namespace, APPS),
    kafkaPubsub(namespace, APPS),
    component(namespace, 'statestore', 'state.postgresql', [{ name: 'connectionString', secretKeyRef: { name: 'statestore-db', key: 'connectionString' } }], { scopes: APPS, auth: { secretStore: 'kubernetes' } }),
    component(namespace, 'kubernetes-secrets', 'secretstores.kubernetes', [], { scopes: APPS }),
    component(namespace, 'reminder-cron', 'bindings.cron', [{ name: 'schedule', value: '@every 3s' }, { name: 'direction', value: 'input' }], { scopes: ['subscriber'] }),
    subscription(namespace, 'task-events', 'kafka-pubsub', 'task-events', '/events/task', ['subscriber']),
    ...APPS.flatMap((name) => daprApp(namespace, app, { name })),
  ];
  applyOk([restrictedNamespace(namespace)]);
});

afterAll(() => {
  deleteNamespace(namespace);
  unloadImages(loaded);
});

test("Dapr's CRDs from the module cache are the ones the cluster serves, and the control plane runs under restricted", () => {
  const env = daprEnv();
  const files = fs.readdirSync(env.crdsDir).filter((f) => f.endsWith('.yaml'));
  expect(files.sort()).toEqual(['components.yaml', 'configuration.yaml', 'httpendpoints.yaml', 'resiliency.yaml', 'subscription.yaml']);
  for (const file of files) {
    const crd = YAML.parse(fs.readFileSync(path.join(env.crdsDir, file), 'utf8'));
    const served = getJson(['crd', crd.metadata.name]);
    expect({ name: served?.metadata.name, versions: served?.spec.versions.map((v: any) => ({ name: v.name, served: v.served, schema: v.schema })) })
      .toEqual({ name: crd.metadata.name, versions: crd.spec.versions.map((v: any) => ({ name: v.name, served: v.served, schema: v.schema })) });
  }
  const ns = getJson(['namespace', env.namespace]);
  expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  const pods = getJson(['pods', '-n', env.namespace]).items as any[];
  expect(pods.map((p) => p.metadata.labels.app).sort()).toEqual(['dapr-operator', 'dapr-placement-server', 'dapr-scheduler-server', 'dapr-scheduler-server', 'dapr-scheduler-server', 'dapr-sentry', 'dapr-sidecar-injector']);
  for (const p of pods) expect({ pod: p.metadata.name, phase: p.status.phase }).toEqual({ pod: p.metadata.name, phase: 'Running' });
});

test('every object passes the real API server with Dapr\'s CRDs installed (strict server-side dry run)', () => {
  const r = apply(objects, '--dry-run=server', '--validate=strict');
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  applyOk(objects);
});

test('the apps get their sidecar from the annotations on the pod template, and the pods are admitted under restricted', async () => {
  for (const app of ['kafka', 'postgres', ...APPS]) {
    await eventually(`${app} is Ready`, 300_000, () => podsOf(namespace, app).find((p) => p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')), () => namespaceReport(namespace));
  }
  for (const app of APPS) {
    const [pod] = podsOf(namespace, app);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'daprd']);
    const daprd = pod.spec.containers.find((c: any) => c.name === 'daprd');
    expect(daprd.image).toBe(daprEnv().sidecarImage);
    expect(daprd.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    const log = daprdLog(app);
    expect(log).toContain('Component loaded: kafka-pubsub (pubsub.kafka/v1)');
    expect(log).toContain('Component loaded: statestore (state.postgresql/v1)');
    expect(log).toContain('Component loaded: kubernetes-secrets (secretstores.kubernetes/v1)');
  }
  expect(daprdLog('subscriber')).toContain('Component loaded: reminder-cron (bindings.cron/v1)');
});

/** Polls what the app received at `route` until there are at least `count` entries. */
const receivedAtLeast = (app: string, route: string, count: number, timeoutMs = 120_000) =>
  eventuallyAsync(`${app} receives ${count} call(s) at ${route}`, timeoutMs, async () => {
    const r = await received(app, route);
    return r.length >= count ? r : undefined;
  }, () => `${namespaceReport(namespace)}\n--- daprd of ${app}:\n${daprdLog(app).split('\n').slice(-20).join('\n')}`);

test('a task event published through the sidecar reaches the subscriber through the Kafka broker', async () => {
  const event = { event_type: 'created', task_id: 42, task_data: { title: 'Buy milk', priority: 'high' }, user_id: 'user-1', timestamp: new Date().toISOString() };
  expect(await sidecar('publisher', 'POST', 'v1.0/publish/kafka-pubsub/task-events', event)).toEqual({ status: 204, text: '' });
  const [delivery] = await receivedAtLeast('subscriber', '/events/task', 1);
  expect(delivery.method).toBe('POST');
  // Dapr wraps the event in a CloudEvent; the subscriber's route gets it through Kafka.
  expect(JSON.parse(delivery.body)).toMatchObject({ topic: 'task-events', pubsubname: 'kafka-pubsub', source: 'publisher', data: event });
});

test('a value saved through state.postgresql is read back, and is a row of PostgreSQL\'s state table', async () => {
  const value = { task_id: 42, reminder: 'tomorrow 9:00' };
  expect(await sidecar('publisher', 'POST', 'v1.0/state/statestore', [{ key: 'task-42', value }])).toEqual({ status: 204, text: '' });
  const read = await sidecar('publisher', 'GET', 'v1.0/state/statestore/task-42');
  expect({ status: read.status, value: JSON.parse(read.text) }).toEqual({ status: 200, value });
  const [db] = podsOf(namespace, 'postgres');
  // Dapr keys state by app-id: `publisher||task-42`.
  const row = execIn(namespace, db.metadata.name, 'postgres', ['psql', '-h', '/var/run/postgresql', '-U', 'dapr', '-d', 'dapr', '-qAt', '-c', "SELECT value FROM state WHERE key = 'publisher||task-42'"]);
  expect(JSON.parse(row)).toEqual(value);
});

test('a Secret is read through secretstores.kubernetes', async () => {
  const r = await sidecar('publisher', 'GET', 'v1.0/secrets/kubernetes-secrets/app-secret');
  expect({ status: r.status, body: JSON.parse(r.text) }).toEqual({ status: 200, body: { 'api-key': APP_SECRET } });
});

test('the cron binding fires: the sidecar calls the app at the binding\'s name', async () => {
  const calls = await receivedAtLeast('subscriber', '/reminder-cron', 2, 60_000);
  expect(calls.every((c) => c.method === 'POST')).toBe(true);
});

test('a Jobs API job (Dapr\'s scheduler) calls the app back at /job/<name> when due', async () => {
  const scheduled = await sidecar('subscriber', 'POST', 'v1.0-alpha1/jobs/remind-task-42', { dueTime: '2s', data: { task_id: 42 } });
  expect(scheduled).toEqual({ status: 204, text: '' });
  const [call] = await receivedAtLeast('subscriber', '/job/remind-task-42', 1, 90_000);
  expect(call.method).toBe('POST');
  expect(JSON.parse(call.body)).toEqual({ task_id: 42 });
});

test('service invocation: the publisher calls the subscriber by its app-id', async () => {
  expect(await sidecar('publisher', 'GET', 'v1.0/invoke/subscriber/method/hello')).toEqual({ status: 200, text: 'hello from subscriber' });
});
