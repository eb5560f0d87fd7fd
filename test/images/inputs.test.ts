// Needs: docker (probed once by test/support/global-setup.ts before any test runs)
/**
 * Missing or wrong inputs fail before anything reaches the engine, naming the path or the flag;
 * the CLI (`npm run images`) turns them into a non-zero exit and leaves the lock alone.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { buildAll } from '../../lib/images/build-all';
import { ImageBuildPlan, buildImage } from '../../lib/images/build-image';
import { ImageBuildError, MissingInputError, BuildInputError } from '../../lib/images/errors';
import { resolveBaseImages } from '../../lib/images/base-images';
import { IMAGE_REFERENCE_ALLOWED } from '../../lib/util/image-reference';
import { planImageBuilds } from '../../lib/images/plan';
import { contractBuildSpecs } from '../../lib/model/contract/component-specs';
import { BETTER_AUTH_MIGRATION_CONTRACT, FRONTEND_CONTRACT } from '../../lib/model/contract/image-contract';
import { testDocker } from './helpers/docker';
import { FixtureSources, copyFixtureSources, fixturePlans, fixtureSpecs, testConfig } from './helpers/fixtures';
import { SynthProject } from '../support/synth-project';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
// Never built: every test here fails before the engine is asked to build.
const repositories = { backend: 'todo-k8s-test/never-built-backend', frontend: 'todo-k8s-test/never-built-frontend' };
let docker: Docker;
let sources: FixtureSources;

beforeAll(async () => {
  docker = await testDocker();
});
beforeEach(() => {
  sources = copyFixtureSources();
});
afterEach(() => sources.remove());

const plans = () => fixturePlans({ sources, config: testConfig(repositories) });

async function missing(plan: ImageBuildPlan): Promise<MissingInputError> {
  const error = await buildImage({ docker, ...plan }).then(
    () => new Error('expected the build to fail'),
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(MissingInputError);
  return error as MissingInputError;
}

test('a missing source directory is named', async () => {
  const dir = path.join(sources.root, 'no-such-backend');
  const error = await missing({ ...plans().backend, contextDir: dir });
  expect(error.message).toBe(`backend: build context directory ${dir} does not exist\nPoint at the backend sources with --backend-dir DIR or TODO_BACKEND_DIR=DIR.`);
});

test('a missing Dockerfile is named', async () => {
  const dockerfile = path.join(sources.root, 'missing.Dockerfile');
  const error = await missing({ ...plans().frontend, dockerfile });
  expect(error.message).toBe(`frontend: Dockerfile ${dockerfile} does not exist`);
});

test('a backend without requirements.txt is named', async () => {
  fs.rmSync(path.join(sources.backend, 'requirements.txt'));
  const error = await missing(plans().backend);
  expect(error.message).toBe(`backend: required file ${path.join(sources.backend, 'requirements.txt')} does not exist`);
});

test('a frontend without package-lock.json (or package.json) is named', async () => {
  fs.rmSync(path.join(sources.frontend, 'package-lock.json'));
  expect((await missing(plans().frontend)).path).toBe(path.join(sources.frontend, 'package-lock.json'));
  fs.rmSync(path.join(sources.frontend, 'package.json'));
  expect((await missing(plans().frontend)).path).toBe(path.join(sources.frontend, 'package.json'));
});

test('a required file the ignore rules exclude is named with the rule files', async () => {
  fs.appendFileSync(path.join(sources.frontend, '.dockerignore'), 'package-lock.json\n');
  const error = await missing(plans().frontend);
  expect(error.message).toContain(`${path.join(sources.frontend, 'package-lock.json')} is excluded from the build context by`);
  expect(error.message).toContain(path.join(sources.frontend, '.dockerignore'));
});

test('buildAll checks both images before building either', async () => {
  fs.rmSync(path.join(sources.backend, 'requirements.txt'));
  const error = await buildAll({ docker, plans: plans(), lockFile: path.join(sources.root, 'never-written.json') }).catch((e) => e);
  expect(error).toBeInstanceOf(MissingInputError);
  expect(fs.existsSync(path.join(sources.root, 'never-written.json'))).toBe(false);
});

describe('base image overrides', () => {
  const plan = (overrides: Record<string, string>) =>
    planImageBuilds({
      config: testConfig(repositories),
      specs: fixtureSpecs(),
      sourceDirs: { backend: sources.backend, frontend: sources.frontend },
      baseImageOverrides: overrides,
    });

  test('go to the component whose base image argument they name', () => {
    const plans = plan({ PYTHON_IMAGE: 'mirror.example.test/python:3.12-slim' });
    expect(plans.backend.buildArgs).toEqual({ PYTHON_IMAGE: 'mirror.example.test/python:3.12-slim' });
    expect(plans.frontend.buildArgs).toEqual({ NEXT_PUBLIC_API_URL: testConfig(repositories).publicUrls.backend });
  });

  test('cannot replace a value the configuration owns, or invent an argument', () => {
    expect(() => plan({ NEXT_PUBLIC_API_URL: 'http://elsewhere' })).toThrow(BuildInputError);
    expect(() => plan({ NEXT_PUBLIC_API_URL: 'http://elsewhere' })).toThrow(/config\.publicUrls\.backend/);
    expect(() => plan({ RUBY_IMAGE: 'ruby' })).toThrow(/--build-arg RUBY_IMAGE: unknown; no image's Dockerfile declares ARG RUBY_IMAGE; allowed: .*NODE_IMAGE, .*PYTHON_IMAGE/);
  });
});

test('the migration image is held to its own size target from the contract, as the app images are', () => {
  const plans = planImageBuilds({ config: testConfig(repositories), specs: contractBuildSpecs(PROJECT_ROOT), sourceDirs: { backend: sources.backend, frontend: sources.frontend } });
  expect(plans.frontend.migration?.maxSizeBytes).toBe(BETTER_AUTH_MIGRATION_CONTRACT.maxSizeBytes);
  expect(plans.frontend.maxSizeBytes).toBe(FRONTEND_CONTRACT.maxSizeBytes);
});

describe('a base image override that is not an image reference is refused before the engine is called (issue 17)', () => {
  const plan = (value: string) => () =>
    planImageBuilds({
      config: testConfig(repositories),
      specs: fixtureSpecs(),
      sourceDirs: { backend: sources.backend, frontend: sources.frontend },
      baseImageOverrides: { NODE_IMAGE: value },
    });

  test.each([
    ['a space', 'node 20', '"node 20"'],
    ['a pasted U+2010 hyphen', 'node:22\u2010slim', '"node:22\u2010slim"'],
    ['an uppercase repository', 'Node:22', '"Node:22"'],
    ['an "=" in it', 'a=b', '"a=b"'],
    ['a newline', 'node:22\nRUN x', '"node:22\\nRUN x"'],
  ])('%s', (_, value, shown) => {
    expect(plan(value)).toThrow(BuildInputError);
    expect(plan(value)).toThrow(`--build-arg NODE_IMAGE=${shown}: not an image reference; allowed: an image reference such as`);
  });

  test.each(['node:22-bookworm-slim', 'mirror.example.com:5000/library/node:22', `node@sha256:${'a'.repeat(64)}`, 'localhost/a__b:1'])('%s is accepted', (value) => {
    expect(plan(value)).not.toThrow();
  });

  test('a FROM the engine could not parse fails as an image build error naming it, not as a raw docker-modem error', async () => {
    const error = await resolveBaseImages(docker, 'frontend', ['node 20']).catch((e) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect(error.message).toBe(`frontend: base image "node 20" is not a valid image reference; allowed: ${IMAGE_REFERENCE_ALLOWED}`);
  });
});

describe('npm run images (the CLI)', () => {
  function runCli(args: string[], env: Record<string, string>) {
    return spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'todo-k8s.js'), 'images', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CI: 'true', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  test('exits non-zero naming a missing source directory and the flags to fix it; the lock is untouched', () => {
    const lockFile = path.join(sources.root, 'images.lock.json');
    fs.writeFileSync(lockFile, 'previous\n');
    const backendDir = path.join(sources.root, 'nowhere');
    const result = runCli(['--backend-dir', backendDir, '--frontend-dir', sources.frontend], { TODO_IMAGES_LOCK: lockFile });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`backend: build context directory ${backendDir} does not exist`);
    expect(result.stderr).toContain('--backend-dir DIR or TODO_BACKEND_DIR=DIR');
    expect(fs.readFileSync(lockFile, 'utf8')).toBe('previous\n');
  });

  test('builds the app first: a main.ts the pipeline refuses stops it before any build, naming the construct; the lock is untouched', () => {
    const project = new SynthProject(fs.readFileSync(path.join(PROJECT_ROOT, 'main.ts'), 'utf8').replace('  return app;', `  new Worker(app.charts[0] as TodoChart, 'w', { contract: BACKEND_CONTRACT, name: 'w', command: ['python', '-m', 'w'], replicas: 500 });
  return app;`).replace(/import \{([^}]*)\} from '\.\/lib';/, "import {$1, Worker, BACKEND_CONTRACT } from './lib';"));
    try {
      fs.writeFileSync(project.lockPath, 'previous\n');
      const result = project.run('images', ['--backend-dir', sources.backend, '--frontend-dir', sources.frontend], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/Invalid props of todo\/w:\n\s+- replicas: got 500; allowed: an integer from 0 to 100/);
      expect(result.stderr).not.toMatch(/Cannot reach the Docker Engine|Step 1\//);
      expect(fs.readFileSync(project.lockPath, 'utf8')).toBe('previous\n');
    } finally {
      project.remove();
    }
  });

  test('rejects an unknown flag with the usage', () => {
    const result = runCli(['--backend'], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: npm run images');
  });
});

