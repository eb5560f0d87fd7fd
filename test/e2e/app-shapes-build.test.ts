// Needs: docker
/**
 * The shapes the real-node test does not deploy (test/node/your-app.test.ts covers uv, pnpm, the
 * CLI in devDependencies, a service and own Dockerfiles), built through the same plan and the
 * project's Dockerfiles on the tests' stand-in bases and run: a Poetry backend and a plain PEP 621
 * pyproject.toml, each serving an app outside main.py, and a frontend that is a member of a pnpm
 * workspace (the workspace root is the context; /app/server.js starts the member's server).
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
import { pnpmWorkspaceFrontend, poetryBackend } from './helpers/shape-apps';

jest.setTimeout(20 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..');
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

/** Runs the image as the pod would (its user, a read-only root, /tmp writable) until its log shows `ready`; the log. */
async function runUntil(reference: string, ready: RegExp, env: string[] = [], writable = ['/tmp']): Promise<string> {
  const container = await docker.createContainer({
    Image: reference, User: '10001:10001', Env: env, Tty: true,
    HostConfig: { ReadonlyRootfs: true, Tmpfs: Object.fromEntries(writable.map((p) => [p, 'rw,mode=1777'])), CapDrop: ['ALL'] },
  });
  try {
    await container.start();
    for (let i = 0; i < 60; i++) {
      const logs = plain((await container.logs({ stdout: true, stderr: true })).toString());
      if (ready.test(logs)) return logs;
      if (!(await container.inspect()).State.Running) return logs;
      await new Promise((r) => setTimeout(r, 500));
    }
    return plain((await container.logs({ stdout: true, stderr: true })).toString());
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

test.each([
  ['poetry.lock (poetry install)', false, 'poetry.lock'],
  ['a plain PEP 621 pyproject.toml (its dependencies, with uv)', true, 'pyproject.toml'],
])('a backend from %s serves its app outside main.py', async (_, pep621, manifest) => {
  const backend = poetryBackend(work, pep621 as boolean);
  const frontend = path.join(ROOT, 'test', 'e2e', 'fixtures', 'frontend');
  const { plans } = planProjectImages({ config: config(backend, frontend), root: ROOT, env: {} });
  expect(plans.backend.buildArgs).toEqual({ PYTHON_IMAGE: PYTHON_BASE_IMAGE, PYTHON_MANIFEST: manifest, ASGI_APP: 'api.server:app' });
  const image = await buildImage({ docker, ...plans.backend });
  const logs = await runUntil(image.reference, /Uvicorn running on/);
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
  const logs = await runUntil(image.reference, /Ready in/, ['BETTER_AUTH_URL=http://localhost:3000', 'BETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef', 'DATABASE_URL=postgresql://x:y@127.0.0.1:1/z'], ['/tmp', '/app/.next/cache']);
  expect(logs).toContain('Ready in');
  expect(image.sizeBytes).toBeLessThan(500_000_000);
});
