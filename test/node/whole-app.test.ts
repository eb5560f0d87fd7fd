// Needs: docker, real-node, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * The local profile's dist/ on a real kubelet (`.ci/cluster up --node real`), and the whole app
 * used through its Services: the project's fixtures (a Next.js + Better Auth frontend, a FastAPI
 * + SQLModel + PyJWT backend from PyPI) built by the `npm run images` code path on the Debian-made
 * bases this machine's mirror serves (.ci/mirror), delivered to the node by `npm run deploy`
 * from the lock, the in-cluster PostgreSQL pulled from the mirror by the kubelet, on a volume
 * the cluster's provisioner makes. A new user signs up, gets a
 * JWT, creates a task through the backend and lists it; without the token the backend refuses;
 * the task outlives the database pod. Then what a user sees in `kubectl get pods` when a
 * password changes or is URL-special, a Secret key is missing, or an image was never loaded,
 * read from the real kubelet's pod status.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { appChecksPreflight } from '../../lib/app-checks';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { buildAll } from '../../lib/images/build-all';
import { contractBuildSpecs } from '../../lib/model/contract/component-specs';
import { readImagesLock } from '../../lib/images/lock';
import { planImageBuilds } from '../../lib/images/plan';
import { ClusterProject } from '../cluster/cluster-project';
import { removeRepositories, testDocker, uniqueRepository } from '../images/helpers/docker';
import { mirrored } from '../support/mirror';
import { applyBypassingDeploy, deployToCluster, nodeAddress, podStates, realKubectl, unloadImages, waitFor } from './helpers/real-node';

jest.setTimeout(20 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, '..', 'e2e', 'fixtures');
/** The frontend fixture keeps its Better Auth config where the Phase IV app does, as JavaScript. */
const AUTH_CONFIG_PATH = 'src/lib/auth-server.js';
const NODE_NAME = 'todo-k8s-node';
const SECRETS = { POSTGRES_PASSWORD: 'node-test-db-0123456789abcdef', BETTER_AUTH_SECRET: 'node-test-auth-secret-0123456789abcdef0123', OPENAI_API_KEY: 'sk-not-used' };

const repositories = { backend: uniqueRepository('node-backend'), frontend: uniqueRepository('node-frontend') };
let docker: Docker;
let work: string;
let project: ClusterProject;
let frontendUrl: string;
let backendUrl: string;
/** The PostgreSQL image on this machine's mirror, as a values file names a mirror. */
const POSTGRES_IMAGE = mirrored('postgres');
/** What the node was given or pulled, removed from it afterwards (the next run pulls again). */
const loaded: string[] = [POSTGRES_IMAGE];
const extraProjects: ClusterProject[] = [];

/** The test's values over the local profile: its images, the fixture's auth config, the stand-in postgres. */
function values(tags: { backend: string; frontend: string }): string {
  return [
    'images:',
    `  backend: { repository: ${repositories.backend}, tag: "${tags.backend}", pullPolicy: Never }`,
    `  frontend: { repository: ${repositories.frontend}, tag: "${tags.frontend}", pullPolicy: Never }`,
    `frontend: { migration: { kind: better-auth, authConfigPath: ${AUTH_CONFIG_PATH} } }`,
    `database: { image: "${POSTGRES_IMAGE}" }`,
  ].join('\n');
}

