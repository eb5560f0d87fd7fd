// Needs: docker, cluster, mirror
/**
 * One place for build settings (issue 25.1), through `npm run deploy` as a user runs it (building,
 * not --no-build), against the real Docker Engine and the test cluster: the base images named in
 * the settings are used by the build and recorded in the lock; `npm run deploy -- --port-forward`
 * on the unchanged project builds nothing (the engine tags no image, and deploy says each image's
 * inputs are unchanged); a changed setting is said, old -> new, before the rebuild. The project's
 * Dockerfiles are the image tests' stand-ins on the local busybox image (no base image can be
 * pulled here), so a build takes seconds; kwok runs no container, so delivery is not needed.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { readImagesLock } from '../../lib/images/lock';
import { ClusterProject } from '../cluster/cluster-project';
import { ensureTestBaseImage, removeRepositories, TEST_BASE_IMAGE, testDocker, uniqueRepository } from '../images/helpers/docker';
import { FIXTURE_DOCKERFILES } from '../images/helpers/fixtures';
import { clusterEnv } from '../support/cluster';
import { pushToMirror } from '../support/mirror';
import { CLI, ROOT } from '../support/synth-project';

jest.setTimeout(10 * 60 * 1000);

const repositories = { backend: uniqueRepository('norebuild-backend'), frontend: uniqueRepository('norebuild-frontend') };
const E2E_FIXTURES = path.join(ROOT, 'test', 'e2e', 'fixtures');
let docker: Docker;
let project: ClusterProject;

/** The settings: sources, repositories, and the base images as build arguments (`base` for the backend's). */
function values(backendBase: string): string {
  return [
    'images:',
    `  backend: { repository: ${repositories.backend}, tag: dev, pullPolicy: Never, buildArgs: { PYTHON_IMAGE: "${backendBase}" } }`,
    `  frontend: { repository: ${repositories.frontend}, tag: dev, pullPolicy: Never, buildArgs: { NODE_IMAGE: "${TEST_BASE_IMAGE}" } }`,
    `backend: { sourceDir: "${project.synth.path('src', 'backend')}" }`,
    `frontend: { sourceDir: "${project.synth.path('src', 'frontend')}" }`,
  ].join('\n');
}

/**
 * `npm run deploy -- ARGS`, building, against the kwok cluster; with --port-forward it is ended
 * (SIGINT, as Ctrl-C) once it forwards. Resolves with its stderr and the images the engine tagged meanwhile.
 */
