// Needs: docker, real-node, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * Your app as it is (issue 23), on a real kubelet, through `npm run deploy` with settings only:
 * no Dockerfile of ours copied, no app restructured, the images built by deploy itself and
 * delivered to the node.
 * 1. A backend that is a uv project (pyproject.toml + uv.lock, app.main:app, no requirements.txt
 *    or main.py), a pnpm frontend with @better-auth/cli in devDependencies and its Better Auth
 *    config found by detection, and a service directory of its own (its own requirements.txt)
 *    run by a Worker that main.ts adds in one line. The settings name the directories and the
 *    base images on this machine's mirror (images.*.buildArgs, database.image), nothing else.
 * 2. The app with Dockerfiles of its own (backend.dockerfile, frontend.dockerfile): built as
 *    they are, the Better Auth migration image from the project's Dockerfile on the same sources.
 * Each rollout completes, and a new user signs up and creates a task through the backend.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { readImagesLock } from '../../lib/images/lock';
import { ClusterProject } from '../cluster/cluster-project';
import { ownDockerfilesApp, uvPnpmApp } from '../e2e/helpers/shape-apps';
import { removeRepositories, testDocker, uniqueRepository } from '../images/helpers/docker';
import { mirrored } from '../support/mirror';
import { createAndListTask, signUpAndGetToken } from './helpers/app-user';
import { deployBuilding, nodeAddress, podStates, realKubectl, unloadImages } from './helpers/real-node';

jest.setTimeout(40 * 60 * 1000);

const SECRETS = { POSTGRES_PASSWORD: 'your-app-db-0123456789abcdef', BETTER_AUTH_SECRET: 'your-app-auth-secret-0123456789abcdef0123', OPENAI_API_KEY: 'sk-not-used' };
const repositories = {
  backend: uniqueRepository('shape-backend'), frontend: uniqueRepository('shape-frontend'), notifier: uniqueRepository('shape-notifier'),
  ownBackend: uniqueRepository('own-backend'), ownFrontend: uniqueRepository('own-frontend'),
};
let docker: Docker;
let work: string;
const projects: ClusterProject[] = [];
/** The bases on this machine's mirror (.ci/mirror), as a user's values file names a mirror. */
const PYTHON_BASE_IMAGE = mirrored('python');
const NODE_BASE_IMAGE = mirrored('node');
const POSTGRES_IMAGE = mirrored('postgres');
/** Everything the node was given or pulled, removed from it afterwards (the next run pulls again). */
const loaded = new Set<string>([POSTGRES_IMAGE]);

/** A main.ts that adds the service's Worker: the one line a user writes per service. */
const MAIN_WITH_SERVICE = `import { App } from 'cdk8s';
import { serviceImage, TodoChart, TodoConfig, Worker } from '@lib';
export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  const chart = new TodoChart(app, settings.instance, { config: settings });
  new Worker(chart, 'notifier', { ...serviceImage(settings, 'notifier') });
  return app;
}
`;

beforeAll(async () => {
  docker = await testDocker();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-your-app-'));
});

