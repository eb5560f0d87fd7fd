/**
 * The app as it is (issue 23): what detection reads from a team's own layout (pyproject.toml with
 * uv, Poetry or PEP 621 dependencies, an ASGI app outside main.py, pnpm and yarn lockfiles, a
 * workspace, the Better Auth config and CLI wherever they are), what it asks a setting for (only
 * where it cannot decide), and the checks that follow it: each on small source trees written per test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runAppChecks } from '../../lib/app-checks';
import { Tree, scratchDirPerTest, writeTree } from './helpers/source-tree';
import { minorForPin, minorSatisfies } from '../../lib/app-checks/shape-python-project';
import { CLOUD_PROFILE, LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';


const FRONTEND: Tree = {
  'package-lock.json': '{"lockfileVersion": 3}\n',
  'package.json': JSON.stringify({ dependencies: { next: '16.1.6', 'better-auth': '1.4.18', pg: '8.16.3' }, devDependencies: { '@better-auth/cli': '1.4.18' } }),
  'next.config.mjs': 'export default { output: "standalone" };\n',
  'src/lib/auth-server.ts': 'import { betterAuth } from "better-auth";\nexport const auth = betterAuth({});\n',
};
const PYPROJECT = (deps: string[], extra = '') => `[project]\nname = "api"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n${extra}`;
const UV_BACKEND: Tree = {
  'pyproject.toml': PYPROJECT(['fastapi>=0.115', 'uvicorn[standard]>=0.32', 'sqlmodel>=0.0.22', 'psycopg2-binary>=2.9']),
  'uv.lock': 'version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "sqlalchemy"\nversion = "2.0.41"\n\n[[package]]\nname = "uvicorn"\nversion = "0.34.0"\n',
  'app/__init__.py': '',
  'app/main.py': 'from fastapi import FastAPI\nfrom sqlmodel import create_engine\nengine = create_engine("postgresql://x", pool_pre_ping=True)\napp = FastAPI(title="api")\n',
};

const scratch = scratchDirPerTest('todo-k8s-app-shape-');


/** Checks the two trees as they are (nothing merged in), under `settings` over the local profile. */
function check(backend: Tree, frontend: Tree = FRONTEND, settings: { backend?: object; frontend?: object; database?: object } = {}, frontendAt = 'frontend') {
  const config = {
    ...LOCAL_PROFILE,
    backend: { ...LOCAL_PROFILE.backend, ...settings.backend },
    frontend: { ...LOCAL_PROFILE.frontend, ...settings.frontend },
    ...(settings.database ? { database: settings.database } : {}),
  } as TodoConfig;
  // Each call in its own directory: trees never mix.
  const dir = fs.mkdtempSync(path.join(scratch(), 'app-'));
  const backendDir = writeTree(path.join(dir, 'backend'), backend);
  writeTree(path.join(dir, 'frontend'), Object.fromEntries(Object.entries(frontend).filter(([, t]) => t !== undefined)));
  last = dir;
  return runAppChecks({ config, backendDir, frontendDir: path.join(dir, frontendAt) });
}
/** The directory of the last check's trees. */
let last: string;
const ids = (findings: readonly { check: string }[]) => findings.map((f) => f.check);

