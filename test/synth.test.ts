import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../lib/config/validate';
import { CONTRACT_VERSION } from '../lib/contract/image-contract';
import { ImagesLock, LockFileError } from '../lib/images/lock';
import { synthesize } from '../lib/synth/synthesize';

const ROOT = path.resolve(__dirname, '..');
let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-synth-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const dirs = () => ({ stagingDir: path.join(work, '.synth'), outDir: path.join(work, 'dist') });
const lockPath = () => path.join(work, 'images.lock.json');

/** A previous, complete dist/ whose bytes a failed synth must not change. */
function seedDist(): string {
  const dist = path.join(work, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, 'todo.k8s.yaml'), 'previous output\n');
  return fs.readFileSync(path.join(dist, 'todo.k8s.yaml'), 'utf8');
}

function lockWith(apiUrl: string, repositories = { backend: 'todo-backend', frontend: 'todo-frontend' }): ImagesLock {
  const image = (repository: string, tag: string, buildArgs: Record<string, string>) => ({
    reference: `${repository}:${tag}`, repository, tag, imageId: `sha256:${'a'.repeat(64)}`,
    contractVersion: CONTRACT_VERSION, buildArgs, sizeBytes: 1000,
  });
  return {
    version: 1,
    images: {
      backend: image(repositories.backend, 'sha-111111111111', {}),
      frontend: {
        ...image(repositories.frontend, 'sha-222222222222', { NEXT_PUBLIC_API_URL: apiUrl }),
        // The Better Auth migration image npm run images builds alongside (lib/images/lock.ts).
        migrate: { reference: `${repositories.frontend}:sha-222222222222-migrate`, tag: 'sha-222222222222-migrate', imageId: `sha256:${'b'.repeat(64)}` },
      },
    },
  };
}

describe('synthesize', () => {
  test('writes the manifests into dist/ and leaves no staging copies beside it', () => {
    const files = synthesize({ ...dirs(), env: { TODO_IMAGES_LOCK: lockPath() } });
    expect(files.map((f) => path.basename(f))).toEqual(['todo.k8s.yaml']);
    expect(fs.readdirSync(work).sort()).toEqual(['.synth', 'dist']);
    expect(fs.readFileSync(files[0], 'utf8')).toContain('kind: Namespace');
  });

  test('invalid configuration leaves dist/ exactly as it was', () => {
    const before = seedDist();
    expect(() => synthesize({ ...dirs(), env: { TODO_PROFILE: 'staging' } })).toThrow(ConfigError);
    expect(fs.readFileSync(path.join(work, 'dist', 'todo.k8s.yaml'), 'utf8')).toBe(before);
  });

  test('a lock file pins the built images, which are never pulled', () => {
    fs.writeFileSync(lockPath(), JSON.stringify(lockWith('http://localhost:30800')));
    const [file] = synthesize({ ...dirs(), env: { TODO_IMAGES_LOCK: lockPath() } });
    const yaml = fs.readFileSync(file, 'utf8');
    expect(yaml).toContain('image: todo-backend:sha-111111111111\n          imagePullPolicy: Never');
    expect(yaml).toContain('image: todo-frontend:sha-222222222222\n          imagePullPolicy: Never');
  });

  test('a frontend image built for another NEXT_PUBLIC_API_URL fails synth and says to rebuild', () => {
    const before = seedDist();
    fs.writeFileSync(lockPath(), JSON.stringify(lockWith('http://localhost:9999')));
    expect(() => synthesize({ ...dirs(), env: { TODO_IMAGES_LOCK: lockPath() } })).toThrow(
      new LockFileError(lockPath(), 'the frontend image todo-frontend:sha-222222222222 was built with NEXT_PUBLIC_API_URL="http://localhost:9999", ' +
        'but the configuration (profile "local", publicUrls.backend) now implies "http://localhost:30800"'),
    );
    expect(fs.readFileSync(path.join(work, 'dist', 'todo.k8s.yaml'), 'utf8')).toBe(before);
  });

  test('locked images of other repositories (another profile) are left alone', () => {
    fs.writeFileSync(lockPath(), JSON.stringify(lockWith('http://localhost:30800')));
    const [file] = synthesize({ ...dirs(), env: { TODO_PROFILE: 'cloud', TODO_IMAGES_LOCK: lockPath() } });
    expect(fs.readFileSync(file, 'utf8')).toContain('image: ghcr.io/example/todo-frontend:0.1.0\n');
  });

  test('a malformed lock file is named with the field that is wrong', () => {
    const lock: any = lockWith('http://localhost:30800');
    delete lock.images.backend.tag;
    fs.writeFileSync(lockPath(), JSON.stringify(lock));
    expect(() => synthesize({ ...dirs(), env: { TODO_IMAGES_LOCK: lockPath() } })).toThrow(`${lockPath()}: field "images.backend.tag" is missing or not a string`);
    fs.writeFileSync(lockPath(), '{ not json');
    expect(() => synthesize({ ...dirs(), env: { TODO_IMAGES_LOCK: lockPath() } })).toThrow(`${lockPath()}: is not valid JSON`);
  });
});

describe('cdk8s synth (the real CLI, as `npm run synth` runs it)', () => {
  /** Runs the CLI in `work` with this project's cdk8s.yaml, main.ts resolved from the project. */
  function cdk8sSynth(env: Record<string, string>) {
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')
      .replace(/^app: .*$/m, `app: node --import ${require.resolve('tsx')} ${path.join(ROOT, 'main.ts')}`);
    fs.writeFileSync(path.join(work, 'cdk8s.yaml'), config);
    return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], {
      cwd: work,
      encoding: 'utf8',
      // Unset: the default lock in `work`, which does not exist (one TODO_IMAGES_LOCK names must exist).
      env: { ...process.env, TODO_IMAGES_LOCK: '', ...env },
    });
  }

  test('bad configuration: non-zero exit, the field named, dist/ untouched', () => {
    const before = seedDist();
    const run = cdk8sSynth({ TODO_PROFILE: 'prod' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('TODO_PROFILE: unknown profile "prod"; allowed: one of local, cloud');
    expect(fs.readFileSync(path.join(work, 'dist', 'todo.k8s.yaml'), 'utf8')).toBe(before);
  });

  test('good configuration: dist/ is replaced with the manifests', () => {
    seedDist();
    const run = cdk8sSynth({ TODO_PROFILE: 'local' });
    expect(run.stderr).toContain('Published dist/todo.k8s.yaml');
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(work, 'dist', 'todo.k8s.yaml'), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
  });
});
