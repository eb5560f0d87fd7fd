/**
 * .ci/run builds Dapr beside the tests: while `.ci/dapr up` runs (its pid in the real cluster's
 * dapr/installing), the files that need Dapr wait for it, the global check does not stop the run
 * for it, and the sequencer puts those files last.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

let dir: string;
let mod: typeof import('./dapr-install');
const saved = process.env.TODO_K8S_REAL_CLUSTER_DIR;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-dapr-install-'));
  process.env.TODO_K8S_REAL_CLUSTER_DIR = dir;
  jest.isolateModules(() => {
    mod = require('./dapr-install');
  });
  // The path .ci/run and .ci/dapr write is the one the tests read.
  expect(mod.DAPR_INSTALL_MARKER).toBe(path.join(dir, 'dapr', 'installing'));
  fs.mkdirSync(path.join(dir, 'dapr'));
});
afterEach(() => {
  if (saved === undefined) delete process.env.TODO_K8S_REAL_CLUSTER_DIR;
  else process.env.TODO_K8S_REAL_CLUSTER_DIR = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

test('no marker, or one whose process is gone (a killed install): nothing to wait for', async () => {
  expect(mod.daprInstallPid()).toBeUndefined();
  const done = spawn('true');
  await new Promise((resolve) => done.on('exit', resolve));
  fs.writeFileSync(path.join(dir, 'dapr', 'installing'), String(done.pid));
  expect(mod.daprInstallPid()).toBeUndefined();
  expect(await mod.waitForDaprInstall(1000)).toBe(false);
});

test('while the install runs its pid is seen, and the wait ends when it does', async () => {
  const install = spawn('sleep', ['6']);
  fs.writeFileSync(path.join(dir, 'dapr', 'installing'), String(install.pid));
  expect(mod.daprInstallPid()).toBe(install.pid);
  // The check before any test runs lets the run start: Dapr is on its way (no env file yet).
  let daprProblem: () => string | undefined = () => 'not loaded';
  jest.isolateModules(() => {
    daprProblem = require('./dapr').daprProblem;
  });
  expect(daprProblem()).toBeUndefined();
  const started = Date.now();
  expect(await mod.waitForDaprInstall(60_000)).toBe(true);
  expect(Date.now() - started).toBeGreaterThan(4000);
  expect(mod.daprInstallPid()).toBeUndefined();
  expect(daprProblem()).toMatch(/never installed on the real node's cluster/);
}, 30_000);

test('an install that outlasts the wait is named, with its log', async () => {
  const install = spawn('sleep', ['30']);
  try {
    fs.writeFileSync(path.join(dir, 'dapr', 'installing'), String(install.pid));
    await expect(mod.waitForDaprInstall(100)).rejects.toThrow(/bash \.ci\/dapr up still runs after .*todo-k8s-dapr\.log/);
  } finally {
    install.kill();
  }
}, 30_000);

test('the sequencer puts the files that need Dapr after every other file', () => {
  const Sequencer = require('./sequencer');
  const root = path.resolve(__dirname, '..');
  const files = ['deploy/quick-start.test.ts', 'phase-v/deploy-e2e.test.ts', 'node/whole-app.test.ts', 'model/dapr-settings.test.ts', 'deploy/deploy.test.ts']
    .map((f) => ({ path: path.join(root, f), context: { config: { rootDir: root, cacheDirectory: dir, id: 'dapr-install-test' }, hasteFS: { getSize: (p: string) => fs.statSync(p).size } }, duration: undefined }));
  const sorted = new Sequencer({ contexts: [], globalConfig: { cache: false } }).sort(files).map((t: { path: string }) => path.relative(root, t.path));
  expect(sorted.slice(-2).sort()).toEqual(['deploy/quick-start.test.ts', 'phase-v/deploy-e2e.test.ts']);
});

test('`.ci/dapr marker`, which .ci/run writes, is the marker the tests read', () => {
  const env = { ...process.env };
  delete env.TODO_K8S_CLUSTER_DIR;
  delete env.TODO_K8S_REAL_CLUSTER_DIR;
  const r = require('child_process').spawnSync('bash', [path.join(__dirname, '..', '..', '.ci', 'dapr'), 'marker'], { encoding: 'utf8', env });
  expect(r.status).toBe(0);
  process.env.TODO_K8S_REAL_CLUSTER_DIR = '';
  let marker = '';
  jest.isolateModules(() => {
    marker = require('./dapr-install').DAPR_INSTALL_MARKER;
  });
  expect(r.stdout.trim()).toBe(marker);
});
