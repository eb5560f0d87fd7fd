// Needs: docker, real-node, dapr, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * `npm run deploy` with the Phase V setting on the real node, the way a user runs it: a project
 * whose backend and frontend images are the tiny app of test/phase-v/app (it records what Dapr
 * delivers and relays /relay/* to its sidecar) and the project's Kafka image, loaded into the node
 * (deploy --no-build), and PostgreSQL pulled by the kubelet from this machine's mirror. Deploy checks Dapr's control plane,
 * applies the chart's Kafka broker, topics Job, Components and Subscription, and waits for every
 * rollout; then a task event published through the backend's sidecar reaches the frontend (the
 * subscriber) through the real broker, the subscriber writes it to PostgreSQL through its
 * sidecar's state store, and the test reads the row back. The chart's workers (dapr.workers, the
 * image of dockerfiles/workers.Dockerfile) consume what the backend publishes and write to
 * PostgreSQL themselves: the recurring-task worker a completed task's next occurrence (also
 * published on task-updates), the notification worker a reminder. The frontend calls the backend
 * by app-id (service invocation). A second deploy changes nothing. A worker restarted while Dapr's
 * injector is down runs without daprd; the next deploy restarts it once and it gets its sidecar.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterProject } from '../cluster/cluster-project';
import { testDocker } from '../images/helpers/docker';
import { daprEnv } from '../support/dapr';
import { mirrored, pushToMirror } from '../support/mirror';
import { deployToCluster, nodeAddress, realKubectl, unloadImages } from '../node/helpers/real-node';
import { buildAppImage, buildKafkaImage, buildWorkersImage } from './helpers/images';
import { eventuallyAsync, execIn, getJson, logsOf, namespaceReport } from './helpers/kube';

jest.setTimeout(25 * 60 * 1000);

const DB_PASSWORD = 'phase-v-e2e-db-0123456789';
const project = new ClusterProject('pv-deploy', { cluster: 'real', publicHost: nodeAddress() });
const ns = project.namespace;
const SECRETS = {
  BETTER_AUTH_SECRET: 'phase-v-e2e-auth-secret-0123456789abcdef',
  OPENAI_API_KEY: 'sk-not-used',
  POSTGRES_PASSWORD: DB_PASSWORD,
  DAPR_STATE_CONNECTION_STRING: `host=postgres.${ns}.svc.cluster.local port=5432 user=todo password=${DB_PASSWORD} dbname=todo sslmode=disable`,
};
const loaded: string[] = [];
const POSTGRES_IMAGE = mirrored('postgres');
/** The tiny app's image as built here (its contract-port variant), removed from the engine afterwards. */
let builtApp = '';

/** main.ts: the chart as it is; the tiny app listens on each contract's port. */
const MAIN = `
import { App } from 'cdk8s';
import { TodoChart, TodoConfig, envValue } from '@lib';
export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  const chart = new TodoChart(app, settings.instance, { config: settings });
  chart.backend.addEnv(envValue('APP_PORT', '8000'), envValue('APP_ID', 'backend'));
  chart.frontend.addEnv(envValue('APP_PORT', '3000'), envValue('APP_ID', 'frontend'));
  return app;
}
`;

/**
 * The tiny app as a contract image: the binary at /bin/tinyapp, and the directories the
 * frontend contract mounts writable paths on (/app/.next/cache; the one-file image has its binary
 * at /app). Built from the app image with no pull.
 */
function contractAppImage(app: string): string {
  const reference = `${app}-contract`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-pv-app-'));
  try {
    fs.mkdirSync(path.join(dir, 'cache'));
    fs.writeFileSync(path.join(dir, 'cache', '.keep'), '');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), [
      `FROM ${app} AS app`,
      'FROM scratch',
      'COPY --from=app /app /bin/tinyapp',
      'COPY cache/ /app/.next/cache/',
      'COPY cache/ /tmp/',
      'USER 10001:10001',
      'ENTRYPOINT ["/bin/tinyapp"]',
    ].join('\n'));
    execFileSync('docker', ['build', '-q', '-t', reference, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return reference;
}

function split(ref: string): [string, string] {
  const at = ref.lastIndexOf(':');
  return [ref.slice(0, at), ref.slice(at + 1)];
}
const url = (app: 'backend' | 'frontend') => `http://${nodeAddress()}:${project.ports[app]}`;
/** The running pods of a workload of the chart. */
const podsOfApp = (name: string): any[] => ((getJson(['pods', '-n', ns, '-l', `app.kubernetes.io/name=${name}`])?.items ?? []) as any[]).filter((p) => !p.metadata.deletionTimestamp);
const daprdLog = (name: string) => logsOf(ns, podsOfApp(name)[0]?.metadata.name ?? '', 'daprd');

beforeAll(async () => {
  const docker = await testDocker();
  const kafka = pushToMirror((await buildKafkaImage(docker)).reference);
  const workers = pushToMirror((await buildWorkersImage(docker)).reference);
  builtApp = contractAppImage(buildAppImage());
  const app = pushToMirror(builtApp);
  loaded.push(kafka, app, workers);
  loaded.push(POSTGRES_IMAGE);
  const [appRepo, appTag] = split(app);
  const [kafkaRepo, kafkaTag] = split(kafka);
  const [workersRepo, workersTag] = split(workers);
  project.setMain(MAIN);
  project.setValues([
    'images:',
    `  backend: { repository: ${appRepo}, tag: "${appTag}", pullPolicy: IfNotPresent }`,
    `  frontend: { repository: ${appRepo}, tag: "${appTag}", pullPolicy: IfNotPresent }`,
    'backend: { healthCheckPath: /healthz, migration: { kind: none } }',
    'frontend: { healthCheckPath: /healthz, migration: { kind: none } }',
    `database: { image: "${POSTGRES_IMAGE}" }`,
    'dapr:',
    '  enabled: true',
    '  pubsub: { kind: kafka, brokers: in-cluster }',
    '  stateStore: { kind: postgresql }',
    '  subscriptions:',
    '    - { name: task-events-frontend, topic: task-events, route: /events/task, appIds: [frontend] }',
    '    - { name: task-updates-frontend, topic: task-updates, route: /events/updates, appIds: [frontend] }',
    `  workers: { image: { repository: ${workersRepo}, tag: "${workersTag}", pullPolicy: IfNotPresent } }`,
    'kafka:',
    `  image: { repository: ${kafkaRepo}, tag: "${kafkaTag}", pullPolicy: IfNotPresent }`,
    '  storage: 1Gi',
  ].join('\n'));
});

afterAll(() => {
  if (process.env.TODO_K8S_KEEP_NAMESPACES !== '1') {
    project.remove();
  }
  unloadImages(loaded);
  if (builtApp) execFileSync('docker', ['image', 'rm', builtApp], { stdio: 'ignore' });
});

test('npm run deploy with Phase V: Dapr checked, then Kafka, its topics, the Components, the apps and the workers rolled out with sidecars', () => {
  const r = deployToCluster(project, SECRETS, '420s');
  if (r.status !== 0) throw new Error(`deploy failed (${r.status}):\n${r.stderr}\n${namespaceReport(ns)}`);
  expect(r.stderr).toMatch(/deploy: Dapr's control plane is Ready in dapr-system \(\d+ dapr\.io CRDs\)/);
  expect(r.stderr).toMatch(/StatefulSet\/kafka 1\/1 ready \(done\)/);
  expect(r.stderr).toMatch(/Job\/kafka-topics-[0-9a-f]{8} 1\/1 succeeded \(done\)/);
  expect(r.stderr).toContain('deploy: rollout done.');
  for (const secret of Object.values(SECRETS)) expect(r.stderr).not.toContain(secret);
  for (const name of ['backend', 'frontend']) {
    const [pod] = podsOfApp(name);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual([name, 'daprd']);
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database', 'wait-for-kafka']);
    const log = daprdLog(name);
    expect(log).toContain('Component loaded: kafka-pubsub (pubsub.kafka/v1)');
    expect(log).toContain('Component loaded: statestore (state.postgresql/v1)');
  }
  for (const name of ['notification', 'recurring-tasks']) {
    expect(r.stderr).toMatch(new RegExp(`Deployment/${name} 1/1 ready \\(done\\)`));
    const [pod] = podsOfApp(name);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual([name, 'daprd']);
    expect(daprdLog(name)).toContain('Component loaded: kafka-pubsub (pubsub.kafka/v1)');
  }
});

/** What a worker saved through its sidecar's state store: the row of PostgreSQL's state table (Dapr prefixes the key with the app-id). */
function savedByWorker(appId: string, key: string): any {
  const [db] = podsOfApp('postgres');
  const row = execIn(ns, db.metadata.name, 'postgres', ['psql', '-h', '/var/run/postgresql', '-U', 'todo', '-d', 'todo', '-qAt', '-c', `SELECT value FROM state WHERE key = '${appId}||${key}'`]).trim();
  return row ? JSON.parse(row) : undefined;
}
const publish = (topic: string, event: unknown) => fetch(`${url('backend')}/relay/v1.0/publish/kafka-pubsub/${topic}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });

test('the recurring-task worker: a completed weekly task published by the backend reaches it through Kafka; it writes the event and the next occurrence to PostgreSQL and publishes that on task-updates', async () => {
  const event = { event_type: 'completed', task_id: 41, task_data: { title: 'Weekly review', recurrence: 'weekly', due_date: '2026-12-07' }, user_id: 'user-41', timestamp: new Date().toISOString() };
  const published = await publish('task-events', event);
  expect(published.status).toBe(204);
  const next = await eventuallyAsync('the worker saves the next occurrence', 120_000, async () => savedByWorker('recurring-tasks', 'next-occurrence-41'),
    () => `${namespaceReport(ns)}\n--- recurring-tasks:\n${logsOf(ns, podsOfApp('recurring-tasks')[0]?.metadata.name ?? '', 'recurring-tasks')}`);
  expect(next).toMatchObject({ event_type: 'next-occurrence', task_id: 41, user_id: 'user-41', task_data: { title: 'Weekly review', recurrence: 'weekly', due_date: '2026-12-14', completed: false } });
  expect(savedByWorker('recurring-tasks', 'task-event-41-completed')).toEqual(event);
  const update = await eventuallyAsync('the frontend receives the next occurrence on task-updates', 60_000, async () => {
    const got = (await (await fetch(`${url('frontend')}/received?path=${encodeURIComponent('/events/updates')}`)).json()) as { body: string }[];
    return got.map((g) => JSON.parse(g.body)).find((e) => e.data?.task_id === 41);
  });
  expect(update).toMatchObject({ topic: 'task-updates', source: 'recurring-tasks', data: { event_type: 'next-occurrence', task_data: { due_date: '2026-12-14' } } });
});

test('the notification worker: a reminder reaches it through Kafka; it logs the notification and writes it to PostgreSQL; a malformed one is dropped, not redelivered', async () => {
  expect((await publish('reminders', { task_id: 42 })).status).toBe(204);
  const reminder = { task_id: 43, title: 'Pay rent', due_at: '2026-12-08T09:00:00Z', remind_at: '2026-12-07T09:00:00Z', user_id: 'user-43' };
  expect((await publish('reminders', reminder)).status).toBe(204);
  const saved = await eventuallyAsync('the worker saves the notification', 120_000, async () => savedByWorker('notification', 'notification-43'));
  expect(saved).toMatchObject({ ...reminder, notified_at: expect.any(String) });
  const lines = logsOf(ns, podsOfApp('notification')[0].metadata.name, 'notification').trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toContainEqual({ worker: 'notification', event: 'notify', user_id: 'user-43', task_id: 43, title: 'Pay rent' });
  expect(lines.filter((l) => l.event === 'dropped')).toEqual([{ worker: 'notification', event: 'dropped', problem: 'the event\'s data has no title, user_id' }]);
});

test('a task event published through the backend\'s sidecar reaches the frontend\'s Subscription through Kafka, and the frontend saves it through its own state store', async () => {
  const event = { event_type: 'created', task_id: 7, task_data: { title: 'Water the plants', priority: 'high' }, user_id: 'user-7', timestamp: new Date().toISOString() };
  const published = await fetch(`${url('backend')}/relay/v1.0/publish/kafka-pubsub/task-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  expect({ status: published.status, text: await published.text() }).toEqual({ status: 204, text: '' });

  const delivery = await eventuallyAsync('the frontend receives the event at /events/task', 120_000, async () => {
    const got = (await (await fetch(`${url('frontend')}/received?path=${encodeURIComponent('/events/task')}`)).json()) as { body: string }[];
    // The workers' test published on the same topic before this one.
    return got.find((g) => JSON.parse(g.body).data?.task_id === event.task_id);
  }, () => `${namespaceReport(ns)}\n--- daprd of frontend:\n${daprdLog('frontend').split('\n').slice(-20).join('\n')}`);
  const cloudEvent = JSON.parse(delivery.body);
  expect(cloudEvent).toMatchObject({ topic: 'task-events', pubsubname: 'kafka-pubsub', source: 'backend', data: event });

  // The subscriber stores what it got through its own sidecar's state store (state.postgresql).
  const saved = await fetch(`${url('frontend')}/relay/v1.0/state/statestore`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ key: `task-event-${event.task_id}`, value: cloudEvent.data }]) });
  expect(saved.status).toBe(204);
  const [db] = podsOfApp('postgres');
  const row = execIn(ns, db.metadata.name, 'postgres', ['psql', '-h', '/var/run/postgresql', '-U', 'todo', '-d', 'todo', '-qAt', '-c', "SELECT value FROM state WHERE key = 'frontend||task-event-7'"]);
  expect(JSON.parse(row)).toEqual(event);
});