async function deploy(args: string[]): Promise<{ status: number | null; out: string; tagged: string[] }> {
  const cluster = clusterEnv('kwok');
  const since = Math.floor(Date.now() / 1000) - 1;
  const env = project.synth.env({ KUBECONFIG: cluster.kubeconfig, KUBECTL: cluster.kubectl, NODE_PATH: path.join(ROOT, 'node_modules'), CI: 'true' });
  const child = spawn(process.execPath, [CLI, 'deploy', '--', '--profile', 'local', '-f', project.synth.path('values.yaml'), '--timeout', '120s', ...args], { cwd: project.synth.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => {
    out += d;
    if (/Forwarding until Ctrl-C/.test(out)) child.kill('SIGINT');
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const until = Math.floor(Date.now() / 1000) + 1;
  // What the engine did meanwhile: a build ends by tagging its image.
  const events = (await docker.getEvents({ since, until, filters: JSON.stringify({ type: ['image'], event: ['tag'] }) })) as unknown as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of events) text += chunk.toString();
  const tagged = text.split('\n').filter(Boolean).map((l) => JSON.parse(l).Actor?.Attributes?.name as string).filter((n) => Object.values(repositories).some((r) => n?.startsWith(r)));
  return { status, out, tagged };
}

beforeAll(async () => {
  docker = await testDocker();
  await ensureTestBaseImage(docker);
  project = new ClusterProject('norebuild');
  fs.cpSync(path.join(E2E_FIXTURES, 'backend'), project.synth.path('src', 'backend'), { recursive: true });
  fs.cpSync(path.join(E2E_FIXTURES, 'frontend'), project.synth.path('src', 'frontend'), { recursive: true });
  // The project's own dockerfiles/ (a link to the repository's) replaced by the stand-ins: the link only is removed.
  const dockerfiles = project.synth.path('dockerfiles');
  if (fs.lstatSync(dockerfiles).isSymbolicLink()) fs.unlinkSync(dockerfiles);
  fs.mkdirSync(dockerfiles);
  for (const f of fs.readdirSync(FIXTURE_DOCKERFILES).filter((f) => /^(backend|frontend)\.Dockerfile/.test(f))) fs.copyFileSync(path.join(FIXTURE_DOCKERFILES, f), path.join(dockerfiles, f));
  project.writeEnv();
  project.setValues(values(TEST_BASE_IMAGE));
});

afterAll(async () => {
  project?.remove();
  if (docker) await removeRepositories(docker, [...Object.values(repositories), `${repositories.backend}-base`]);
});

test('the first deploy builds with the settings\' base images and the lock records them', async () => {
  const first = await deploy([]);
  expect({ status: first.status, tail: first.out.slice(-2500) }).toEqual({ status: 0, tail: expect.stringContaining('deploy: rollout done.') });
  const lock = readImagesLock(project.synth.lockPath)!;
  expect(lock.images.backend.buildArgs).toMatchObject({ PYTHON_IMAGE: TEST_BASE_IMAGE });
  expect(lock.images.frontend.buildArgs).toMatchObject({ NODE_IMAGE: TEST_BASE_IMAGE });
  expect(first.tagged.length).toBeGreaterThan(0);
});

test('npm run deploy -- --port-forward on the unchanged project builds nothing', async () => {
  const lockBefore = fs.readFileSync(project.synth.lockPath, 'utf8');
  const again = await deploy(['--port-forward']);
  expect(again.out).toContain('Forwarding until Ctrl-C');
  const imageLines = again.out.split('\n').filter((l) => /^\s+(backend|frontend)(-migrate)?\s+\S+:sha-/.test(l));
  expect(imageLines.length).toBeGreaterThanOrEqual(2);
  for (const line of imageLines) expect(line).toContain("(inputs unchanged: the engine's image, not rebuilt)");
  expect(again.out).not.toMatch(/in the lock, now/);
  // The engine was asked for no build: it tagged no image of ours.
  expect(again.tagged).toEqual([]);
  expect(fs.readFileSync(project.synth.lockPath, 'utf8')).toBe(lockBefore);
});

/** The base image as the mirror serves it (the second test's setting). */
let mirrored = '';

test('a setting other than the lock\'s is said, old -> new and where from, before the rebuild', async () => {
  // The same busybox served by this machine's registry (.ci/mirror): a base image from a mirror, which the engine pulls.
  mirrored = pushToMirror(TEST_BASE_IMAGE);
  project.setValues(values(mirrored));
  const changed = await deploy([]);
  expect(changed.out).toContain(`backend: PYTHON_IMAGE was "${TEST_BASE_IMAGE}" in the lock, now "${mirrored}" (images.backend.buildArgs.PYTHON_IMAGE)`);
  expect(changed.tagged.some((t) => t.startsWith(repositories.backend))).toBe(true);
  expect(readImagesLock(project.synth.lockPath)!.images.backend.buildArgs.PYTHON_IMAGE).toBe(mirrored);
});

test('--build-arg on deploy goes over the setting, and says so', async () => {
  const flagged = await deploy(['--build-arg', `PYTHON_IMAGE=${TEST_BASE_IMAGE}`]);
  expect({ status: flagged.status, tail: flagged.out.slice(-2500) }).toEqual({ status: 0, tail: expect.stringContaining('deploy: rollout done.') });
  expect(flagged.out).toContain(`backend: PYTHON_IMAGE was "${mirrored}" in the lock, now "${TEST_BASE_IMAGE}" (--build-arg PYTHON_IMAGE)`);
  expect(readImagesLock(project.synth.lockPath)!.images.backend.buildArgs.PYTHON_IMAGE).toBe(TEST_BASE_IMAGE);
  // Back on the image the first deploy built: the engine still holds it, nothing is built.
  expect(flagged.tagged).toEqual([]);
});
