// Needs: cluster
/**
 * README's quick start, run as written from a clean copy of the project with an app beside it,
 * against the test cluster: its context stands in for `minikube start`, and the checkout's
 * node_modules for `npm ci`. The `.env` line, the app change and `npm run deploy` run verbatim,
 * except that deploy is given `--no-build`: kwok's node runs no container, and the image build
 * of a real app is tested by test/e2e and test/node. The namespace and NodePorts of the profile
 * are moved by TODO_VALUES (the command lines stay as written), so that other test files' objects
 * on the same cluster (README's snippets dry-run with the shipped ports) never collide with it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deleteNamespaces, kubectlOk, nodePortPair, readClusterEnv, uniqueName } from '../support/cluster';

jest.setTimeout(6 * 60 * 1000);

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
afterAll(() => {
  deleteNamespaces(namespace);
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

/** The Phase IV frontend's shape where the app change applies: Better Auth's Pool from the Neon driver. */
function appBeside(): void {
  fs.mkdirSync(path.join(work, 'frontend', 'src', 'lib'), { recursive: true });
  fs.writeFileSync(path.join(work, 'frontend', 'package.json'), JSON.stringify({ name: 'frontend', version: '0.0.0', private: true, dependencies: {} }, null, 2));
  fs.writeFileSync(path.join(work, 'frontend', 'src', 'lib', 'auth-server.ts'), 'import { Pool } from "@neondatabase/serverless";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n');
  fs.mkdirSync(path.join(work, 'backend'), { recursive: true });
  fs.writeFileSync(path.join(work, 'backend', 'main.py'), 'from fastapi import FastAPI\napp = FastAPI()\n');
}

test('README\'s quick start is at most 5 commands, and they deploy the app on the test cluster', () => {
  const commands = quickStartCommands();
  expect(commands.length).toBeLessThanOrEqual(5);
  expect(commands[0]).toMatch(/^minikube start /);
  expect(commands[1]).toBe('npm ci');
  expect(commands[commands.length - 1]).toBe('npm run deploy');

  cleanCopy();
  appBeside();
  const cluster = readClusterEnv()!;
  const values = path.join(work, 'test-cluster.yaml');
  fs.writeFileSync(values, `namespace: ${namespace}\npublicUrls: { frontend: "http://localhost:${ports.frontend}", backend: "http://localhost:${ports.backend}" }\nexposure: { kind: node-port, frontendNodePort: ${ports.frontend}, backendNodePort: ${ports.backend} }\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: cluster.kubeconfig, KUBECTL: cluster.kubectl, INIT_CWD: project, TODO_VALUES: values };
  for (const key of ['TODO_PROFILE', 'TODO_IMAGES_LOCK', 'OPENAI_API_KEY']) delete env[key];
  const run = (command: string) => spawnSync('bash', ['-euo', 'pipefail', '-c', command], { cwd: project, env, encoding: 'utf8', timeout: 240_000 });

  for (const command of commands.slice(2)) {
    const r = run(command === 'npm run deploy' ? 'npm run deploy -- --no-build --timeout 120s' : command);
    if (r.status !== 0) throw new Error(`\`${command}\` exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    if (command.startsWith('npm run deploy')) {
      expect(r.stderr).toContain('deploy: rollout done.');
      expect(r.stderr).toContain(`http://localhost:${ports.frontend}`);
    }
  }
  // The .env line made a Secret deploy accepted; the app change took.
  expect(fs.statSync(path.join(project, '.env')).isFile()).toBe(true);
  expect(fs.readFileSync(path.join(work, 'frontend', 'src', 'lib', 'auth-server.ts'), 'utf8')).toContain('from "pg"');
  expect(JSON.parse(fs.readFileSync(path.join(work, 'frontend', 'package.json'), 'utf8')).dependencies.pg).toBeDefined();
  expect(kubectlOk(['get', 'secret', 'todo-secrets', '-n', namespace, '-o', 'jsonpath={.data}'])).toContain('BETTER_AUTH_SECRET');
  for (const w of ['deployment/backend', 'deployment/frontend', 'statefulset/postgres']) {
    expect(kubectlOk(['get', w, '-n', namespace, '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
  }
});
