// Needs: docker, real-node, mirror, dapr (probed once by test/support/global-setup.ts before any test runs)
/**
 * README's quick start, run as written from a clean copy of the project with an app beside it,
 * against the real node (a real kubelet, containerd, kube-proxy and volume provisioner): its
 * context stands in for `minikube start`, and the checkout's node_modules for `npm ci`. The
 * `.env` line, the app change and `npm run deploy` run verbatim: deploy checks the app's sources,
 * builds both images for real (the project's fixture app: the Next.js + Better Auth frontend with
 * its import turned back to the Neon driver, so the app change has work to do, and the FastAPI
 * backend), finds the node's image store and delivers them, and waits for every rollout. Then a
 * new user signs up, gets a token, creates a task through the backend and lists it, and the task
 * is there on the first request after the database pod restarts.
 * Then README's Phase V quick start on the same app, verbatim but for Dapr's chart (installed the
 * same way by .ci/dapr; no chart repository is reachable here): deploy builds the Kafka image too,
 * delivers it, brings up the broker, the Components and the app with sidecars; a new user signs
 * up and adds a task, and the backend's sidecar publishes to the broker.
 * The only settings are what this machine needs, in a profile of its own (TODO_PROFILE, a copy of
 * profiles/local.yaml as its comment suggests, so the command lines stay as written, `-f` included):
 * the base images from this machine's mirror (.ci/mirror; nothing can be pulled here), as a user
 * names a mirror, and the namespace, NodePorts, URLs on the node's address and the fixture's auth
 * config path, so other test files' objects never collide with it.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clusterEnv, deleteNamespacesOn, nodePortPair, uniqueName } from '../support/cluster';
import { mirrored } from '../support/mirror';
import { removeRepositories, testDocker, uniqueRepository } from '../images/helpers/docker';
import { createAndListTask, signUpAndGetToken } from '../node/helpers/app-user';
import { nodeAddress, podStates, realKubectl, unloadImages, waitFor } from '../node/helpers/real-node';
import { eventuallyAsync, execIn, logsOf } from '../phase-v/helpers/kube';
import { daprEnv } from '../support/dapr';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

jest.setTimeout(20 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..');

/** The commands of a README section's one `sh` block, a line each (by default `## Quick start (minikube)`'s). */
export function quickStartCommands(readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), heading = '## Quick start (minikube)'): string[] {
  const from = readme.indexOf(`\n${heading}`);
  const section = readme.slice(from, readme.indexOf('\n## ', from + 1));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (from < 0 || !block) throw new Error(`README has no sh block under "${heading}"`);
  return block[1].split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-quick-start-'));
const project = path.join(work, 'todo-k8s');
const namespace = uniqueName('quick-start');
const ports = nodePortPair(namespace);
// Repositories of the test's own: a developer's todo-backend/todo-frontend images stay untouched.
const repositories = { backend: uniqueRepository('quick-start-backend'), frontend: uniqueRepository('quick-start-frontend') };
/** What the node got: deploy's images and the pulled PostgreSQL, removed afterwards. */
const onNode: string[] = [];
/** Tags deploy put on images in repositories the values name (values/phase-v.yaml's todo-kafka): untagged afterwards, nothing else of them. */
const tagged: string[] = [];
afterAll(async () => {
  deleteNamespacesOn('real', namespace);
  unloadImages(onNode);
  const docker = await testDocker();
  await removeRepositories(docker, Object.values(repositories));
  for (const reference of tagged) await docker.getImage(reference).remove({ noprune: true }).catch(() => undefined);
  fs.rmSync(work, { recursive: true, force: true });
});

/** A clean checkout: the tracked files (no .env, no lock, no dist/), and the checkout's packages. */
function cleanCopy(): void {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    if (!fs.existsSync(path.join(ROOT, file))) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(project, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
}

/**
 * The project's fixture app beside the copy, as the Phase IV app has it: its Better Auth Pool
 * taken from the Neon driver again, and its backend's SQLAlchemy unpinned (the last line
 * without its newline, as an editor may leave it).
 */
function appBeside(): void {
  const fixtures = path.join(ROOT, 'test', 'e2e', 'fixtures');
  fs.cpSync(path.join(fixtures, 'frontend'), path.join(work, 'frontend'), { recursive: true });
  fs.cpSync(path.join(fixtures, 'backend'), path.join(work, 'backend'), { recursive: true });
  const auth = path.join(work, 'frontend', AUTH_CONFIG_PATH);
  fs.writeFileSync(auth, fs.readFileSync(auth, 'utf8').replace("from 'pg'", "from '@neondatabase/serverless'"));
  const requirements = path.join(work, 'backend', 'requirements.txt');
  const unpinned = fs.readFileSync(requirements, 'utf8').split('\n').filter((line) => line.trim() && !/^(#|SQLAlchemy)/i.test(line));
  fs.writeFileSync(requirements, unpinned.join('\n'));
}

/** The fixture keeps its Better Auth config where the e2e test has it, as JavaScript. */
const AUTH_CONFIG_PATH = 'src/lib/auth-server.js';

/** The profile this machine runs: profiles/local.yaml with the mirror's bases, and a namespace, NodePorts and URLs of the test's own. */
function machineProfile(local: string): string {
  const host = nodeAddress();
  const machine = {
    namespace,
    publicUrls: { frontend: `http://${host}:${ports.frontend}`, backend: `http://${host}:${ports.backend}` },
    exposure: { kind: 'node-port', frontendNodePort: ports.frontend, backendNodePort: ports.backend },
    frontend: { migration: { kind: 'better-auth', authConfigPath: AUTH_CONFIG_PATH } },
    images: {
      backend: { repository: repositories.backend, buildArgs: { PYTHON_IMAGE: mirrored('python') } },
      frontend: { repository: repositories.frontend, buildArgs: { NODE_IMAGE: mirrored('node') } },
    },
    database: { image: mirrored('postgres') },
    // Phase V's broker is built on the mirror's Debian; values/phase-v.yaml names the rest of it.
    kafka: { image: { repository: 'todo-kafka', tag: 'dev', pullPolicy: 'Never', buildArgs: { DEBIAN_IMAGE: mirrored('debian') } }, storage: '1Gi' },
  };
  return toYaml(merged(parseYaml(local), machine));
}

/** `over` merged into `base`, mappings key by key (as values files layer). */
function merged(base: any, over: any): any {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof over !== 'object' || over === null || Array.isArray(over)) return over;
  return Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(over)])].map((k) => [k, k in over ? merged(base[k], over[k]) : base[k]]));
}

