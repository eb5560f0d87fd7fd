/**
 * Phase V's images the project builds itself are built, locked and pinned like the app's: the
 * broker from dockerfiles/kafka.Dockerfile when the settings run the chart's own broker (not for
 * a managed Kafka, not with Phase V off), the consumers from dockerfiles/workers.Dockerfile when
 * they have dapr.workers; recorded as services.kafka and services.dapr-workers in the lock, and
 * pinned into the settings' image for synth (the local tag, or the registry digest). No Docker needed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyImagesLock } from '../../lib/images/apply-lock';
import { readImagesLock } from '../../lib/images/lock';
import { planProjectImages } from '../../lib/images/project-build';
import { TodoConfig } from '../../lib/model/settings/types';
import { phaseVCloud, phaseVLocal } from '../phase-v/helpers/settings';
import { uvPnpmApp } from '../e2e/helpers/shape-apps';

const ROOT = path.resolve(__dirname, '..', '..');
let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-phase-v-images-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const withSources = (config: TodoConfig): TodoConfig => {
  const app = uvPnpmApp(work);
  return { ...config, backend: { ...config.backend, sourceDir: app.backend }, frontend: { ...config.frontend, sourceDir: app.frontend } };
};

test('the broker image is planned from dockerfiles/kafka.Dockerfile only when the chart runs its own broker', () => {
  const local = withSources(phaseVLocal());
  const withArgs = { ...local, kafka: { ...local.kafka!, image: { ...local.kafka!.image, buildArgs: { KAFKA_VERSION: '4.0.1' } } } };
  const { services } = planProjectImages({ config: withArgs, root: ROOT, env: {} });
  expect(services.kafka).toMatchObject({
    name: 'kafka',
    dockerfile: path.join(ROOT, 'dockerfiles', 'kafka.Dockerfile'),
    contextDir: path.join(ROOT, 'dockerfiles', 'kafka'),
    repository: 'todo-kafka',
    buildArgs: { KAFKA_VERSION: '4.0.1' },
    requiredFiles: ['pom.xml', 'bin/kafka-start.sh', 'config/log4j2.properties'],
  });
  expect(planProjectImages({ config: withSources(phaseVCloud()), root: ROOT, env: {} }).services).not.toHaveProperty('kafka');
  const off = { ...local, dapr: { ...local.dapr!, enabled: false } };
  expect(planProjectImages({ config: off, root: ROOT, env: {} }).services).not.toHaveProperty('kafka');
});

test('the workers\' image is planned from dockerfiles/workers.Dockerfile with dapr.workers, on the backend\'s Python base unless its own buildArgs name one', () => {
  const local = withSources(phaseVLocal());
  const mirrorPython = { ...local, images: { ...local.images, backend: { ...local.images.backend, buildArgs: { PYTHON_IMAGE: 'mirror.example/python:3.12-slim' } } } };
  expect(planProjectImages({ config: mirrorPython, root: ROOT, env: {} }).services['dapr-workers']).toMatchObject({
    name: 'dapr-workers',
    dockerfile: path.join(ROOT, 'dockerfiles', 'workers.Dockerfile'),
    contextDir: path.join(ROOT, 'dockerfiles', 'workers'),
    repository: 'todo-workers',
    buildArgs: { PYTHON_IMAGE: 'mirror.example/python:3.12-slim' },
    requiredFiles: ['task_consumers.py'],
  });
  const own = { ...mirrorPython, dapr: { ...mirrorPython.dapr!, workers: { image: { ...mirrorPython.dapr!.workers!.image, buildArgs: { PYTHON_IMAGE: 'python:3.13-slim' } } } } };
  expect(planProjectImages({ config: own, root: ROOT, env: {} }).services['dapr-workers'].buildArgs).toEqual({ PYTHON_IMAGE: 'python:3.13-slim' });
  const none = { ...local, dapr: { ...local.dapr!, workers: undefined } };
  expect(planProjectImages({ config: none, root: ROOT, env: {} }).services).not.toHaveProperty('dapr-workers');
});

test('synth pins kafka.image and dapr.workers.image to the locked build, or to its push by digest', () => {
  const file = path.join(work, 'images.lock.json');
  const pushed = (repository: string, c: string) => ({ 'ghcr.io/acme': `ghcr.io/acme/${repository}@sha256:${c.repeat(64)}` });
  const image = (repository: string, tag: string) => ({ reference: `${repository}:${tag}`, repository, tag, imageId: `sha256:${'a'.repeat(64)}`, contractVersion: '004-k8s-local-deploy@2026-02-14', buildArgs: {}, sizeBytes: 1, pushed: pushed(repository, 'd') });
  const digest = `ghcr.io/acme/todo-kafka@sha256:${'c'.repeat(64)}`;
  fs.writeFileSync(file, JSON.stringify({
    version: 1,
    images: {
      backend: image('todo-backend', 'sha-111111111111'),
      frontend: { ...image('todo-frontend', 'sha-222222222222'), buildArgs: { NEXT_PUBLIC_API_URL: 'http://localhost:30800' }, migrate: { reference: 'todo-frontend:sha-222222222222-migrate', tag: 'sha-222222222222-migrate', imageId: `sha256:${'b'.repeat(64)}`, pushed: pushed('todo-frontend', 'e') } },
    },
    services: { kafka: { ...image('todo-kafka', 'sha-444444444444'), pushed: { 'ghcr.io/acme': digest } }, 'dapr-workers': image('todo-workers', 'sha-555555555555') },
  }));
  const lock = readImagesLock(file)!;
  expect(applyImagesLock(phaseVLocal(), lock, file).kafka!.image).toMatchObject({ repository: 'todo-kafka', tag: 'sha-444444444444', pullPolicy: 'Never' });
  expect(applyImagesLock(phaseVLocal(), lock, file).dapr!.workers!.image).toMatchObject({ repository: 'todo-workers', tag: 'sha-555555555555', pullPolicy: 'Never' });
  expect(applyImagesLock(phaseVLocal(), lock, file, { registry: 'ghcr.io/acme' }).kafka!.image).toMatchObject({ pullPolicy: 'IfNotPresent', pinned: { image: digest } });
  // Another repository in the settings: the lock's build is not this image.
  const other = { ...phaseVLocal(), kafka: { ...phaseVLocal().kafka!, image: { repository: 'my-kafka', tag: 'dev', pullPolicy: 'Never' as const } } };
  expect(applyImagesLock(other, lock, file).kafka!.image).toEqual({ repository: 'my-kafka', tag: 'dev', pullPolicy: 'Never' });
});
