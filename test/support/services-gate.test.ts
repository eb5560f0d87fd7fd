// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * A missing service is reported once, in one line saying how to start it, before any test runs
 * (test/support/global-setup.ts), and only when a selected test file needs it.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const runJest = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

test('no Docker Engine: one line naming the engine and how to start it; no test runs', () => {
  const run = runJest(['test/images/inputs.test.ts'], { DOCKER_HOST: 'unix:///nonexistent-todo-k8s.sock' });
  expect(run.status).toBe(1);
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
  expect(lines).toEqual([
    expect.stringMatching(/^ {2}- 1 test file needs it: Cannot reach the Docker Engine at unix:\/\/\/nonexistent-todo-k8s\.sock .*Start it with `dockerd &`.*`bash \.ci\/run`/),
  ]);
  expect(run.stderr).toContain('npm test stopped before running any test');
  expect(run.stderr).not.toMatch(/●|Tests:/);
}, 60_000);

test('no PostgreSQL: one line naming the address and `bash .ci/postgres`; no test runs', () => {
  const run = runJest(['test/e2e/phase-iv-app.test.ts'], { TODO_TEST_POSTGRES_URL: 'postgresql://nobody:nothing@127.0.0.1:1/postgres' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/ {2}- 1 test file needs it: PostgreSQL is not reachable at 127\.0\.0\.1:1 .*`bash \.ci\/postgres`/);
  expect(run.stderr).not.toContain('nothing');
  expect(run.stderr).not.toMatch(/●|Tests:/);
}, 60_000);

test('files that need no service run without them', () => {
  const run = runJest(['test/model/config.test.ts'], { DOCKER_HOST: 'unix:///nonexistent-todo-k8s.sock', TODO_TEST_POSTGRES_URL: 'postgresql://a:b@127.0.0.1:1/postgres' });
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(/Tests: +\d+ passed/);
}, 60_000);

test('no real node: one line saying it was never started and `bash .ci/cluster up --node real`; no test runs', () => {
  const run = runJest(['test/node/whole-app.test.ts'], { TODO_K8S_REAL_CLUSTER_DIR: '/nonexistent-todo-k8s-real' });
  expect(run.status).toBe(1);
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
  expect(lines).toEqual([
    expect.stringMatching(/^ {2}- 1 test file needs it: The test cluster's real node was never started here \(no \/nonexistent-todo-k8s-real\/env\)\. Start it with `bash \.ci\/cluster up --node real`/),
  ]);
  expect(run.stderr).not.toMatch(/●|Tests:/);
}, 60_000);

test('no validator build: one line naming `npm run validator`; no test runs', () => {
  const run = runJest(['test/checks/apiserver/validator.test.ts'], { TODO_K8S_CACHE: '/nonexistent-todo-k8s-cache' });
  expect(run.status).toBe(1);
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
  expect(lines).toEqual([
    expect.stringMatching(/^ {2}- 1 test file needs it: The validator for Kubernetes v1\.\d+\.\d+ is not built for these sources \(no \/nonexistent-todo-k8s-cache\/validator-v1\.\d+\.\d+\/validator-[0-9a-f]{16}\.wasm\)\. Build it with `npm run validator`/),
  ]);
  expect(run.stderr).not.toMatch(/●|Tests:/);
}, 60_000);
