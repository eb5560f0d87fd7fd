// Needs: docker (probed once by test/support/global-setup.ts before any test runs)
/**
 * `buildAll`, the whole of `npm run images` after argument parsing: both images, then the lock.
 * The lock is written only when everything succeeded; every failure leaves it byte-identical.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONTRACT_VERSION } from '../../lib/model/contract/image-contract';
import { buildAll } from '../../lib/images/build-all';
import { BuildStepError, ImageSizeError, KindLoadError, BuildInputError } from '../../lib/images/errors';
import { readImagesLock } from '../../lib/images/lock';
import { readFileInImage, uniqueRepository } from './helpers/docker';
import { FIXTURE_DOCKERFILES, fixturePlans, fixtureSpecs, testConfig, useImageTestbed } from './helpers/fixtures';

const repositories = { backend: uniqueRepository('all-backend'), frontend: uniqueRepository('all-frontend') };
const PREVIOUS_LOCK = '{"written": "by an earlier run", "kept": true}\n';
const bed = useImageTestbed(repositories);
let lockDir: string;
let lockFile: string;

beforeEach(() => {
  lockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-lock-'));
  lockFile = path.join(lockDir, 'images.lock.json');
});
afterEach(() => {
  fs.rmSync(lockDir, { recursive: true, force: true });
});

/** Runs a build expected to fail; asserts the previous lock survived byte for byte, alone in its directory. */
async function expectFailureKeepingLock(run: Promise<unknown>): Promise<Error> {
  fs.writeFileSync(lockFile, PREVIOUS_LOCK);
  const error = await run.then(
    () => new Error('expected the build to fail'),
    (e: Error) => e,
  );
  expect(fs.readFileSync(lockFile, 'utf8')).toBe(PREVIOUS_LOCK);
  expect(fs.readdirSync(lockDir).filter((f) => f.includes('lock'))).toEqual(['images.lock.json']); // no temp file left behind
  return error;
}

test('writes the lock with every field once both images are built', async () => {
  const config = testConfig(repositories, 'https://api.lock.example.test');
  const result = await buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config }), lockFile });

  const lock = readImagesLock(lockFile);
  expect(lock).toEqual(result.lock);
  for (const component of ['backend', 'frontend'] as const) {
    const locked = lock!.images[component];
    const inspected = await bed.docker.getImage(locked.reference).inspect();
    expect(locked).toEqual({
      reference: `${repositories[component]}:${locked.tag}`,
      repository: repositories[component],
      tag: expect.stringMatching(/^sha-[0-9a-f]{12}$/),
      imageId: inspected.Id,
      contractVersion: CONTRACT_VERSION,
      buildArgs: component === 'frontend' ? { NEXT_PUBLIC_API_URL: config.publicUrls.backend } : {},
      sizeBytes: inspected.Size,
      ...(component === 'frontend' ? { migrate: expect.anything() } : {}),
    });
  }
  // The migration image: the frontend's repository and tag plus "-migrate", built from the migrate target.
  const frontend = lock!.images.frontend;
  const migrateTag = `${frontend.tag}-migrate`;
  expect(frontend.migrate).toEqual({ reference: `${repositories.frontend}:${migrateTag}`, tag: migrateTag, imageId: (await bed.docker.getImage(frontend.migrate!.reference).inspect()).Id });
  expect(await readFileInImage(bed.docker, frontend.migrate!.reference, '/app/target')).toContain('migrate');
  expect(frontend.migrate!.imageId).not.toBe(frontend.imageId);
});