test('service invocation: the frontend calls the backend by its app-id through both sidecars (mTLS by Dapr\'s sentry)', async () => {
  const called = await fetch(`${url('frontend')}/relay/v1.0/invoke/backend/method/hello`);
  expect({ status: called.status, text: await called.text() }).toEqual({ status: 200, text: 'hello from backend' });
});

test('the secret store: the backend reads the app\'s Secret through its sidecar; a worker\'s sidecar has no such store, and its ServiceAccount may not read the Secret', async () => {
  const read = await fetch(`${url('backend')}/relay/v1.0/secrets/kubernetes-secrets/todo-secrets`);
  expect(read.status).toBe(200);
  expect(Object.keys((await read.json()) as object)).toEqual(expect.arrayContaining(Object.keys(SECRETS)));
  // Status and Dapr's error code only: nothing the sidecar answers is printed.
  const ask = (store: string) => execIn(ns, podsOfApp('notification')[0].metadata.name, 'notification', ['python3', '-c', [
    'import json, urllib.request, urllib.error',
    'try:',
    `  urllib.request.urlopen("http://127.0.0.1:3500/v1.0/secrets/${store}/todo-secrets"); print(200)`,
    'except urllib.error.HTTPError as e:',
    '  print(e.code, json.loads(e.read() or b"{}").get("errorCode"))',
  ].join('\n')]).trim();
  expect(ask('kubernetes-secrets')).toBe('401 ERR_SECRET_STORE_NOT_FOUND');
  // Dapr's built-in store reads as the pod's ServiceAccount, which the secret store's RoleBinding leaves out.
  expect(ask('kubernetes')).toMatch(/^500 ERR_SECRET_GET$/);
});

