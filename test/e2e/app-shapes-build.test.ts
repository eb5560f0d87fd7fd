// Needs: docker
/**
 * The shapes the real-node test does not deploy (test/node/your-app.test.ts covers uv, pnpm, the
 * CLI in devDependencies, a service and own Dockerfiles), built through the same plan and the
 * project's Dockerfiles on the tests' stand-in bases and run: a Poetry backend and a plain PEP 621
 * pyproject.toml, each serving an app outside main.py, a frontend that is a member of a pnpm
 * workspace (the workspace root is the context; /app/server.js starts the member's server), a
 * Yarn 4 frontend (served; its migration image pruned), and the dependency stage of small Yarn 1
 * and Yarn 3 workspaces (installed, and pruned: Yarn 3 without `workspaces focus`). One Next.js
 * build for Yarn: the stages after the install are the same for every package manager.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { buildImage } from '../../lib/images/build-image';
import { planProjectImages } from '../../lib/images/project-build';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { removeRepositories, testDocker, uniqueRepository } from '../images/helpers/docker';
import { ensurePythonBaseImage, PYTHON_BASE_IMAGE } from './helpers/debian-base-images';
import { ensureNodeBaseImage, NODE_BASE_IMAGE } from './helpers/node-base-image';
import { pnpmWorkspaceFrontend, poetryBackend, yarnBerryFrontend, yarnWorkspace } from './helpers/shape-apps';

jest.setTimeout(20 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..');
const BACKEND_FIXTURE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'backend');
const repositories = { backend: uniqueRepository('shape-build-backend'), frontend: uniqueRepository('shape-build-frontend') };
let docker: Docker;
let work: string;

beforeAll(async () => {
  docker = await testDocker();
  await ensureNodeBaseImage(docker);
  ensurePythonBaseImage();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-shapes-build-'));
});
afterAll(async () => {
  if (docker) await removeRepositories(docker, Object.values(repositories));
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function config(backendDir: string, frontendDir: string): TodoConfig {
  return {
    ...LOCAL_PROFILE,
    images: {
      backend: { ...LOCAL_PROFILE.images.backend, repository: repositories.backend, buildArgs: { PYTHON_IMAGE: PYTHON_BASE_IMAGE } },
      frontend: { ...LOCAL_PROFILE.images.frontend, repository: repositories.frontend, buildArgs: { NODE_IMAGE: NODE_BASE_IMAGE } },
    },
    backend: { ...LOCAL_PROFILE.backend, sourceDir: backendDir },
    frontend: { ...LOCAL_PROFILE.frontend, sourceDir: frontendDir },
  } as TodoConfig;
}

/** Logs without the colours uvicorn writes to a terminal. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** What `node -e script` prints in a running container (a TTY: one stream, no multiplexing headers). */
async function nodeIn(container: Docker.Container, script: string): Promise<string> {
  const exec = await container.exec({ Cmd: ['node', '-e', script], AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => stream.on('end', resolve));
  return Buffer.concat(chunks).toString().trim();
}

/**
 * Runs the image as the pod would (its user, a read-only root, /tmp writable) until its log shows
 * `ready`; the log, and what `probe` (a node script run in the container once ready) printed.
 */
async function runUntil(reference: string, ready: RegExp, env: string[] = [], writable = ['/tmp'], probe?: string): Promise<{ logs: string; probed?: string }> {
  const container = await docker.createContainer({
    Image: reference, User: '10001:10001', Env: env, Tty: true,
    HostConfig: { ReadonlyRootfs: true, Tmpfs: Object.fromEntries(writable.map((p) => [p, 'rw,mode=1777'])), CapDrop: ['ALL'] },
  });
  try {
    await container.start();
    for (let i = 0; i < 60; i++) {
      const logs = plain((await container.logs({ stdout: true, stderr: true })).toString());
      if (ready.test(logs)) return { logs, probed: probe === undefined ? undefined : await nodeIn(container, probe) };
      if (!(await container.inspect()).State.Running) return { logs };
      await new Promise((r) => setTimeout(r, 500));
    }
    return { logs: plain((await container.logs({ stdout: true, stderr: true })).toString()) };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Which of `paths` (relative to the image's working directory, or absolute) exist in the image. */
async function existingIn(reference: string, paths: readonly string[]): Promise<string[]> {
  // One `exists <path>` line each: dockerode would parse a log that is all JSON.
  const script = `for (const p of ${JSON.stringify(paths)}) if (require("fs").existsSync(p)) console.log("exists " + p)`;
  const container = await docker.createContainer({ Image: reference, Entrypoint: ['node', '-e', script], Tty: true });
  try {
    await container.start();
    await container.wait();
    const logs = (await container.logs({ stdout: true, stderr: true })).toString();
    return [...logs.matchAll(/^exists (.+?)\r?$/gm)].map((m) => m[1]);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** What the frontend's server and its auth config read at start (no database is reached). */
const FRONTEND_ENV = ['BETTER_AUTH_URL=http://localhost:3000', 'BETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef', 'DATABASE_URL=postgresql://x:y@127.0.0.1:1/z'];

test.each([
  ['poetry.lock (poetry install)', false, 'poetry.lock'],
  ['a plain PEP 621 pyproject.toml (its dependencies, with uv)', true, 'pyproject.toml'],
])('a backend from %s serves its app outside main.py', async (_, pep621, manifest) => {
  const backend = poetryBackend(work, pep621 as boolean);
  const frontend = path.join(ROOT, 'test', 'e2e', 'fixtures', 'frontend');
  const { plans } = planProjectImages({ config: config(backend, frontend), root: ROOT, env: {} });
  expect(plans.backend.buildArgs).toEqual({ PYTHON_IMAGE: PYTHON_BASE_IMAGE, PYTHON_MANIFEST: manifest, ASGI_APP: 'api.server:app' });
  const image = await buildImage({ docker, ...plans.backend });
  const { logs } = await runUntil(image.reference, /Uvicorn running on/);
  expect(logs).toContain('Application startup complete.');
  expect(logs).toContain('Uvicorn running on http://0.0.0.0:8000');
});

test('a frontend inside a pnpm workspace: the root is the context, the member\'s standalone server starts as node server.js', async () => {
  const { workspace, app } = pnpmWorkspaceFrontend(work);
  const backend = poetryBackend(work);
  const { plans } = planProjectImages({ config: config(backend, app), root: ROOT, env: {} });
  expect(plans.frontend.contextDir).toBe(workspace);
  expect(plans.frontend.buildArgs).toMatchObject({ PACKAGE_MANAGER: 'pnpm', PACKAGE_MANAGER_VERSION: '10.34.9', APP_DIR: 'apps/web' });
  const image = await buildImage({ docker, ...plans.frontend });
  const { logs } = await runUntil(image.reference, /Ready in/, FRONTEND_ENV, ['/tmp', '/app/.next/cache']);
  expect(logs).toContain('Ready in');
  expect(image.sizeBytes).toBeLessThan(500_000_000);
});

test('a Yarn 4 frontend (Plug\'n\'Play by default) serves its pages and auth routes; its migration image has the CLI and no other devDependency', async () => {
  const app = yarnBerryFrontend(work);
  const { plans } = planProjectImages({ config: config(BACKEND_FIXTURE, app), root: ROOT, env: {} });
  expect(plans.frontend.buildArgs).toMatchObject({ PACKAGE_MANAGER: 'yarn', PACKAGE_MANAGER_VERSION: '4.12.0' });
  const image = await buildImage({ docker, ...plans.frontend });
  // Better Auth's health route loads better-auth and pg from the standalone server's traced node_modules.
  const probe = 'Promise.all(["/", "/api/auth/ok"].map((p) => fetch("http://127.0.0.1:3000" + p).then(async (r) => r.status + " " + (await r.text())))).then((r) => console.log(JSON.stringify(r)))';
  const { logs, probed } = await runUntil(image.reference, /Ready in/, FRONTEND_ENV, ['/tmp', '/app/.next/cache'], probe);
  expect(logs).toContain('Ready in');
  const [page, auth] = JSON.parse(probed ?? '[]');
  expect(page).toMatch(/^200 .*todo-k8s end-to-end fixture/);
  expect(auth).toBe('200 {"ok":true}');
  // The app build ran the migrate stage too (the engine's builder runs every stage): this only tags it.
  const migration = await buildImage({ docker, ...plans.frontend.migration! });
  const packages = ['@better-auth/cli', 'better-auth', 'pg', 'left-pad', 'next'].map((p) => `node_modules/${p}/package.json`);
  expect(await existingIn(migration.reference, packages)).toEqual(packages.slice(0, 3));
});

test.each([
  [1, '1.22.22'],
  [3, '3.8.7'],
] as const)('a Yarn %i workspace: the dependency stage installs it, and drops every workspace\'s devDependencies offline for the migration image', async (major, version) => {
  const { workspace, app } = yarnWorkspace(work, major);
  const { plans } = planProjectImages({ config: config(BACKEND_FIXTURE, app), root: ROOT, env: {} });
  expect(plans.frontend.contextDir).toBe(workspace);
  expect(plans.frontend.buildArgs).toMatchObject({ PACKAGE_MANAGER: 'yarn', PACKAGE_MANAGER_VERSION: version, APP_DIR: 'apps/web' });
  // The deps stage only (the workspace has no Next.js app): /app is the install, /migrate the migration image's.
  const deps = await buildImage({ docker, ...plans.frontend, target: 'deps', tagSuffix: '-deps', maxSizeBytes: 1_000_000_000 });
  const modules = ['ms', 'left-pad', 'escape-html'];
  expect(await existingIn(deps.reference, modules.map((m) => `/app/node_modules/${m}`))).toHaveLength(3);
  expect(await existingIn(deps.reference, modules.map((m) => `/migrate/node_modules/${m}`))).toEqual(['/migrate/node_modules/ms']);
});