describe('Python backends as they are', () => {
  test('pyproject.toml with uv.lock and app.main:app: no error, every fact found', () => {
    const report = check(UV_BACKEND);
    expect([...report.errors, ...report.warnings]).toEqual([]);
    const backend = report.shape!.backend;
    expect({ manifest: backend.manifest, asgi: backend.asgi.asgiApp, from: backend.asgi.from }).toEqual({ manifest: 'uv.lock', asgi: 'app.main:app', from: 'detected: app/main.py:4' });
    // The lock decides which SQLAlchemy is installed: 2.0.41, so psycopg2 is the driver of postgresql://.
    expect(backend.dependencies!.capsBelow('sqlalchemy', '2.1')).toBe(true);
  });

  test('uvicorn and the database driver are read from pyproject.toml, with the lock\'s versions', () => {
    const noUvicorn = check({ ...UV_BACKEND, 'pyproject.toml': PYPROJECT(['fastapi', 'sqlmodel', 'psycopg2-binary']) });
    expect(ids(noUvicorn.errors)).toEqual(['backend-uvicorn']);
    expect(noUvicorn.errors[0].file).toBe(path.join(last, 'backend', 'pyproject.toml'));
    expect(noUvicorn.errors[0].fix).toContain('the [project] dependencies of pyproject.toml (uv add uvicorn[standard])');
    // The lock pins SQLAlchemy 2.1: a bare postgresql:// loads psycopg 3, which the project does not list.
    const lock21 = UV_BACKEND['uv.lock'].replace('2.0.41', '2.1.0');
    const driver = check({ ...UV_BACKEND, 'uv.lock': lock21 });
    expect(ids(driver.errors)).toEqual(['backend-database-driver']);
    expect(driver.errors[0].file).toBe(path.join(last, 'backend', 'pyproject.toml'));
  });

  test('poetry.lock (Poetry\'s own dependency table) and a plain PEP 621 pyproject.toml', () => {
    const poetry = check({
      'pyproject.toml': '[tool.poetry]\nname = "api"\n\n[tool.poetry.dependencies]\npython = "^3.13"\nfastapi = "^0.115"\nuvicorn = { version = "^0.32", extras = ["standard"] }\n',
      'poetry.lock': '[[package]]\nname = "uvicorn"\nversion = "0.32.1"\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    });
    expect(poetry.errors).toEqual([]);
    expect(poetry.shape!.backend.manifest).toBe('poetry.lock');
    // ^3.13 is not the contract's 3.12: the base image follows the pin.
    expect(poetry.shape!.backend.pinnedMinor).toBe('3.13');
    const pep621 = check({ 'pyproject.toml': PYPROJECT(['fastapi', 'uvicorn']), 'src/main.py': 'import fastapi\napp = fastapi.FastAPI()\n' });
    expect(pep621.errors).toEqual([]);
    expect({ manifest: pep621.shape!.backend.manifest, asgi: pep621.shape!.backend.asgi.asgiApp }).toEqual({ manifest: 'pyproject.toml', asgi: 'src.main:app' });
  });

  test('several manifests: the setting that decides is named, and deciding it passes', () => {
    const both = { ...UV_BACKEND, 'requirements.txt': 'fastapi\nuvicorn\n' };
    const report = check(both);
    expect(ids(report.errors)).toEqual(['backend-source']);
    expect(report.errors[0].problem).toBe('has several dependency manifests: requirements.txt (pip install -r requirements.txt), uv.lock (uv sync --frozen --no-dev --no-install-project), so which one the app installs from cannot be told');
    expect(report.errors[0].fix).toBe('set backend.pythonManifest to the one it installs from, e.g. backend: { pythonManifest: "uv.lock" }');
    expect(check(both, FRONTEND, { backend: { pythonManifest: 'uv.lock' } }).errors).toEqual([]);
    const wrong = check(UV_BACKEND, FRONTEND, { backend: { pythonManifest: 'poetry.lock' } });
    expect(wrong.errors[0].problem).toContain('backend.pythonManifest is "poetry.lock", but poetry.lock is not in');
  });

  test('the ASGI app: main.py first (the contract), else the one FastAPI app; several or a wrong setting name backend.asgiApp', () => {
    expect(check({ 'requirements.txt': 'fastapi\nuvicorn\n', 'main.py': 'from api import app\n', 'api.py': 'from fastapi import FastAPI\napp = FastAPI()\n' }).shape!.backend.asgi.asgiApp).toBe('main:app');
    const two = check({ ...UV_BACKEND, 'admin/server.py': 'from fastapi import FastAPI\nadmin_app = FastAPI()\n' });
    expect(ids(two.errors)).toEqual(['backend-app-object']);
    expect(two.errors[0].problem).toBe('defines 2 FastAPI apps (admin.server:admin_app at admin/server.py:2, app.main:app at app/main.py:4), so which one uvicorn serves cannot be told');
    expect(two.errors[0].fix).toBe('set backend.asgiApp to the one the server runs, e.g. backend: { asgiApp: "admin.server:admin_app" }');
    expect(check({ ...UV_BACKEND, 'admin/server.py': 'from fastapi import FastAPI\nadmin_app = FastAPI()\n' }, FRONTEND, { backend: { asgiApp: 'app.main:app' } }).errors).toEqual([]);
    const missing = check(UV_BACKEND, FRONTEND, { backend: { asgiApp: 'src.main:app' } });
    expect(missing.errors[0].problem).toContain('backend.asgiApp is "src.main:app", but neither src/main.py nor src/main/__init__.py exists');
    expect(missing.errors[0].fix).toContain('"app.main:app" (app/main.py:4)');
  });

  test('the Python pin picks the base image only when the contract\'s 3.12 does not satisfy it', () => {
    expect(minorForPin({ source: 'pyproject.toml (requires-python)', spec: '>=3.11' }, '3.12')).toBe('3.12');
    expect(minorForPin({ source: 'pyproject.toml (requires-python)', spec: '>=3.13.0' }, '3.12')).toBe('3.13');
    expect(minorForPin({ source: 'pyproject.toml (requires-python)', spec: '>=3.9,<3.12' }, '3.12')).toBe('3.11');
    expect(minorForPin({ source: '.python-version', spec: '3.13.1' }, '3.12')).toBe('3.13');
    expect(minorSatisfies('3.12', '~=3.12')).toBe(true);
    expect(minorSatisfies('3.12', '==3.11.*')).toBe(false);
  });
});

describe('Node frontends as they are', () => {
  const pnpm = { ...FRONTEND, 'package-lock.json': undefined, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" } as unknown as Tree;
  const clean = (t: Tree) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));

  test('pnpm, yarn berry and yarn classic from their lockfiles; packageManager in package.json names the version', () => {
    expect(check(UV_BACKEND, clean(pnpm)).shape!.frontend.packageManager).toEqual({ name: 'pnpm', lockfile: 'pnpm-lock.yaml', version: '10', versionFrom: "pnpm-lock.yaml's format" });
    const pinned = clean({ ...pnpm, 'package.json': JSON.stringify({ ...JSON.parse(FRONTEND['package.json']), packageManager: 'pnpm@9.15.4+sha512.abc' }) });
    expect(check(UV_BACKEND, pinned).shape!.frontend.packageManager).toMatchObject({ name: 'pnpm', version: '9.15.4', versionFrom: 'package.json "packageManager"' });
    const berry = clean({ ...FRONTEND, 'package-lock.json': undefined as unknown as string, 'yarn.lock': '__metadata:\n  version: 8\n  cacheKey: 10c0\n' });
    expect(check(UV_BACKEND, berry).shape!.frontend.packageManager).toMatchObject({ name: 'yarn', version: '4.13' });
    const classic = clean({ ...FRONTEND, 'package-lock.json': undefined as unknown as string, 'yarn.lock': '# THIS IS AN AUTOGENERATED FILE.\n# yarn lockfile v1\n' });
    expect(check(UV_BACKEND, classic).shape!.frontend.packageManager).toMatchObject({ name: 'yarn', version: '1' });
    expect(check(UV_BACKEND, clean(pnpm)).errors).toEqual([]);
  });

  test('Yarn: classic or berry, and the release a berry lockfile\'s format implies (--immutable refuses a lockfile another release would rewrite); packageManager names it exactly', () => {
    const yarn = (lockfile: string, packageManager?: string) => {
      const pkg = { ...JSON.parse(FRONTEND['package.json']), ...(packageManager ? { packageManager } : {}) };
      return check(UV_BACKEND, clean({ ...FRONTEND, 'package-lock.json': undefined as unknown as string, 'package.json': JSON.stringify(pkg), 'yarn.lock': lockfile }));
    };
    // Heads of lockfiles each release wrote for the same dependency (ms 2.1.3).
    const berry = (version: number, cacheKey: string, checksumPrefix: string) =>
      `# This file is generated by running "yarn install" inside your project.\n# Manual changes might be lost - proceed with caution!\n\n__metadata:\n  version: ${version}\n  cacheKey: ${cacheKey}\n\n` +
      `"ms@npm:2.1.3":\n  version: 2.1.3\n  resolution: "ms@npm:2.1.3"\n  checksum: ${checksumPrefix}aa92de608021b242401676e35cfa5aa42dd70cbdc082b916da7fb925c542173e\n  languageName: node\n  linkType: hard\n`;
    const releases = [
      [berry(4, '7', ''), '2'], // 2.4
      [berry(5, '8', ''), '3.1'], // 3.0, 3.1
      [berry(6, '8', ''), '3'], // 3.2 to 3.8
      [berry(8, '10c0', ''), '4.0'],
      [berry(8, '10c0', '10c0/'), '4.13'], // 4.1 to 4.13
      [berry(9, '10c0', '10c0/'), '4.14'],
      [berry(10, '10c0', '10c0/'), '4'], // 4.15 on
    ];
    for (const [lockfile, version] of releases) {
      expect(yarn(lockfile).shape!.frontend.packageManager).toEqual({ name: 'yarn', lockfile: 'yarn.lock', version, versionFrom: "yarn.lock's format" });
    }
    const classic = '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\nms@2.1.3:\n  version "2.1.3"\n';
    expect(yarn(classic).shape!.frontend.packageManager).toMatchObject({ version: '1', versionFrom: "yarn.lock's format" });
    expect(yarn(classic, 'yarn@1.22.22+sha512.abc').shape!.frontend.packageManager).toMatchObject({ version: '1.22.22', versionFrom: 'package.json "packageManager"' });
    const pinned = yarn(berry(8, '10c0', '10c0/'), 'yarn@4.12.0');
    expect(pinned.errors).toEqual([]);
    expect(pinned.found).toContain('  dependencies: yarn.lock (yarn 4.12.0, from package.json "packageManager"; detected)');
  });

  test('lockfiles of two package managers: frontend.packageManager decides', () => {
    const both = { ...FRONTEND, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" };
    const report = check(UV_BACKEND, both);
    expect(ids(report.errors)).toEqual(['frontend-source']);
    expect(report.errors[0].fix).toBe('set frontend.packageManager to the one the team uses, e.g. frontend: { packageManager: "pnpm" }');
    expect(check(UV_BACKEND, both, { frontend: { packageManager: 'pnpm' } }).errors).toEqual([]);
  });

  test('a workspace (monorepo): the app in apps/web, the lockfile at the scratch(), which becomes the build context', () => {
    const app = Object.fromEntries(Object.entries(FRONTEND).filter(([f]) => f !== 'package-lock.json').map(([f, t]) => [`apps/web/${f}`, t]));
    const report = check(UV_BACKEND, { ...app, 'package.json': '{"private": true}', 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, {}, 'frontend/apps/web');
    expect(report.errors).toEqual([]);
    const f = report.shape!.frontend;
    expect({ context: f.contextDir, app: f.appPath, pm: f.packageManager?.name }).toEqual({ context: path.join(last, 'frontend'), app: 'apps/web', pm: 'pnpm' });
  });

  test('the Better Auth config: the default path, else the one betterAuth( call; two calls name the setting', () => {
    const moved = { ...FRONTEND, 'src/lib/auth-server.ts': undefined as unknown as string, 'lib/auth.ts': 'import { betterAuth } from "better-auth";\nexport const auth = betterAuth({ plugins: [] });\n' };
    const report = check(UV_BACKEND, Object.fromEntries(Object.entries(moved).filter(([, v]) => v !== undefined)));
    expect(report.errors).toEqual([]);
    expect({ path: report.shape!.frontend.authConfigPath, from: report.shape!.frontend.authConfigFrom }).toEqual({ path: 'lib/auth.ts', from: `detected: betterAuth( at ${path.join(last, 'frontend', 'lib/auth.ts')}:2` });
    const two = check(UV_BACKEND, { ...moved, 'src/lib/auth-server.ts': undefined as unknown as string, 'lib/other-auth.ts': 'betterAuth({})\n' } as Tree);
    expect(ids(two.errors)).toEqual(['better-auth-config-missing']);
    expect(two.errors[0].fix).toContain('set frontend.migration.authConfigPath to the server\'s config');
  });
});

test('backend-pool-pre-ping: an engine without pool_pre_ping or pool_recycle warns while the database is in the cluster', () => {
  const noPing = { ...UV_BACKEND, 'app/db.py': 'from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine(\n    URL,\n    echo=False,\n)\n' };
  const report = check(noPing);
  expect(ids(report.warnings)).toEqual(['backend-pool-pre-ping']);
  expect(report.warnings[0].file).toBe(`${path.join(last, 'backend', 'app/db.py')}:2`);
  expect(report.warnings[0].fix).toContain('pool_pre_ping=True');
  expect(check({ ...noPing, 'app/db.py': 'engine = create_engine(URL, pool_recycle=300)\n' }).warnings).toEqual([]);
  // An external database restarts on nobody's rollout here: not flagged.
  expect(check(noPing, FRONTEND, { database: CLOUD_PROFILE.database }).warnings).toEqual([]);
});

test('backend-pool-pre-ping reads code, not comments or strings: keywords across lines, a ")" in a URL, a commented-out pool_pre_ping', () => {
  const engineIn = (db: string) => check({ ...UV_BACKEND, 'app/db.py': db }).warnings.filter((w) => w.check === 'backend-pool-pre-ping');
  // Keyword arguments over several lines, after an argument holding ")" and "#": passes.
  expect(engineIn('from sqlmodel import create_engine\nengine = create_engine(\n    "postgresql://u:p@db/x?options=-c%20a)b#c",\n    echo=False,\n    pool_pre_ping=True,\n)\n')).toEqual([]);
  expect(engineIn('from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine(\n    settings.database_url,\n    pool_recycle=1800,  # the database restarts\n)\n')).toEqual([]);
  // Only a comment names it, or a string: warns, at the call's line.
  const commented = engineIn('import sqlalchemy\n\nengine = sqlalchemy.create_engine(\n    URL,\n    # pool_pre_ping=True,\n    connect_args={"application_name": "pool_pre_ping=True"},\n)\n');
  expect(commented.map((w) => path.relative(last, w.file))).toEqual(['backend/app/db.py:3']);
  expect(engineIn('engine = create_engine(URL, pool_pre_ping=False)\n')).toHaveLength(1);
  // A call named in a docstring or comment, or the app's own wrapper of that name, is no engine.
  expect(engineIn('"""Call create_engine(url) once."""\n# create_engine(URL)\ndef create_engine(url):\n    return None\n')).toEqual([]);
});

describe('own Dockerfiles against the image contract (backend-dockerfile, frontend-dockerfile)', () => {
  const GOOD_BACKEND_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nUSER 10001:10001\nEXPOSE 8000\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]\n';
  const backend = (dockerfile: string) => ({ 'requirements.txt': 'fastapi\nuvicorn\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n', Dockerfile: dockerfile });
  const own = { backend: { dockerfile: 'Dockerfile' } };

  test('one that meets the contract passes, and the backend\'s own checks of main.py and uvicorn give way to its command', () => {
    expect(check(backend(GOOD_BACKEND_DOCKERFILE), FRONTEND, own).errors).toEqual([]);
  });

  test('each deviation is reported at its line with what to change, or the setting that explains it', () => {
    const report = check(backend([
      'FROM python:3.12-slim',
      'ENV BETTER_AUTH_SECRET=changeme',
      'COPY .env .',
      'RUN useradd -u 1000 appuser',
      'USER appuser',
      'EXPOSE 8080',
      'CMD uvicorn src.main:app --port 8080',
    ].join('\n')), FRONTEND, { backend: { dockerfile: 'Dockerfile', asgiApp: 'main:app' } });
    const file = path.join(last, 'backend', 'Dockerfile');
    const found = [...report.errors, ...report.warnings].filter((f) => f.check === 'backend-dockerfile').map((f) => `${f.severity} ${path.relative(last, f.file)}: ${f.problem}`);
    expect(found).toEqual([
      'error backend/Dockerfile:6: EXPOSE 8080: the backend listens elsewhere than 8000',
      'error backend/Dockerfile:5: USER appuser is a name, not a number',
      'error backend/Dockerfile:7: runs uvicorn without --host (uvicorn binds 127.0.0.1)',
      'error backend/Dockerfile:7: runs uvicorn on --port 8080',
      'error backend/Dockerfile:7: serves src.main:app, while backend.asgiApp is "main:app"',
      'error backend/Dockerfile:2: sets ENV BETTER_AUTH_SECRET in the final stage, so the value ships in the image',
      'error backend/Dockerfile:3: copies .env',
      'warning backend/Dockerfile:7: starts with a shell-form command (uvicorn src.main:app --port 8080)',
    ]);
    const byProblem = (p: string) => report.errors.find((f) => f.problem.startsWith(p))!;
    expect(byProblem('USER appuser').fix).toBe('use `USER 10001:10001` (create the user with that uid and gid)');
    expect(byProblem('serves src.main:app').fix).toBe('set backend.asgiApp to "src.main:app", or serve main:app');
    expect(byProblem('runs uvicorn without').fix).toBe('add `--host 0.0.0.0`');
    expect(file).toBe(path.join(last, 'backend', 'Dockerfile'));
  });

  test('a frontend Dockerfile that drops the backend URL, runs as scratch() or with another uid', () => {
    const frontend = { ...FRONTEND, Dockerfile: 'FROM node:22-alpine\nCOPY . .\nRUN npm ci && npx next build\nEXPOSE 3000\nCMD ["node", "server.js"]\n' };
    const report = check(UV_BACKEND, frontend, { frontend: { dockerfile: 'Dockerfile' } });
    expect(report.errors.filter((f) => f.check === 'frontend-dockerfile').map((f) => f.problem)).toEqual([
      'sets no USER, so the image runs as root',
      'declares no ARG NEXT_PUBLIC_API_URL',
    ]);
    const other = check(UV_BACKEND, { ...frontend, Dockerfile: 'FROM node:22-alpine\nARG NEXT_PUBLIC_API_URL\nUSER 1001:1001\nCMD ["node", "server.js"]\n' }, { frontend: { dockerfile: 'Dockerfile' } });
    expect(other.errors.map((f) => f.problem)).toEqual(['USER 1001:1001: the pod runs as 10001:10001 (the image contract\'s user), not 1001']);
  });

  test('a dockerfile setting naming no file is refused naming the setting', () => {
    const report = check(UV_BACKEND, FRONTEND, { backend: { dockerfile: 'docker/Dockerfile.prod' } });
    expect(ids(report.errors)).toEqual(['backend-source']);
    expect(report.errors[0].problem).toBe(`backend.dockerfile names ${path.join(last, 'backend', 'docker/Dockerfile.prod')}, which is not a file`);
  });
});
