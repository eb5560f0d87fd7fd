/**
 * The fixture app in the shapes other teams wrote it (issue 23), assembled from the project's
 * own end-to-end fixture (test/e2e/fixtures/{backend,frontend}) and the files of each shape
 * (test/e2e/fixtures/shapes): the sources stay one, only what a shape changes is its own file.
 */
import * as fs from 'fs';
import * as path from 'path';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const SHAPES = path.join(FIXTURES, 'shapes');

function copy(from: string, to: string, leaveOut: readonly string[] = []): void {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !leaveOut.includes(path.relative(from, src)) });
}

/** Where an assembled app's parts are. */
export interface ShapeApp {
  readonly backend: string;
  readonly frontend: string;
  /** The additional service's directory, when the shape has one. */
  readonly service?: string;
}

/**
 * The backend as a uv project (pyproject.toml, uv.lock) serving app.main:app, with no
 * requirements.txt or main.py; the frontend as a pnpm app (pnpm-lock.yaml, the Better Auth CLI in
 * devDependencies, its config where detection finds it); and a notifier service of its own
 * (services/notifier: requirements.txt, notifier:app), as a monorepo keeps them.
 */
export function uvPnpmApp(root: string): ShapeApp {
  const backend = path.join(root, 'api');
  copy(path.join(SHAPES, 'uv-backend'), backend);
  fs.copyFileSync(path.join(FIXTURES, 'backend', 'main.py'), path.join(backend, 'app', 'main.py'));
  const frontend = path.join(root, 'apps', 'web');
  copy(path.join(FIXTURES, 'frontend'), frontend, ['package.json', 'package-lock.json']);
  copy(path.join(SHAPES, 'pnpm-frontend'), frontend);
  const service = path.join(root, 'services', 'notifier');
  copy(path.join(SHAPES, 'notifier-service'), service);
  return { backend, frontend, service };
}

/** The plain fixture app with Dockerfiles of its own, as `Dockerfile` in each directory. */
export function ownDockerfilesApp(root: string): ShapeApp {
  const backend = path.join(root, 'backend');
  const frontend = path.join(root, 'frontend');
  copy(path.join(FIXTURES, 'backend'), backend);
  copy(path.join(FIXTURES, 'frontend'), frontend);
  fs.copyFileSync(path.join(SHAPES, 'own-dockerfiles', 'backend.Dockerfile'), path.join(backend, 'Dockerfile'));
  fs.copyFileSync(path.join(SHAPES, 'own-dockerfiles', 'frontend.Dockerfile'), path.join(frontend, 'Dockerfile'));
  return { backend, frontend };
}

/** A Poetry backend (pyproject.toml + poetry.lock) serving api.server:app; `pep621` drops the lock (a plain PEP 621 pyproject.toml). */
export function poetryBackend(root: string, pep621 = false): string {
  const dir = path.join(root, pep621 ? 'pep621' : 'poetry');
  copy(path.join(SHAPES, 'poetry-backend'), dir, pep621 ? ['poetry.lock'] : []);
  return dir;
}

/** A pnpm workspace (a monorepo): the fixture frontend as its member apps/web, the lockfile at the root. Returns the app's directory. */
export function pnpmWorkspaceFrontend(root: string): { workspace: string; app: string } {
  const workspace = path.join(root, 'monorepo');
  copy(path.join(SHAPES, 'pnpm-workspace'), workspace);
  const app = path.join(workspace, 'apps', 'web');
  copy(path.join(FIXTURES, 'frontend'), app, ['package.json', 'package-lock.json']);
  return { workspace, app };
}

/** The fixture frontend as a Yarn 4 app: its package.json, yarn.lock and .yarnrc.yml from the shape. */
export function yarnBerryFrontend(root: string): string {
  const dir = path.join(root, 'yarn-berry');
  copy(path.join(FIXTURES, 'frontend'), dir, ['package.json', 'package-lock.json']);
  copy(path.join(SHAPES, 'yarn-berry-frontend'), dir);
  return dir;
}

/** A small Yarn 1 or Yarn 3 workspace (no Next.js app: dependencies to install and prune), its member apps/web. */
export function yarnWorkspace(root: string, major: 1 | 3): { workspace: string; app: string } {
  const workspace = path.join(root, `yarn${major}`);
  copy(path.join(SHAPES, `yarn${major}-workspace`), workspace);
  return { workspace, app: path.join(workspace, 'apps', 'web') };
}