let run: (command: string) => SpawnSyncReturns<string>;

test('README\'s quick start is at most 5 commands; run verbatim on the real node, a new user signs up and adds a task that outlives a database restart', async () => {
  const commands = quickStartCommands();
  expect(commands.length).toBeLessThanOrEqual(5);
  expect(commands[0]).toMatch(/^minikube start /);
  expect(commands[1]).toBe('npm ci');
  expect(commands[commands.length - 1]).toBe('npm run deploy');

  cleanCopy();
  appBeside();
  const cluster = clusterEnv('real');
  fs.writeFileSync(path.join(project, 'profiles', 'this-machine.yaml'), machineProfile(fs.readFileSync(path.join(project, 'profiles', 'local.yaml'), 'utf8')));
  onNode.push(mirrored('postgres'));
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: cluster.kubeconfig, KUBECTL: cluster.kubectl, INIT_CWD: project, TODO_PROFILE: 'this-machine' };
  for (const key of ['TODO_VALUES', 'TODO_IMAGES_LOCK', 'OPENAI_API_KEY']) delete env[key];
  run = (command: string) => spawnSync('bash', ['-euo', 'pipefail', '-c', command], { cwd: project, env, encoding: 'utf8', timeout: 15 * 60_000 });

  // The backend as it is: the checks refuse its unpinned SQLAlchemy, which README's app change pins.
  // (The fixture's package.json does not list the Neon driver, so its import is not reported.)
  const before = run('npm run -s check-app');
  expect(before.status).not.toBe(0);
  expect([...`${before.stdout}${before.stderr}`.matchAll(/^error \[([a-z-]+)\]/gm)].map((m) => m[1])).toEqual(['backend-database-driver']);

  for (const command of commands.slice(2)) {
    const r = run(command);
    if (r.status !== 0) throw new Error(`\`${command}\` exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    if (command.startsWith('npm run deploy')) {
      expect(r.stderr).toContain('deploy: rollout done.');
      expect(r.stderr).toContain(`${repositories.backend}:sha-`); // built by deploy
      expect(fs.existsSync(path.join(project, 'images.lock.json'))).toBe(true);
      expect(r.stderr).toContain(`http://${nodeAddress()}:${ports.frontend}`);
    }
  }
  const lock = JSON.parse(fs.readFileSync(path.join(project, 'images.lock.json'), 'utf8')).images;
  onNode.push(lock.backend.reference, lock.frontend.reference, lock.frontend.migrate.reference);
  // The .env line made a Secret deploy accepted; the app change took.
  expect(fs.statSync(path.join(project, '.env')).isFile()).toBe(true);
  expect(fs.readFileSync(path.join(work, 'frontend', AUTH_CONFIG_PATH), 'utf8')).toContain("from 'pg'");
  expect(JSON.parse(fs.readFileSync(path.join(work, 'frontend', 'package.json'), 'utf8')).dependencies.pg).toBeDefined();
  expect(fs.readFileSync(path.join(work, 'backend', 'requirements.txt'), 'utf8')).toMatch(/\npsycopg2-binary==[\d.]+\nSQLAlchemy<2\.1\n$/);
  expect(realKubectl(['get', 'secret', 'todo-secrets', '-n', namespace, '-o', 'jsonpath={.data}'])).toContain('BETTER_AUTH_SECRET');
  expect(realKubectl(['get', 'deployment/backend', '-n', namespace, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toMatch(new RegExp(`^${repositories.backend}:sha-[0-9a-f]{12}$`)); // and pinned by the lock
  for (const w of ['deployment/backend', 'deployment/frontend', 'statefulset/postgres']) {
    expect(realKubectl(['get', w, '-n', namespace, '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
  }

  // A deployment is done when a user signs up and adds a task.
  const frontendUrl = `http://${nodeAddress()}:${ports.frontend}`;
  const backendUrl = `http://${nodeAddress()}:${ports.backend}`;
  const token = await signUpAndGetToken(frontendUrl, `quick-start-${process.pid}@example.com`);
  expect(await createAndListTask(backendUrl, token, 'first try')).toEqual({ created: 201, tasks: [expect.objectContaining({ title: 'first try' })] });

  // The database pod restarts; once it is Ready and its Service has it again, the user's next
  // request is answered (the backend's pool_pre_ping replaces the dead connection): no 500.
  const db = podStates(namespace, 'app.kubernetes.io/name=postgres')[0];
  realKubectl(['delete', 'pod', '-n', namespace, db.name, '--wait=true', '--timeout=120s'], 180_000);
  await waitFor('the database pod back, Ready and behind its Service', namespace, 180_000, () => {
    const ready = podStates(namespace, 'app.kubernetes.io/name=postgres')[0]?.ready;
    const slices = JSON.parse(realKubectl(['get', 'endpointslices', '-n', namespace, '-l', 'kubernetes.io/service-name=postgres', '-o', 'json'])).items as any[];
    const served = slices.some((slice) => (slice.endpoints ?? []).some((e: any) => e.conditions?.ready === true));
    return ready && served ? true : undefined;
  });
  const listed = await fetch(`${backendUrl}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
  expect({ status: listed.status, tasks: await listed.json() }).toEqual({ status: 200, tasks: [expect.objectContaining({ title: 'first try' })] });
});

test('README\'s Phase V quick start, verbatim on that app: deploy builds and delivers the Kafka and workers\' images, the app runs with sidecars, a new user signs up and adds a task, and a reminder the backend\'s sidecar publishes reaches the notification worker, which saves it in PostgreSQL', async () => {
  expect(run).toBeDefined(); // the Phase IV quick start ran first, on the same project
  const commands = quickStartCommands(undefined, '## Phase V quick start (Dapr and Kafka)');
  expect(commands.length).toBeLessThanOrEqual(3);
  expect(commands[0]).toMatch(/^helm upgrade --install dapr dapr --repo \S+ --version 1\.16\.0 .*--set dapr_sidecar_injector\.sidecarDropALLCapabilities=true/);
  // That command's result: .ci/dapr installed the same chart, version and setting from the Go module cache.
  expect(daprEnv().version).toBe('v1.16.0');
  const injectorEnv = JSON.parse(realKubectl(['get', 'deployment/dapr-sidecar-injector', '-n', daprEnv().namespace, '-o', 'jsonpath={.spec.template.spec.containers[0].env}']));
  expect(injectorEnv).toContainEqual({ name: 'SIDECAR_DROP_ALL_CAPABILITIES', value: 'true' });

  for (const command of commands.slice(1)) {
    const r = run(command);
    if (r.status !== 0) throw new Error(`\`${command}\` exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    if (command.startsWith('npm run deploy')) {
      expect(r.stderr).toMatch(/deploy: Dapr's control plane is Ready in dapr-system/);
      expect(r.stderr).toMatch(/todo-kafka:sha-[0-9a-f]{12}/); // built by deploy, content-tagged
      expect(r.stderr).toMatch(/StatefulSet\/kafka 1\/1 ready \(done\)/);
      expect(r.stderr).toMatch(/Deployment\/notification 1\/1 ready \(done\)/);
      expect(r.stderr).toMatch(/Deployment\/recurring-tasks 1\/1 ready \(done\)/);
      expect(r.stderr).toContain('deploy: rollout done.');
      expect(r.stderr).not.toMatch(/password=[^%\s]/);
    }
  }
  const lock = JSON.parse(fs.readFileSync(path.join(project, 'images.lock.json'), 'utf8'));
  const kafka = lock.services.kafka.reference;
  expect(kafka).toMatch(/^todo-kafka:sha-[0-9a-f]{12}$/);
  const workers = lock.services['dapr-workers'].reference;
  expect(workers).toMatch(/^todo-workers:sha-[0-9a-f]{12}$/);
  tagged.push(kafka, workers);
  onNode.push(kafka, workers, lock.images.backend.reference, lock.images.frontend.reference);
  expect(realKubectl(['get', 'statefulset/kafka', '-n', namespace, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe(kafka);
  const backendPod = podStates(namespace, 'app.kubernetes.io/name=backend')[0].name;
  expect(realKubectl(['get', 'pod', backendPod, '-n', namespace, '-o', 'jsonpath={.spec.containers[*].name}'])).toBe('backend daprd');
  expect(logsOf(namespace, backendPod, 'daprd')).toContain('Component loaded: kafka-pubsub (pubsub.kafka/v1)');

  // Done when a user signs up and adds a task, sidecars and all.
  const token = await signUpAndGetToken(`http://${nodeAddress()}:${ports.frontend}`, `phase-v-${process.pid}@example.com`);
  expect(await createAndListTask(`http://${nodeAddress()}:${ports.backend}`, token, 'with Dapr')).toEqual({ created: 201, tasks: [expect.objectContaining({ title: 'with Dapr' })] });
  // The backend's own sidecar takes a reminder to the broker (204 once Kafka has it); the
  // notification worker gets it through its Subscription and saves it through the state store.
  const reminder = JSON.stringify({ task_id: 9001, title: 'with Dapr', user_id: 'quick-start', remind_at: new Date().toISOString() });
  const publish = `import urllib.request as u; r = u.urlopen(u.Request('http://localhost:3500/v1.0/publish/kafka-pubsub/reminders', data=${JSON.stringify(reminder)}.encode(), headers={'content-type': 'application/json'})); print(r.status)`;
  expect(execIn(namespace, backendPod, 'backend', ['python', '-c', publish]).trim()).toBe('204');
  const dbPod = podStates(namespace, 'app.kubernetes.io/name=postgres')[0].name;
  const saved = await eventuallyAsync('the notification worker saves the reminder', 120_000, async () =>
    execIn(namespace, dbPod, 'postgres', ['psql', '-h', '/var/run/postgresql', '-U', 'todo', '-d', 'todo', '-qAt', '-c', "SELECT value FROM state WHERE key = 'notification||notification-9001'"]).trim() || undefined);
  expect(JSON.parse(saved)).toMatchObject({ task_id: 9001, title: 'with Dapr', user_id: 'quick-start', notified_at: expect.any(String) });
});