test('unchanged inputs rebuild nothing: the engine\'s images are reused, and a changed source builds again', async () => {
  const config = testConfig(repositories, 'https://api.reuse.example.test');
  const plans = fixturePlans({ sources: bed.sources, config });
  const first = await buildAll({ docker: bed.docker, plans, lockFile });
  const steps: string[] = [];
  const again = await buildAll({ docker: bed.docker, plans, lockFile, onProgress: (e) => (e.kind === 'step' || e.kind === 'context') && steps.push(e.name) });
  expect(steps).toEqual([]); // no context sent, no step run
  for (const component of ['backend', 'frontend'] as const) {
    expect(again.images[component]!.reused).toBe(true);
    expect(again.images[component]!.imageId).toBe(first.images[component]!.imageId);
  }
  expect(again.lock).toEqual(first.lock);

  const file = path.join(bed.sources.backend, 'reuse-marker.txt');
  fs.writeFileSync(file, String(Date.now()));
  try {
    const changed = await buildAll({ docker: bed.docker, plans, lockFile });
    expect(changed.images.backend!.reused).toBeUndefined();
    expect(changed.images.backend!.tag).not.toBe(first.images.backend!.tag);
    expect(changed.images.frontend!.reused).toBe(true);
  } finally {
    fs.rmSync(file);
  }
});

test('with the Better Auth migration turned off, no migration image is built or locked', async () => {
  const base = testConfig(repositories);
  const config = { ...base, frontend: { ...base.frontend, migration: { kind: 'none' } } } as typeof base;
  const result = await buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config }), lockFile });
  expect(result.lock.images.frontend.migrate).toBeUndefined();
  expect(readImagesLock(lockFile)!.images.frontend.migrate).toBeUndefined();
});

test('a failing preflight (the app-source checks) stops before anything is read or built', async () => {
  const ours = async () =>
    (await bed.docker.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => Object.values(repositories).some((r) => t.startsWith(`${r}:`))).sort();
  const before = await ours();
  // A source change no earlier test built: a build would add tags.
  fs.appendFileSync(path.join(bed.sources.frontend, 'app', 'page.js'), '// preflight\n');
  const plans = fixturePlans({ sources: bed.sources, config: testConfig(repositories) });
  const error = await expectFailureKeepingLock(
    buildAll({ docker: bed.docker, plans, lockFile, preflight: () => { throw new Error('app check failed'); } }),
  );
  expect(error.message).toBe('app check failed');
  expect(await ours()).toEqual(before);
});

test('a failing build leaves an existing lock byte-identical', async () => {
  const specs = fixtureSpecs({ backend: { dockerfile: path.join(FIXTURE_DOCKERFILES, 'failing.Dockerfile') } });
  const error = await expectFailureKeepingLock(buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config: testConfig(repositories), specs }), lockFile }));
  expect(error).toBeInstanceOf(BuildStepError);
});

test('an image over its size target leaves the lock byte-identical', async () => {
  const specs = fixtureSpecs({ backend: { maxSizeBytes: 1 } });
  const error = await expectFailureKeepingLock(buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config: testConfig(repositories), specs }), lockFile }));
  expect(error).toBeInstanceOf(ImageSizeError);
});

test('asking for kind without the kind CLI fails before building, naming the cluster', async () => {
  const plans = fixturePlans({ sources: bed.sources, config: testConfig(repositories) });
  const kind = { cluster: 'todo-dev', command: path.join(lockDir, 'no-such-kind') };
  const error = await expectFailureKeepingLock(buildAll({ docker: bed.docker, plans, lockFile, kind }));
  expect(error).toBeInstanceOf(KindLoadError);
  expect(error.message).toContain('"todo-dev"');
  expect(error.message).toContain('Install kind');
});

test('loads both references into the kind cluster before writing the lock', async () => {
  // A stand-in for the kind CLI that records its arguments (the real one is not installed here).
  const calls = path.join(lockDir, 'kind-calls');
  const fakeKind = path.join(lockDir, 'kind');
  fs.writeFileSync(fakeKind, `#!/bin/sh\necho "$@" >> '${calls}'\n`, { mode: 0o755 });

  const result = await buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config: testConfig(repositories) }), lockFile, kind: { cluster: 'todo-dev', command: fakeKind } });
  const { backend, frontend } = result.lock.images;
  expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
    'version',
    `load docker-image ${backend.reference} ${frontend.reference} ${frontend.migrate!.reference} --name todo-dev`,
  ]);
  expect(readImagesLock(lockFile)).toEqual(result.lock);
});

