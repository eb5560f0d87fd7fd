// Needs: docker, real-node, dapr, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * `npm run deploy` with the Phase V setting on the real node, the way a user runs it: a project
 * whose backend and frontend images are the tiny app of test/phase-v/app (it records what Dapr
 * delivers and relays /relay/* to its sidecar) and the project's Kafka image, loaded into the node
 * (deploy --no-build), and PostgreSQL pulled by the kubelet from this machine's mirror. Deploy checks Dapr's control plane,
 * applies the chart's Kafka broker, topics Job, Components and Subscription, and waits for every
 * rollout; then a task event published through the backend's sidecar reaches the frontend (the
 * subscriber) through the real broker, the subscriber writes it to PostgreSQL through its
 * sidecar's state store, and the test reads the row back. The frontend calls the backend by
 * app-id (service invocation). A second deploy changes nothing.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterProject } from '../cluster/cluster-project';
import { testDocker } from '../images/helpers/docker';
import { mirrored, pushToMirror } from '../support/mirror';
import { deployToCluster, nodeAddress, realKubectl, unloadImages } from '../node/helpers/real-node';
import { buildAppImage, buildKafkaImage } from './helpers/images';
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
  builtApp = contractAppImage(buildAppImage());
  const app = pushToMirror(builtApp);
  loaded.push(kafka, app);
  loaded.push(POSTGRES_IMAGE);
  const [appRepo, appTag] = split(app);
  const [kafkaRepo, kafkaTag] = split(kafka);
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
    '  subscriptions: [{ name: task-events-frontend, topic: task-events, route: /events/task, appIds: [frontend] }]',
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

test('npm run deploy with Phase V: Dapr checked, then Kafka, its topics, the Components and the apps rolled out with sidecars', () => {
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
});

test('a task event published through the backend\'s sidecar reaches the subscriber through Kafka, which writes it to PostgreSQL', async () => {
  const event = { event_type: 'created', task_id: 7, task_data: { title: 'Water the plants', priority: 'high' }, user_id: 'user-7', timestamp: new Date().toISOString() };
  const published = await fetch(`${url('backend')}/relay/v1.0/publish/kafka-pubsub/task-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  expect({ status: published.status, text: await published.text() }).toEqual({ status: 204, text: '' });

  const delivery = await eventuallyAsync('the frontend receives the event at /events/task', 120_000, async () => {
    const got = (await (await fetch(`${url('frontend')}/received?path=${encodeURIComponent('/events/task')}`)).json()) as { body: string }[];
    return got[0];
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

test('a second deploy changes nothing and restarts nothing', () => {
  const r = deployToCluster(project, SECRETS, '300s');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/deploy: applied: nothing changed/);
  expect(r.stderr).not.toMatch(/deploy: restarted/);
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