beforeAll(async () => {
  docker = await testDocker();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-node-'));

  // The project first: the public URLs (the node's address and the project's NodePorts) are
  // build arguments of the frontend image.
  const host = nodeAddress();
  project = new ClusterProject('node-app', { cluster: 'real', publicHost: host });
  frontendUrl = `http://${host}:${project.ports.frontend}`;
  backendUrl = `http://${host}:${project.ports.backend}`;
  const config = {
    ...LOCAL_PROFILE,
    publicUrls: { frontend: frontendUrl, backend: backendUrl },
    images: {
      backend: { ...LOCAL_PROFILE.images.backend, repository: repositories.backend },
      frontend: { ...LOCAL_PROFILE.images.frontend, repository: repositories.frontend },
    },
    frontend: { ...LOCAL_PROFILE.frontend, migration: { kind: 'better-auth', authConfigPath: AUTH_CONFIG_PATH } },
  } as TodoConfig;

  // npm run images' path: plan, app-source checks, the project's Dockerfiles, the lock.
  const sourceDirs = { backend: path.join(FIXTURES, 'backend'), frontend: path.join(FIXTURES, 'frontend') };
  const plans = planImageBuilds({ config, specs: contractBuildSpecs(ROOT), sourceDirs, baseImageOverrides: { NODE_IMAGE: mirrored('node'), PYTHON_IMAGE: mirrored('python') } });
  // The project's own lock: deploy delivers what it names to the node, as after `npm run images`.
  const lockFile = project.synth.lockPath;
  await buildAll({ docker, plans, lockFile, preflight: appChecksPreflight({ config, sourceDirs, log: () => undefined }) });
  const lock = readImagesLock(lockFile)!.images;

  loaded.push(lock.backend.reference, lock.frontend.reference, lock.frontend.migrate!.reference);

  project.setValues(values({ backend: lock.backend.tag, frontend: lock.frontend.tag }));
  project.synthesize();
  const deployed = deployToCluster(project, SECRETS);
  if (deployed.status !== 0) throw new Error(`npm run deploy failed on the real node:\n${deployed.stderr}`);
  expect(deployed.stderr).toContain('deploy: rollout done.');
  expect(deployed.stderr).toContain(`Target: `); // deploy found the node's image store itself
  for (const ref of [lock.backend.reference, lock.frontend.reference]) expect(deployed.stderr).toContain(ref);
});

afterAll(async () => {
  for (const p of [project, ...extraProjects]) {
    if (!p) continue;
    p.remove();
  }
  unloadImages(loaded);
  if (docker) await removeRepositories(docker, Object.values(repositories));
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('every pod of the local profile is Running and Ready on the real node', () => {
  project.waitForRollouts('300s');
  const pods = podStates(project.namespace);
  expect(pods.map((p) => p.name.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$|-\d+$/, '')).sort()).toEqual(['backend', 'frontend', 'postgres']);
  for (const pod of pods) {
    expect({ pod: pod.name, phase: pod.phase, ready: pod.ready, node: pod.node }).toEqual({ pod: pod.name, phase: 'Running', ready: true, node: NODE_NAME });
    // Init containers (the wait for the database, the migration) ran to completion, once.
    for (const c of pod.containers.filter((c) => c.init)) expect({ name: c.name, state: c.state, reason: c.reason }).toEqual({ name: c.name, state: 'terminated', reason: 'Completed' });
  }
  // The database's claim was provisioned by the cluster's default StorageClass, as deploy left it
  // (no volume made ahead): a directory of this host, written by the server (uid 999).
  const pvName = realKubectl(['get', 'pvc', 'data-postgres-0', '-n', project.namespace, '-o', 'jsonpath={.spec.volumeName}']).trim();
  const pv = JSON.parse(realKubectl(['get', 'pv', pvName, '-o', 'json']));
  expect({ class: pv.spec.storageClassName, provisioner: pv.metadata.annotations['pv.kubernetes.io/provisioned-by'] }).toEqual({ class: 'standard', provisioner: 'todo-k8s.dev/local-path' });
  expect(fs.readFileSync(path.join(pv.spec.hostPath.path, 'pgdata', 'PG_VERSION'), 'utf8').trim()).toBe('15');
});

/** A signed-up user's JWT from the frontend's /api/auth/token. */
async function signUpAndGetToken(email: string): Promise<string> {
  const origin = frontendUrl;
  const signUp = await fetch(`${frontendUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'New User' }),
  });
  expect({ status: signUp.status, body: await signUp.text() }).toEqual({ status: 200, body: expect.stringContaining(email) });
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0];
  expect(cookie).toMatch(/^better-auth\.session_token=/);
  const token = await fetch(`${frontendUrl}/api/auth/token`, { headers: { cookie, origin } });
  const body = (await token.json()) as { token?: string };
  expect({ status: token.status, token: typeof body.token }).toEqual({ status: 200, token: 'string' });
  return body.token!;
}

const listTasks = (token?: string) => fetch(`${backendUrl}/api/tasks`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

let token: string;

test('a new user signs up, gets a JWT, creates a task through the backend and lists it; no token, no tasks', async () => {
  token = await signUpAndGetToken(`node-user-${process.pid}@example.com`);
  const created = await fetch(`${backendUrl}/api/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'deploy to a real kubelet' }),
  });
  expect(created.status).toBe(201);
  const listed = await listTasks(token);
  expect(listed.status).toBe(200);
  expect(await listed.json()).toEqual([expect.objectContaining({ title: 'deploy to a real kubelet' })]);

  expect((await listTasks()).status).toBe(401);
  expect((await listTasks(`${token.slice(0, -4)}AAAA`)).status).toBe(401);
});