test('a second deploy changes nothing and restarts nothing', () => {
  const r = deployToCluster(project, SECRETS, '300s');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/deploy: applied: nothing changed/);
  expect(r.stderr).not.toMatch(/deploy: restarted/);
});

test('a worker that came up while Dapr\'s injector was down (its webhook lets the pod through without daprd) gets its sidecar from the next deploy, which restarts it once', () => {
  const dapr = daprEnv().namespace;
  const injector = ['-n', dapr, 'deployment/dapr-sidecar-injector'];
  const replicas = realKubectl(['get', ...injector, '-o', 'jsonpath={.spec.replicas}']).trim() || '1';
  const containers = () => podsOfApp('notification').map((p) => p.spec.containers.map((c: any) => c.name));
  realKubectl(['scale', '--replicas=0', ...injector]);
  try {
    realKubectl(['wait', '--for=delete', 'pods', '-n', dapr, '-l', 'app=dapr-sidecar-injector', '--timeout=120s']);
    realKubectl(['rollout', 'restart', '-n', ns, 'deployment/notification']);
    realKubectl(['rollout', 'status', '-n', ns, 'deployment/notification', '--timeout=180s'], 200_000);
    expect(containers()).toEqual([['notification']]);
  } finally {
    realKubectl(['scale', `--replicas=${replicas}`, ...injector]);
    realKubectl(['rollout', 'status', ...injector, '--timeout=180s'], 200_000);
  }
  const r = deployToCluster(project, SECRETS, '300s');
  if (r.status !== 0) throw new Error(`deploy failed (${r.status}):\n${r.stderr}\n${namespaceReport(ns)}`);
  expect(r.stderr).toMatch(/deploy: Deployment\/notification came up without a Dapr sidecar \(.*\); restarting once/);
  expect(r.stderr).toContain('deploy: rollout done.');
  expect(containers()).toEqual([['notification', 'daprd']]);
});

test('npm run down removes the app, Kafka, its topics Job, the Components and the Subscription, and keeps the data', () => {
  const claimsBefore = realKubectl(['get', 'persistentvolumeclaims', '-n', ns, '-o', 'name']).trim().split('\n').sort();
  expect(claimsBefore).toEqual(expect.arrayContaining(['persistentvolumeclaim/data-postgres-0', expect.stringMatching(/^persistentvolumeclaim\/.*kafka.*-0$/)]));
  const down = project.run('down');
  expect(down.status).toBe(0);
  expect(down.stderr).toMatch(/down: kept .*PersistentVolumeClaim\/data-postgres-0/);
  expect(realKubectl(['get', 'deployments,statefulsets,jobs,services,components.dapr.io,subscriptions.dapr.io', '-n', ns, '-o', 'name']).trim()).toBe('');
  // The broker's log and the database stay for the next deploy, as the Secret does.
  expect(realKubectl(['get', 'persistentvolumeclaims', '-n', ns, '-o', 'name']).trim().split('\n').sort()).toEqual(claimsBefore);
  expect(realKubectl(['get', 'secret', 'todo-secrets', '-n', ns, '-o', 'name']).trim()).toBe('secret/todo-secrets');
});
