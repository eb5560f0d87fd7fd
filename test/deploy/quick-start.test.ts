// Needs: cluster, docker
/**
 * README's quick start, run as written from a clean copy of the project with an app beside it,
 * against the test cluster: its context stands in for `minikube start`, and the checkout's
 * node_modules for `npm ci`. The `.env` line, the app change and `npm run deploy` run verbatim:
 * deploy checks the app's sources and builds both images for real (the project's fixture app:
 * the Next.js + Better Auth frontend with its import turned back to the Neon driver, so the app
 * change has work to do, and the FastAPI backend), on kwok's node, which needs no image loaded.
 * No base image can be pulled here: the tests' stand-ins take the Dockerfiles' default names when
 * the engine has none of that name. The namespace, NodePorts and the fixture's auth config path
 * come through TODO_VALUES (the command lines stay as written), so other test files' objects on
 * the same cluster never collide with it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deleteNamespaces, kubectlOk, nodePortPair, readClusterEnv, uniqueName } from '../support/cluster';
import { ensurePythonBaseImage, PYTHON_BASE_IMAGE } from '../e2e/helpers/debian-base-images';
import { ensureNodeBaseImage, NODE_BASE_IMAGE } from '../e2e/helpers/node-base-image';
import { removeRepositories, testDocker, uniqueRepository } from '../images/helpers/docker';

jest.setTimeout(20 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..');

/** The commands of README's `## Quick start (minikube)`: its one `sh` block, a line each. */
export function quickStartCommands(readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')): string[] {
  const from = readme.indexOf('\n## Quick start (minikube)');
  const section = readme.slice(from, readme.indexOf('\n## ', from + 1));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no sh block under "## Quick start (minikube)"');
  return block[1].split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-quick-start-'));
const project = path.join(work, 'todo-k8s');
const namespace = uniqueName('quick-start');
const ports = nodePortPair(namespace);
// Repositories of the test's own: a developer's todo-backend/todo-frontend images stay untouched.
const repositories = { backend: uniqueRepository('quick-start-backend'), frontend: uniqueRepository('quick-start-frontend') };
afterAll(async () => {
  deleteNamespaces(namespace);
  await removeRepositories(await testDocker(), Object.values(repositories));
  fs.rmSync(work, { recursive: true, force: true });
});

/** A clean checkout: the tracked files (no .env, no lock, no dist/), and the checkout's packages. */
function cleanCopy(): void {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    if (!fs.existsSync(path.join(ROOT, file))) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(project, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
}

/**
 * The project's fixture app beside the copy, as the Phase IV app has it: its Better Auth Pool
 * taken from the Neon driver again, and its backend's SQLAlchemy unpinned (the last line
 * without its newline, as an editor may leave it).
 */
function appBeside(): void {
  const fixtures = path.join(ROOT, 'test', 'e2e', 'fixtures');
  fs.cpSync(path.join(fixtures, 'frontend'), path.join(work, 'frontend'), { recursive: true });
  fs.cpSync(path.join(fixtures, 'backend'), path.join(work, 'backend'), { recursive: true });
  const auth = path.join(work, 'frontend', AUTH_CONFIG_PATH);
  fs.writeFileSync(auth, fs.readFileSync(auth, 'utf8').replace("from 'pg'", "from '@neondatabase/serverless'"));
  const requirements = path.join(work, 'backend', 'requirements.txt');
  const unpinned = fs.readFileSync(requirements, 'utf8').split('\n').filter((line) => line.trim() && !/^(#|SQLAlchemy)/i.test(line));
  fs.writeFileSync(requirements, unpinned.join('\n'));
}

/** The fixture keeps its Better Auth config where the e2e test has it, as JavaScript. */
const AUTH_CONFIG_PATH = 'src/lib/auth-server.js';

/** The Dockerfiles' default bases, from the tests' stand-ins, unless the engine has real ones. */
async function standInBases(): Promise<void> {
  const docker = await testDocker();
  await ensureNodeBaseImage(docker);
  ensurePythonBaseImage();
  for (const [standIn, name] of [[NODE_BASE_IMAGE, 'node:22-alpine'], [PYTHON_BASE_IMAGE, 'python:3.12-slim']]) {
    const present = await docker.getImage(name).inspect().then(() => true, () => false);
    if (!present) await docker.getImage(standIn).tag({ repo: name.split(':')[0], tag: name.split(':')[1] });
  }
}

test('README\'s quick start is at most 5 commands, and they build and deploy the app on the test cluster', async () => {
  const commands = quickStartCommands();
  expect(commands.length).toBeLessThanOrEqual(5);
  expect(commands[0]).toMatch(/^minikube start /);
  expect(commands[1]).toBe('npm ci');
  expect(commands[commands.length - 1]).toBe('npm run deploy');

  cleanCopy();
  appBeside();
  await standInBases();
  const cluster = readClusterEnv()!;
  const values = path.join(work, 'test-cluster.yaml');
  fs.writeFileSync(values, `namespace: ${namespace}\npublicUrls: { frontend: "http://localhost:${ports.frontend}", backend: "http://localhost:${ports.backend}" }\nexposure: { kind: node-port, frontendNodePort: ${ports.frontend}, backendNodePort: ${ports.backend} }\nfrontend: { migration: { kind: better-auth, authConfigPath: ${AUTH_CONFIG_PATH} } }\nimages: { backend: { repository: ${repositories.backend} }, frontend: { repository: ${repositories.frontend} } }\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: cluster.kubeconfig, KUBECTL: cluster.kubectl, INIT_CWD: project, TODO_VALUES: values };
  for (const key of ['TODO_PROFILE', 'TODO_IMAGES_LOCK', 'OPENAI_API_KEY']) delete env[key];
  const run = (command: string) => spawnSync('bash', ['-euo', 'pipefail', '-c', command], { cwd: project, env, encoding: 'utf8', timeout: 15 * 60_000 });

  // The backend as it is: the checks refuse its unpinned SQLAlchemy, which README's app change pins.
  // (The fixture's package.json does not list the Neon driver, so its import is not reported.)
  const before = run('npm run -s check-app');
  expect(before.status).not.toBe(0);
  expect([...`${before.stdout}${before.stderr}`.matchAll(/^error \[([a-z-]+)\]/gm)].map((m) => m[1])).toEqual(['backend-database-driver']);

  for (const command of commands.slice(2)) {
    const r = run(command);
    if (r.status !== 0) throw new Error(`\`${command}\` exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    if (command.startsWith('npm run deploy')) {
      expect(r.stderr).toContain('deploy: rollout done.');
      expect(r.stderr).toContain(`${repositories.backend}:sha-`); // built by deploy
      expect(fs.existsSync(path.join(project, 'images.lock.json'))).toBe(true);
      expect(r.stderr).toContain(`http://localhost:${ports.frontend}`);
    }
  }
  // The .env line made a Secret deploy accepted; the app change took.
  expect(fs.statSync(path.join(project, '.env')).isFile()).toBe(true);
  expect(fs.readFileSync(path.join(work, 'frontend', AUTH_CONFIG_PATH), 'utf8')).toContain("from 'pg'");
  expect(JSON.parse(fs.readFileSync(path.join(work, 'frontend', 'package.json'), 'utf8')).dependencies.pg).toBeDefined();
  expect(fs.readFileSync(path.join(work, 'backend', 'requirements.txt'), 'utf8')).toMatch(/\npsycopg2-binary==[\d.]+\nSQLAlchemy<2\.1\n$/);
  expect(kubectlOk(['get', 'secret', 'todo-secrets', '-n', namespace, '-o', 'jsonpath={.data}'])).toContain('BETTER_AUTH_SECRET');
  expect(kubectlOk(['get', 'deployment/backend', '-n', namespace, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toMatch(new RegExp(`^${repositories.backend}:sha-[0-9a-f]{12}$`)); // and pinned by the lock
  for (const w of ['deployment/backend', 'deployment/frontend', 'statefulset/postgres']) {
    expect(kubectlOk(['get', w, '-n', namespace, '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
  }
});