/** Retries `attempt` every second until it resolves, for at most `ms`; the last error otherwise. */
async function eventually<T>(ms: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

test('the task is still there after the database pod is deleted and comes back', async () => {
  const before = podStates(project.namespace, 'app.kubernetes.io/name=postgres')[0];
  realKubectl(['delete', 'pod', '-n', project.namespace, before.name, '--wait=true', '--timeout=120s'], 180_000);
  await waitFor('the database pod back and Ready', project.namespace, 180_000, () => {
    const pod = podStates(project.namespace, 'app.kubernetes.io/name=postgres')[0];
    return pod?.ready ? pod : undefined;
  });
  // The backend's pool reconnects (pool_pre_ping) once the Service has the new pod.
  const tasks = await eventually(60_000, async () => {
    const r = await listTasks(token);
    if (r.status !== 200) throw new Error(`GET /api/tasks answered ${r.status}: ${await r.text()}`);
    return r.json();
  });
  expect(tasks).toEqual([expect.objectContaining({ title: 'deploy to a real kubelet' })]);
});

/** The wait-for-database init container's state in a pod of `name`, once it failed (with a message matching `expected`, when given). */
async function failedWait(name: string, expected?: RegExp): Promise<{ reason?: string; message: string }> {
  return waitFor(`${name}'s wait-for-database failing`, project.namespace, 120_000, () => {
    const pods = JSON.parse(realKubectl(['get', 'pods', '-n', project.namespace, '-l', `app.kubernetes.io/name=${name}`, '-o', 'json'])).items as any[];
    for (const pod of pods) {
      const wait = (pod.status.initContainerStatuses ?? []).find((c: any) => c.name === 'wait-for-database');
      const terminated = wait?.state?.terminated ?? wait?.lastState?.terminated;
      if (terminated && terminated.exitCode !== 0 && (!expected || expected.test(terminated.message ?? ''))) return { reason: wait.state.waiting?.reason ?? terminated.reason, message: terminated.message as string };
    }
    return undefined;
  });
}

test('a changed database password holds the new pods in Init with the driver\'s message, and deploy says so', async () => {
  const changed = { ...SECRETS, POSTGRES_PASSWORD: 'a-different-password-0123456789' };
  // The database keeps the password it was created with; the apps now log in with the new one.
  const r = deployToCluster(project, changed, '60s');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/Secret \S+ updated \(POSTGRES_PASSWORD\)/);
  // The apps restart with it; the database does not (its volume keeps the old password), and deploy says so.
  expect(r.stderr).toMatch(/restarted Deployment\/\w+, Deployment\/\w+ \(they read the updated Secret\)/);
  expect(r.stderr).toContain('note: POSTGRES_PASSWORD changed, but the in-cluster PostgreSQL keeps the password its volume was created with');
  expect(r.stderr).toMatch(/init container "wait-for-database" fails \(Init:(Error|CrashLoopBackOff)/);
  expect(r.stderr).toContain('password authentication failed for user "todo"');
  expect(r.stderr).not.toContain(changed.POSTGRES_PASSWORD);
  const failure = await failedWait('backend');
  expect(failure.message).toContain('cannot log in to the database');
  expect(failure.message).toContain('password authentication failed for user "todo"');
  expect(failure.message).not.toContain(changed.POSTGRES_PASSWORD);
  // The pod as kubectl get pods shows it: still initializing, never Ready.
  const states = podStates(project.namespace, 'app.kubernetes.io/name=backend').filter((p) => !p.ready);
  expect(states.length).toBeGreaterThan(0);
  expect(states[0].phase).toBe('Pending');
  const status = project.run('status');
  expect(status.status).toBe(1);
  expect(status.stderr).toContain('password authentication failed for user "todo"');
});

test('a URL-special database password: deploy refuses it at .env; applied anyway, the pods stop in Init with the hint', async () => {
  const special = { ...SECRETS, POSTGRES_PASSWORD: 'p@ss/w:rd#0123456789' };
  const refused = deployToCluster(project, special, '30s');
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('POSTGRES_PASSWORD: value not allowed; allowed: URL-safe characters only');
  for (const fragment of ['p@ss', 'w:rd', 'rd#0123']) expect(refused.stderr).not.toContain(fragment);

  applyBypassingDeploy(project, special);
  realKubectl(['rollout', 'restart', 'deployment/frontend', '-n', project.namespace]);
  // The frontend pods of the last test still fail on the changed password: wait for the new one.
  const failure = await failedWait('frontend', /percent-encoded/);
  expect(failure.message).toContain('cannot log in to the database');
  expect(failure.message).toContain('must be percent-encoded');
  for (const fragment of ['p@ss', 'w:rd', 'rd#0123']) expect(failure.message).not.toContain(fragment);
});

describe('a second deployment, broken on purpose', () => {
  let broken: ClusterProject;
  beforeAll(() => {
    const host = nodeAddress();
    broken = new ClusterProject('node-broken', { cluster: 'real', publicHost: host });
    extraProjects.push(broken);
    // The backend's tag was never loaded into the node; the Secret lacks BETTER_AUTH_SECRET.
    const tags = JSON.parse(realKubectl(['get', 'deployment/frontend', '-n', project.namespace, '-o', 'json'])).spec.template.spec.containers[0].image.split(':').pop();
    broken.setValues(values({ backend: 'never-loaded', frontend: tags }));
    broken.synthesize();
    // Deployed with every key; deploy stops waiting on the image it cannot find.
    deployed = deployToCluster(broken, SECRETS, '120s');
    // Then the Secret loses BETTER_AUTH_SECRET behind deploy's back (deploy itself refuses such a .env).
    const { BETTER_AUTH_SECRET: _missing, ...withoutAuthSecret } = SECRETS;
    applyBypassingDeploy(broken, withoutAuthSecret);
    realKubectl(['rollout', 'restart', 'deployment/frontend', '-n', broken.namespace]);
  });
  let deployed: { status: number | null; stderr: string };

  /** The first waiting reason of `container` in the pods of `name`, once the kubelet gave one. */
  const waiting = (name: string, container: string, reason: string) =>
    waitFor(`${name}/${container} waiting with ${reason}`, broken.namespace, 120_000, () =>
      podStates(broken.namespace, `app.kubernetes.io/name=${name}`).flatMap((p) => p.containers).find((c) => c.name === container && c.reason === reason),
    );

  test('an image not loaded into the node gives ErrImageNeverPull', async () => {
    const c = await waiting('backend', 'backend', 'ErrImageNeverPull');
    expect(c.message).toContain(`${repositories.backend}:never-loaded`);
    expect(c.message).toContain('is not present with pull policy of Never');
    // deploy's own diagnosis, from the real kubelet's state: it stopped waiting instead of timing out.
    expect(deployed.status).toBe(1);
    expect(deployed.stderr).toContain('stopped waiting');
    expect(deployed.stderr).toMatch(new RegExp(`container "backend": image ${repositories.backend}:never-loaded is not on node \\S+ and pullPolicy is Never \\(ErrImageNeverPull\\)`));
  });

  test('a missing Secret key gives CreateContainerConfigError naming the key', async () => {
    const c = await waiting('frontend', 'migrate', 'CreateContainerConfigError');
    expect(c.message).toBe(`couldn't find key BETTER_AUTH_SECRET in Secret ${broken.namespace}/todo-secrets`);
    const status = broken.run('status');
    expect(status.status).toBe(1);
    expect(status.stderr).toContain(`init container "migrate" cannot start (CreateContainerConfigError): couldn't find key BETTER_AUTH_SECRET in Secret ${broken.namespace}/todo-secrets`);
    expect(status.stderr).toContain('add BETTER_AUTH_SECRET to .env and run `npm run deploy -- --update-secret`');
  });
});
