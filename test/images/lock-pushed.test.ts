/**
 * Registry pushes in images.lock.json (issue 13, step 2): `npm run deploy --registry` records the
 * digest each image was pushed as; synth with --registry pins `registry/repo@sha256:...`
 * pulled IfNotPresent, the migration image included; a rebuild that changed nothing keeps them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ImagesLock, LockFileError, readImagesLock, withPushedReferences, writeImagesLock } from '../../lib/images/lock';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { Manifest, find, pinnedSettings, podSpec } from '../support/synth';
import { FIXTURE_ID, FIXTURE_TAG, fixtureLock } from './helpers/lock-fixture';

const ID = FIXTURE_ID;
const DIGEST = (c: string) => `sha256:${c.repeat(64)}`;
const TAG = FIXTURE_TAG;
const REGISTRY = 'registry.example.com:5000/acme';

const builtLock = (): ImagesLock => fixtureLock();

const PUSHES = [
  { reference: `todo-backend:${TAG}`, pushedReference: `${REGISTRY}/todo-backend@${DIGEST('1')}` },
  { reference: `todo-frontend:${TAG}`, pushedReference: `${REGISTRY}/todo-frontend@${DIGEST('2')}` },
  { reference: `todo-frontend:${TAG}-migrate`, pushedReference: `${REGISTRY}/todo-frontend@${DIGEST('3')}` },
];

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-lock-pushed-'));
  file = path.join(dir, 'images.lock.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('pushes are recorded per registry on the image and its migration image, and read back validated', () => {
  const other = withPushedReferences(builtLock(), 'ghcr.io/acme', [{ reference: `todo-backend:${TAG}`, pushedReference: `ghcr.io/acme/todo-backend@${DIGEST('9')}` }]);
  writeImagesLock(file, withPushedReferences(other, REGISTRY, PUSHES));
  const lock = readImagesLock(file, { required: true })!;
  expect(lock.images.backend.pushed).toEqual({ 'ghcr.io/acme': `ghcr.io/acme/todo-backend@${DIGEST('9')}`, [REGISTRY]: PUSHES[0].pushedReference });
  expect(lock.images.frontend.pushed).toEqual({ [REGISTRY]: PUSHES[1].pushedReference });
  expect(lock.images.frontend.migrate!.pushed).toEqual({ [REGISTRY]: PUSHES[2].pushedReference });
});

test('npm run images rewriting the lock keeps the pushes of unchanged images and drops those of a rebuilt one', () => {
  writeImagesLock(file, withPushedReferences(builtLock(), REGISTRY, PUSHES));
  const rebuilt = builtLock() as any;
  rebuilt.images.backend = { ...rebuilt.images.backend, imageId: ID('d') };
  writeImagesLock(file, rebuilt);
  const lock = readImagesLock(file, { required: true })!;
  expect(lock.images.backend.pushed).toBeUndefined();
  expect(lock.images.frontend.pushed).toEqual({ [REGISTRY]: PUSHES[1].pushedReference });
  expect(lock.images.frontend.migrate!.pushed).toEqual({ [REGISTRY]: PUSHES[2].pushedReference });
});

test.each([
  [{ [REGISTRY]: `${REGISTRY}/todo-backend:${TAG}` }, /field "images\.backend\.pushed\["registry\.example\.com:5000\/acme"\]" is .*, which is not a digest reference/],
  [{ [REGISTRY]: `ghcr.io/acme/todo-backend@${DIGEST('1')}` }, /which is not in the registry "registry\.example\.com:5000\/acme"/],
  [['x'], /field "images\.backend\.pushed" is not an object/],
])('a pushed entry that is not a digest reference in its registry is refused: %j', (pushed, message) => {
  const lock = builtLock() as any;
  lock.images.backend.pushed = pushed;
  fs.writeFileSync(file, JSON.stringify(lock));
  expect(() => readImagesLock(file, { required: true })).toThrow(LockFileError);
  expect(() => readImagesLock(file, { required: true })).toThrow(message);
});

describe('synth with --registry', () => {
  const settings = (env: Record<string, string>) => pinnedSettings(dir, { profile: 'local', registry: env.registry });
  const manifests = (config: ReturnType<typeof settings>) => Testing.synth(new TodoChart(Testing.app(), config.instance, { config })) as Manifest[];
  const containers = (m: Manifest[], name: string) => {
    const spec = podSpec(find(m, 'Deployment', name));
    return [...(spec.initContainers ?? []), ...spec.containers];
  };

  test('the manifests run the pushed digests, IfNotPresent, the migration init container included', () => {
    writeImagesLock(file, withPushedReferences(builtLock(), REGISTRY, PUSHES));
    const pinned = manifests(settings({ registry: REGISTRY }));
    const local = manifests(settings({}));
    const frontendName = 'frontend';
    const backendName = 'backend';
    const images = (m: Manifest[], name: string) => containers(m, name).map((c: any) => [c.name, c.image, c.imagePullPolicy]);

    const backend = images(pinned, backendName).find(([, image]) => String(image).includes('todo-backend'));
    expect(backend).toEqual([expect.any(String), PUSHES[0].pushedReference, 'IfNotPresent']);
    const frontend = images(pinned, frontendName).filter(([, image]) => String(image).includes('todo-frontend'));
    expect(frontend.map(([, image, policy]) => [image, policy]).sort()).toEqual(
      [[PUSHES[1].pushedReference, 'IfNotPresent'], [PUSHES[2].pushedReference, 'IfNotPresent']].sort(),
    );
    // Locally, the same lock still pins repository:tag, never pulled.
    expect(images(local, frontendName).filter(([, image]) => String(image).includes('todo-frontend')).map(([, image, policy]) => [image, policy]).sort()).toEqual(
      [[`todo-frontend:${TAG}`, 'Never'], [`todo-frontend:${TAG}-migrate`, 'Never']].sort(),
    );
    // The migration container's env is the same as with the local reference (the image env is restated).
    const envNames = (m: Manifest[]) => containers(m, frontendName).map((c: any) => (c.env ?? []).map((e: any) => e.name).sort());
    expect(envNames(pinned)).toEqual(envNames(local));
  });

  test('a registry the lock has no push for is refused naming npm run deploy --registry', () => {
    writeImagesLock(file, withPushedReferences(builtLock(), REGISTRY, PUSHES.slice(0, 2)));
    expect(() => settings({ registry: 'ghcr.io/other' })).toThrow(/the backend image todo-backend:sha-0123456789ab was never pushed to ghcr\.io\/other.*npm run deploy -- --registry ghcr\.io\/other/);
    // The migration image not pushed, while the migration runs.
    expect(() => settings({ registry: REGISTRY })).toThrow(/the frontend image todo-frontend:sha-0123456789ab-migrate was never pushed to registry\.example\.com:5000\/acme/);
  });
});

test('imagesToDeliver: every image and migration image of the lock, with the push to that registry', () => {
  const { imagesToDeliver } = require('../../lib/deploy/target') as typeof import('../../lib/deploy/target');
  const lock = withPushedReferences(builtLock(), REGISTRY, PUSHES);
  expect(imagesToDeliver(lock, REGISTRY)).toEqual([
    { component: 'backend', reference: `todo-backend:${TAG}`, imageId: ID('a'), pushedReference: PUSHES[0].pushedReference },
    { component: 'frontend', reference: `todo-frontend:${TAG}`, imageId: ID('b'), pushedReference: PUSHES[1].pushedReference },
    { component: 'frontend-migrate', reference: `todo-frontend:${TAG}-migrate`, imageId: ID('c'), pushedReference: PUSHES[2].pushedReference },
  ]);
  expect(imagesToDeliver(lock).map((i) => i.pushedReference)).toEqual([undefined, undefined, undefined]);
});