test('a failing `kind load` fails the run and leaves the lock byte-identical', async () => {
  const fakeKind = path.join(lockDir, 'kind');
  fs.writeFileSync(fakeKind, '#!/bin/sh\n[ "$1" = version ] && exit 0\necho "ERROR: no nodes found for cluster \\"todo-dev\\"" >&2\nexit 1\n', { mode: 0o755 });
  const plans = fixturePlans({ sources: bed.sources, config: testConfig(repositories) });
  const error = await expectFailureKeepingLock(buildAll({ docker: bed.docker, plans, lockFile, kind: { cluster: 'todo-dev', command: fakeKind } }));
  expect(error).toBeInstanceOf(KindLoadError);
  expect(error.message).toContain('no nodes found for cluster "todo-dev"');
});

describe('only one image (npm run images -- --only)', () => {
  test('rebuilds that image and keeps the other entry of the lock byte for byte', async () => {
    const config = testConfig(repositories, 'https://api.only.example.test');
    const both = await buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config }), lockFile });
    // A field another tool added to the kept entry survives too.
    const previous = readImagesLock(lockFile)!;
    const keptFrontend = { ...previous.images.frontend, addedByAnotherTool: 'kept' };
    fs.writeFileSync(lockFile, JSON.stringify({ ...previous, images: { ...previous.images, frontend: keptFrontend } }));

    fs.appendFileSync(path.join(bed.sources.backend, 'main.py'), '# only the backend changed\n');
    const events: string[] = [];
    const result = await buildAll({
      docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config }), lockFile, only: 'backend',
      onProgress: (e) => void (e.kind === 'built' && events.push(e.name)),
    });
    expect(events).toEqual(['backend']);
    expect(Object.keys(result.images)).toEqual(['backend']);
    expect(result.migrations).toEqual({});
    const lock = readImagesLock(lockFile)!;
    expect(lock.images.backend.tag).not.toBe(both.lock.images.backend.tag);
    expect(lock.images.backend.imageId).toBe((await bed.docker.getImage(lock.images.backend.reference).inspect()).Id);
    expect(lock.images.frontend).toEqual(keptFrontend);
  });

  test('the frontend alone brings its migration image; the backend entry is kept', async () => {
    const config = testConfig(repositories);
    await buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config }), lockFile });
    const before = readImagesLock(lockFile)!;
    fs.appendFileSync(path.join(bed.sources.frontend, 'app', 'page.js'), '// only the frontend changed\n');
    const result = await buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config }), lockFile, only: 'frontend' });
    expect(Object.keys(result.images)).toEqual(['frontend']);
    expect(Object.keys(result.migrations)).toEqual(['frontend']);
    const lock = readImagesLock(lockFile)!;
    expect(lock.images.backend).toEqual(before.images.backend);
    expect(lock.images.frontend.tag).not.toBe(before.images.frontend.tag);
    expect(lock.images.frontend.migrate!.tag).toBe(`${lock.images.frontend.tag}-migrate`);
  });

  test('the other image is never read: its source directory may be missing', async () => {
    const config = testConfig(repositories);
    await buildAll({ docker: bed.docker, plans: fixturePlans({ sources: bed.sources, config }), lockFile });
    const plans = fixturePlans({ sources: { ...bed.sources, frontend: path.join(lockDir, 'no-frontend-here') }, config });
    const result = await buildAll({ docker: bed.docker, plans, lockFile, only: 'backend' });
    expect(Object.keys(result.images)).toEqual(['backend']);
  });

  test('without a lock to keep the other entry from, it refuses before building anything', async () => {
    const plans = fixturePlans({ sources: bed.sources, config: testConfig(repositories) });
    const error = await buildAll({ docker: bed.docker, plans, lockFile, only: 'frontend', onProgress: (e) => { if (e.kind === 'step') throw new Error('built something'); } }).catch((e) => e);
    expect(error).toBeInstanceOf(BuildInputError);
    expect(error.message).toBe(
      `--only frontend keeps the backend entry of the images lock ${lockFile}, but that file does not exist; run \`npm run images\` once without --only to build both images`,
    );
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