afterAll(async () => {
  for (const p of projects) {
    p.remove();
  }
  for (const p of projects) for (const l of Object.values(readImagesLock(p.synth.lockPath, { required: false })?.images ?? {})) [l.reference, l.migrate?.reference].forEach((r) => r && loaded.add(r));
  unloadImages([...loaded]);
  if (docker) await removeRepositories(docker, Object.values(repositories));
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A project on the real node with `values` over the local profile; its URLs. */
function realProject(name: string, values: string, main?: string) {
  const host = nodeAddress();
  const project = new ClusterProject(name, { cluster: 'real', publicHost: host, main });
  projects.push(project);
  project.setValues(`${values}\ndatabase: { image: "${POSTGRES_IMAGE}" }`);
  return { project, frontendUrl: `http://${host}:${project.ports.frontend}`, backendUrl: `http://${host}:${project.ports.backend}` };
}

/** The pods of the project: each Running and Ready on the node, init containers completed. */
function expectAllReady(namespace: string, names: string[]): void {
  const pods = podStates(namespace);
  expect(pods.map((p) => p.name.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$|-\d+$/, '')).sort()).toEqual([...names].sort());
  for (const pod of pods) {
    expect({ pod: pod.name, phase: pod.phase, ready: pod.ready }).toEqual({ pod: pod.name, phase: 'Running', ready: true });
    for (const c of pod.containers.filter((c) => c.init)) expect({ name: c.name, reason: c.reason }).toEqual({ name: c.name, reason: 'Completed' });
  }
}

describe('a uv backend (app.main:app), a pnpm frontend with the Better Auth CLI in devDependencies, and a service of its own', () => {
  let app: ReturnType<typeof realProject>;
  let deployed: { status: number | null; stderr: string };

  beforeAll(async () => {
    const sources = uvPnpmApp(path.join(work, 'uv-pnpm'));
    app = realProject('your-app-uv', [
      'images:',
      `  backend: { repository: ${repositories.backend}, tag: dev, pullPolicy: Never, buildArgs: { PYTHON_IMAGE: "${PYTHON_BASE_IMAGE}" } }`,
      `  frontend: { repository: ${repositories.frontend}, tag: dev, pullPolicy: Never, buildArgs: { NODE_IMAGE: "${NODE_BASE_IMAGE}" } }`,
      `backend: { sourceDir: "${sources.backend}" }`,
      `frontend: { sourceDir: "${sources.frontend}" }`,
      `services: { notifier: { sourceDir: "${sources.service}", image: { repository: ${repositories.notifier} } } }`,
    ].join('\n'), MAIN_WITH_SERVICE);
    deployed = await deployBuilding(app.project, SECRETS);
  });

  test('npm run deploy builds every image from the sources as they are, delivers them, and the rollout completes', () => {
    expect({ status: deployed.status, tail: deployed.stderr.slice(-3000) }).toEqual({ status: 0, tail: expect.stringContaining('deploy: rollout done.') });
    const lock = readImagesLock(app.project.synth.lockPath)!;
    // What detection found went into the build, and the lock records it.
    expect(lock.images.backend.buildArgs).toEqual({ PYTHON_IMAGE: PYTHON_BASE_IMAGE, PYTHON_MANIFEST: 'uv.lock', ASGI_APP: 'app.main:app' });
    expect(lock.images.frontend.buildArgs).toMatchObject({ NODE_IMAGE: NODE_BASE_IMAGE, PACKAGE_MANAGER: 'pnpm', PACKAGE_MANAGER_VERSION: '10.34.9' });
    expect(lock.images.frontend.migrate?.authConfigPath).toBe('src/lib/auth-server.js');
    expect(lock.services?.notifier.repository).toBe(repositories.notifier);
    expectAllReady(app.project.namespace, ['backend', 'frontend', 'notifier', 'postgres']);
  });

  test('a new user signs up and creates a task through the backend', async () => {
    const token = await signUpAndGetToken(app.frontendUrl, `uv-pnpm-${process.pid}@example.com`);
    expect(await createAndListTask(app.backendUrl, token, 'built from uv.lock and pnpm-lock.yaml')).toEqual({
      created: 201, tasks: [expect.objectContaining({ title: 'built from uv.lock and pnpm-lock.yaml' })],
    });
  });

  test('the service runs its own image, serving the app detected in its directory', () => {
    const logs = realKubectl(['logs', '-n', app.project.namespace, 'deployment/notifier']);
    expect(logs).toContain('Uvicorn running on http://0.0.0.0:8000');
    const image = JSON.parse(realKubectl(['get', 'deployment/notifier', '-n', app.project.namespace, '-o', 'json'])).spec.template.spec.containers[0].image;
    expect(image.startsWith(`${repositories.notifier}:sha-`)).toBe(true);
  });

  test('npm run deploy -- --port-forward on the unchanged project builds nothing (issue 25 item 1)', async () => {
    const again = await deployBuilding(app.project, SECRETS, ['--port-forward'], /Forwarding until Ctrl-C/);
    expect(again.stderr).toContain('Forwarding until Ctrl-C');
    const imageLines = again.stderr.split('\n').filter((l) => /^\s+(backend|frontend|notifier)(-migrate)?\s+\S+:sha-/.test(l));
    expect(imageLines).toHaveLength(4);
    for (const line of imageLines) expect(line).toContain("(inputs unchanged: the engine's image, not rebuilt)");
    // The settings' base images were used again: nothing said a build argument changed.
    expect(again.stderr).not.toMatch(/was ".*" in the lock/);
  });
});

describe('an app with Dockerfiles of its own', () => {
  let app: ReturnType<typeof realProject>;
  let deployed: { status: number | null; stderr: string };

  beforeAll(async () => {
    // One app at a time on the node.
    const first = projects[0];
    if (first) {
      first.remove();
      projects.shift();
    }
    const sources = ownDockerfilesApp(path.join(work, 'own'));
    app = realProject('your-app-own', [
      'images:',
      `  backend: { repository: ${repositories.ownBackend}, tag: dev, pullPolicy: Never, buildArgs: { BASE_IMAGE: "${PYTHON_BASE_IMAGE}" } }`,
      `  frontend: { repository: ${repositories.ownFrontend}, tag: dev, pullPolicy: Never, buildArgs: { NODE_IMAGE: "${NODE_BASE_IMAGE}" } }`,
      `backend: { sourceDir: "${sources.backend}", dockerfile: Dockerfile }`,
      `frontend: { sourceDir: "${sources.frontend}", dockerfile: Dockerfile }`,
    ].join('\n'));
    deployed = await deployBuilding(app.project, SECRETS);
  });

  test('npm run deploy builds them as they are (the migration image from the project\'s Dockerfile) and the rollout completes', () => {
    expect({ status: deployed.status, tail: deployed.stderr.slice(-3000) }).toEqual({ status: 0, tail: expect.stringContaining('deploy: rollout done.') });
    const lock = readImagesLock(app.project.synth.lockPath)!;
    expect(lock.images.backend.buildArgs).toEqual({ BASE_IMAGE: PYTHON_BASE_IMAGE });
    expect(lock.images.frontend.migrate?.tag).toBe(`${lock.images.frontend.tag}-migrate`);
    expectAllReady(app.project.namespace, ['backend', 'frontend', 'postgres']);
  });

  test('a new user signs up and creates a task through the backend', async () => {
    const token = await signUpAndGetToken(app.frontendUrl, `own-${process.pid}@example.com`);
    expect(await createAndListTask(app.backendUrl, token, 'built from its own Dockerfiles')).toEqual({
      created: 201, tasks: [expect.objectContaining({ title: 'built from its own Dockerfiles' })],
    });
  });
});
