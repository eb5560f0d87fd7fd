/**
 * One plan for `npm run images` and `npm run deploy` (issues 23 and 25): the sources the settings
 * name, what they are, and the build arguments that follow (detected shape, images.*.buildArgs,
 * then --build-arg); a rebuild with other arguments than the lock's says what changed; an own
 * Dockerfile gets the project's migration image. No Docker needed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyImagesLock } from '../../lib/images/apply-lock';
import { ImagesLock, readImagesLock } from '../../lib/images/lock';
import { buildArgChanges, planProjectImages } from '../../lib/images/project-build';
import { BuildInputError } from '../../lib/images/errors';
import { keyValues, parseCommandArgs } from '../../lib/cli/args';
import { DEPLOY } from '../../lib/cli/deploy-command';
import { serviceImage } from '../../lib/model/settings/service-image';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { ownDockerfilesApp, uvPnpmApp } from '../e2e/helpers/shape-apps';

const ROOT = path.resolve(__dirname, '..', '..');
let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-project-plan-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function settings(extra: Partial<Record<keyof TodoConfig, unknown>>): TodoConfig {
  return { ...LOCAL_PROFILE, ...extra } as TodoConfig;
}

test('a uv backend, a pnpm frontend and a service: directories from the settings, build arguments from what they are', () => {
  const app = uvPnpmApp(work);
  const config = settings({
    backend: { ...LOCAL_PROFILE.backend, sourceDir: path.relative(ROOT, app.backend) },
    frontend: { ...LOCAL_PROFILE.frontend, sourceDir: app.frontend },
    images: { ...LOCAL_PROFILE.images, backend: { ...LOCAL_PROFILE.images.backend, buildArgs: { PYTHON_IMAGE: 'mirror.example/python:3.12-slim' } } },
    services: { notifier: { sourceDir: app.service } },
  });
  const { plans, services, sourceDirs } = planProjectImages({ config, root: ROOT, env: {} });
  // Relative to the project root, as the profiles are.
  expect(sourceDirs).toEqual({ backend: app.backend, frontend: app.frontend });
  expect(plans.backend.buildArgs).toEqual({ PYTHON_MANIFEST: 'uv.lock', ASGI_APP: 'app.main:app', PYTHON_IMAGE: 'mirror.example/python:3.12-slim' });
  expect(plans.backend.requiredFiles).toEqual(['pyproject.toml', 'uv.lock']);
  expect(plans.frontend.buildArgs).toEqual({ NEXT_PUBLIC_API_URL: LOCAL_PROFILE.publicUrls.backend, PACKAGE_MANAGER: 'pnpm', PACKAGE_MANAGER_VERSION: '10.34.9' });
  expect(plans.frontend.migration).toMatchObject({ target: 'migrate', authConfigPath: 'src/lib/auth-server.js' });
  // The service: its own directory and manifest, the backend's Dockerfile and base image, its own repository.
  expect(services.notifier).toMatchObject({
    contextDir: app.service, dockerfile: path.join(ROOT, 'dockerfiles', 'backend.Dockerfile'), requiredFiles: ['requirements.txt'],
    buildArgs: { ASGI_APP: 'notifier:app', PYTHON_IMAGE: 'mirror.example/python:3.12-slim' }, repository: 'todo-backend-notifier',
  });
  // The flags win over the settings, for the images whose Dockerfile declares the argument.
  const flagged = planProjectImages({ config, root: ROOT, env: {}, buildArgs: { PYTHON_IMAGE: 'other/python:3.12-slim' } });
  expect(flagged.plans.backend.buildArgs.PYTHON_IMAGE).toBe('other/python:3.12-slim');
  expect(flagged.plans.frontend.buildArgs.PYTHON_IMAGE).toBeUndefined();
});

test('build arguments: what the settings own, or no Dockerfile declares, is refused naming where it came from', () => {
  const app = uvPnpmApp(work);
  const base = { backend: { ...LOCAL_PROFILE.backend, sourceDir: app.backend }, frontend: { ...LOCAL_PROFILE.frontend, sourceDir: app.frontend } };
  const plan = (images: object, flags: Record<string, string> = {}) => () => planProjectImages({ config: settings({ ...base, images: { ...LOCAL_PROFILE.images, ...images } }), root: ROOT, env: {}, buildArgs: flags });
  expect(plan({}, { NEXT_PUBLIC_API_URL: 'http://x' })).toThrow(/--build-arg NEXT_PUBLIC_API_URL cannot be set: it comes from config\.publicUrls\.backend/);
  expect(plan({ frontend: { ...LOCAL_PROFILE.images.frontend, buildArgs: { RUBY_IMAGE: 'ruby' } } })).toThrow(BuildInputError);
  expect(plan({ frontend: { ...LOCAL_PROFILE.images.frontend, buildArgs: { RUBY_IMAGE: 'ruby' } } })).toThrow(/images\.frontend\.buildArgs\.RUBY_IMAGE: unknown; .*frontend\.Dockerfile declares no ARG RUBY_IMAGE/);
  expect(plan({ frontend: { ...LOCAL_PROFILE.images.frontend, buildArgs: { NODE_IMAGE: 'Node 22' } } })).toThrow(/not an image reference/);
});

test('the Python pin picks the base image when the contract\'s does not satisfy it, unless the settings name one', () => {
  const app = uvPnpmApp(work);
  const pyproject = path.join(app.backend, 'pyproject.toml');
  fs.writeFileSync(pyproject, fs.readFileSync(pyproject, 'utf8').replace('>=3.11', '>=3.13'));
  const config = settings({ backend: { ...LOCAL_PROFILE.backend, sourceDir: app.backend }, frontend: { ...LOCAL_PROFILE.frontend, sourceDir: app.frontend } });
  expect(planProjectImages({ config, root: ROOT, env: {} }).plans.backend.buildArgs.PYTHON_IMAGE).toBe('python:3.13-slim');
  const named = { ...config, images: { ...config.images, backend: { ...config.images.backend, buildArgs: { PYTHON_IMAGE: 'mirror/python:3.13' } } } };
  expect(planProjectImages({ config: named, root: ROOT, env: {} }).plans.backend.buildArgs.PYTHON_IMAGE).toBe('mirror/python:3.13');
});

test('own Dockerfiles: built as they are from their directory, the migration image from the project\'s Dockerfile tagged after the app', () => {
  const app = ownDockerfilesApp(work);
  const config = settings({
    backend: { ...LOCAL_PROFILE.backend, sourceDir: app.backend, dockerfile: 'Dockerfile' },
    frontend: { ...LOCAL_PROFILE.frontend, sourceDir: app.frontend, dockerfile: 'Dockerfile' },
    images: { backend: { ...LOCAL_PROFILE.images.backend, buildArgs: { BASE_IMAGE: 'b:1' } }, frontend: { ...LOCAL_PROFILE.images.frontend, buildArgs: { NODE_IMAGE: 'n:1' } } },
  });
  const { plans } = planProjectImages({ config, root: ROOT, env: {} });
  expect(plans.backend).toMatchObject({ dockerfile: path.join(app.backend, 'Dockerfile'), contextDir: app.backend, buildArgs: { BASE_IMAGE: 'b:1' }, requiredFiles: [] });
  expect(plans.frontend.buildArgs).toEqual({ NEXT_PUBLIC_API_URL: LOCAL_PROFILE.publicUrls.backend, NODE_IMAGE: 'n:1' });
  expect(plans.frontend.migration).toMatchObject({ separate: true, dockerfile: path.join(ROOT, 'dockerfiles', 'frontend.Dockerfile'), target: 'migrate', buildArgs: { NEXT_PUBLIC_API_URL: LOCAL_PROFILE.publicUrls.backend, NODE_IMAGE: 'n:1' } });
});

test('a rebuild with build arguments other than the lock\'s says each change and where the new value comes from', () => {
  const app = uvPnpmApp(work);
  const config = settings({
    backend: { ...LOCAL_PROFILE.backend, sourceDir: app.backend }, frontend: { ...LOCAL_PROFILE.frontend, sourceDir: app.frontend },
    images: { ...LOCAL_PROFILE.images, frontend: { ...LOCAL_PROFILE.images.frontend, buildArgs: { NODE_IMAGE: 'mirror/node:22-alpine' } } },
  });
  const { plans } = planProjectImages({ config, root: ROOT, env: {} });
  const image = (buildArgs: Record<string, string>) => ({ reference: 'r:t', repository: 'r', tag: 't', imageId: `sha256:${'a'.repeat(64)}`, contractVersion: 'x', buildArgs, sizeBytes: 1 });
  const lock: ImagesLock = {
    version: 1,
    images: {
      backend: image({ PYTHON_MANIFEST: 'uv.lock', ASGI_APP: 'app.main:app', PYTHON_IMAGE: 'mirror/python:3.12-slim' }),
      frontend: image({ ...plans.frontend.buildArgs, NODE_IMAGE: 'node:22-alpine' }),
    },
  };
  expect(buildArgChanges(lock, plans, config)).toEqual([
    'backend: PYTHON_IMAGE was "mirror/python:3.12-slim" in the lock, now the Dockerfile\'s default (no setting or --build-arg names it; set images.backend.buildArgs.PYTHON_IMAGE to keep it)',
    'frontend: NODE_IMAGE was "node:22-alpine" in the lock, now "mirror/node:22-alpine" (images.frontend.buildArgs.NODE_IMAGE)',
  ]);
  expect(buildArgChanges(undefined, plans, config)).toEqual([]);
});

test('a changed build argument is named, its values never when they look like credentials; a service\'s change is said too', () => {
  const image = (buildArgs: Record<string, string>) => ({ reference: 'r:t', repository: 'r', tag: 't', imageId: `sha256:${'a'.repeat(64)}`, contractVersion: 'x', buildArgs, sizeBytes: 1 });
  const secret = 'tok-0123456789abcdef';
  const lock: ImagesLock = {
    version: 1,
    images: { backend: image({ PIP_INDEX_URL: `https://ci:${secret}@pypi.internal/simple`, NPM_TOKEN: `npm_${secret}` }), frontend: image({}) },
    services: { notifier: image({ BASE_IMAGE: 'mirror/python:3.11' }) },
  };
  const plans = {
    backend: { buildArgs: { PIP_INDEX_URL: `https://ci:${secret}-new@pypi.internal/simple?token=${secret}`, NPM_TOKEN: `npm_${secret}-new` } },
    frontend: { buildArgs: {} },
  } as any;
  const services = { notifier: { buildArgs: { BASE_IMAGE: 'mirror/python:3.12' } }, mailer: { buildArgs: { BASE_IMAGE: 'x' } } } as any;
  const config = settings({ services: { notifier: { sourceDir: '../n', image: { buildArgs: { BASE_IMAGE: 'mirror/python:3.12' } } }, mailer: { sourceDir: '../m' } } });
  const changes = buildArgChanges(lock, plans, config, { NPM_TOKEN: 'x' }, services);
  expect(changes).toEqual([
    'backend: NPM_TOKEN was (value not shown) in the lock, now (value not shown) (--build-arg NPM_TOKEN)',
    'backend: PIP_INDEX_URL was "https://***@pypi.internal/simple" in the lock, now "https://***@pypi.internal/simple?token=***" (detected from the sources)',
    'notifier: BASE_IMAGE was "mirror/python:3.11" in the lock, now "mirror/python:3.12" (services.notifier.image.buildArgs.BASE_IMAGE)',
  ]);
  expect(changes.join('\n')).not.toContain(secret.slice(4, 12));
});

test('the lock records the detected Better Auth config and the services; synth pins them', () => {
  const file = path.join(work, 'images.lock.json');
  const image = (repository: string, tag: string) => ({ reference: `${repository}:${tag}`, repository, tag, imageId: `sha256:${'a'.repeat(64)}`, contractVersion: '004-k8s-local-deploy@2026-02-14', buildArgs: {}, sizeBytes: 1 });
  const lock = {
    version: 1,
    images: {
      backend: image('todo-backend', 'sha-111111111111'),
      frontend: { ...image('todo-frontend', 'sha-222222222222'), buildArgs: { NEXT_PUBLIC_API_URL: LOCAL_PROFILE.publicUrls.backend }, migrate: { reference: 'todo-frontend:sha-222222222222-migrate', tag: 'sha-222222222222-migrate', imageId: `sha256:${'b'.repeat(64)}`, authConfigPath: 'lib/auth.ts' } },
    },
    services: { notifier: image('todo-backend-notifier', 'sha-333333333333') },
  };
  fs.writeFileSync(file, JSON.stringify(lock));
  const read = readImagesLock(file)!;
  const config = applyImagesLock(settings({ services: { notifier: { sourceDir: '../notifier' } } }), read, file);
  expect(config.frontend.migration).toEqual({ kind: 'better-auth', authConfigPath: 'lib/auth.ts' });
  expect(serviceImage(config, 'notifier')).toMatchObject({ name: 'notifier', image: { repository: 'todo-backend-notifier', tag: 'sha-333333333333', pullPolicy: 'Never' } });
  // A setting names the config: it wins over what the build found.
  const named = applyImagesLock(settings({ frontend: { ...LOCAL_PROFILE.frontend, migration: { kind: 'better-auth', authConfigPath: 'src/auth.ts' } } }), read, file);
  expect(named.frontend.migration).toEqual({ kind: 'better-auth', authConfigPath: 'src/auth.ts' });
  fs.writeFileSync(file, JSON.stringify({ ...lock, services: { notifier: { ...lock.services.notifier, migrate: {} } } }));
  expect(() => readImagesLock(file)).toThrow(/field "services\.notifier\.migrate" is present, but a service has no migration image/);
  expect(() => serviceImage(config, 'mailer')).toThrow(/services\.mailer is not in the settings; the services are notifier/);
});

test('npm run deploy takes --build-arg, as npm run images does', () => {
  const buildArgs = (argv: string[]) => keyValues(DEPLOY, parseCommandArgs(DEPLOY, argv, {}, process.cwd()), 'build-arg');
  expect(buildArgs(['--build-arg', 'NODE_IMAGE=mirror/node:22', '--build-arg=PYTHON_IMAGE=p:1'])).toEqual({ NODE_IMAGE: 'mirror/node:22', PYTHON_IMAGE: 'p:1' });
  expect(() => buildArgs(['--build-arg', 'NODE_IMAGE'])).toThrow(/--build-arg "NODE_IMAGE": expected NAME=VALUE/);
});
