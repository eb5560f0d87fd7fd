// Tier: commands (runs the commands as processes, as users do)
/**
 * Issue 26 items 6, 10 and 12: `--registry` is checked before anything uses it (credentials
 * never echoed, no scheme, no forged lines, no TypeError on a lock's own "pushed" {}); control
 * characters in `--context` and in the lock are quoted, never printed raw; a lock entry for
 * another repository is said to be ignored, and why.
 */
import * as fs from 'fs';
import { SynthProject, lockWith } from '../support/synth-project';

const PASSWORD = 'hunter2-Registry-Pw';
const project = new SynthProject();
afterAll(() => fs.rmSync(project.dir, { recursive: true, force: true }));
const writeLock = (lock: object) => fs.writeFileSync(project.lockPath, JSON.stringify(lock, null, 2));

describe('--registry', () => {
  test('credentials in it are refused without being printed', () => {
    const r = project.run('synth', ['--registry', `alice:${PASSWORD}@ghcr.io/acme`]);
    const output = r.stdout + r.stderr;
    expect(output.includes(PASSWORD)).toBe(false);
    expect(output.includes('hunter2')).toBe(false);
    expect(r.stderr).toContain('--registry holds "@", as credentials do (user:password@host); they are not shown here. Log in with `docker login HOST` instead');
    expect(r.status).toBe(2);
  });

  test('a scheme is refused, saying what to give instead', () => {
    const r = project.run('synth', ['--registry', 'https://ghcr.io/acme']);
    expect(r.stderr).toContain('--registry "https://ghcr.io/acme" starts with https://; give the registry without a scheme, e.g. "ghcr.io/acme"');
    expect(r.status).toBe(2);
  });

  test('a newline cannot forge a progress line', () => {
    const r = project.run('deploy', ['--no-build', '--registry', 'ghcr.io/acme\ndeploy: rollout done.']);
    expect(r.stderr).toContain('--registry "ghcr.io/acme\\ndeploy: rollout done." is not a registry');
    expect(r.stderr.split('\n')).not.toContain('deploy: rollout done.');
    expect(r.status).toBe(2);
  });

  test('"constructor" with a lock whose "pushed" is {} says it was never pushed there, no TypeError', () => {
    const lock = lockWith('http://localhost:30800');
    writeLock({ ...lock, images: { ...lock.images, backend: { ...lock.images.backend, pushed: {} }, frontend: { ...lock.images.frontend, pushed: {}, migrate: { ...lock.images.frontend.migrate!, pushed: {} } } } });
    try {
      const r = project.run('synth', ['--registry', 'constructor']);
      expect(r.stderr).not.toMatch(/TypeError|    at /);
      expect(r.stderr).toContain('was never pushed to constructor (no "pushed" entry for it)');
      expect(r.status).toBe(1);
    } finally {
      fs.rmSync(project.lockPath, { force: true });
    }
  });
});

describe('control characters are quoted, never printed raw', () => {
  test('a --context with a newline and ANSI escapes', () => {
    const r = project.run('status', ['--context', 'kind\n\u001b[32mAll workloads are ready.\u001b[0m']);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.split('\n')).not.toContain('All workloads are ready.');
    expect(r.stderr).toContain('--context "kind\\n\\u001b[32mAll workloads are ready.\\u001b[0m": has control or bidirectional characters');
    expect(r.status).toBe(2);
  });

  test("a U+202E in the lock's contractVersion", () => {
    const lock = lockWith('http://localhost:30800');
    writeLock({ ...lock, images: { ...lock.images, backend: { ...lock.images.backend, contractVersion: '1.0\u202Egnp.exe' } } });
    try {
      const r = project.run('synth');
      expect(r.stderr).not.toContain('\u202E');
      expect(r.stderr).toContain('\\u202e');
      expect(r.status).toBe(1);
    } finally {
      fs.rmSync(project.lockPath, { force: true });
    }
  });
});

test('a lock entry for another repository is said to be ignored, and why', () => {
  writeLock(lockWith('http://localhost:30800', { backend: 'acme/todo-backend', frontend: 'todo-frontend' }));
  try {
    const r = project.run('synth');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      'Warning: images.lock.json: the backend entry ("acme/todo-backend:sha-111111111111") is not used: its repository is not the configured one, "todo-backend" ' +
        '(images.backend.repository, profile "local"), so the manifests run "todo-backend:dev" with imagePullPolicy Never',
    );
  } finally {
    fs.rmSync(project.lockPath, { force: true });
  }
});

describe('--timeout (issue 26 item 15)', () => {
  test.each([
    ['99999999999999999999h', 'is longer than 24h'],
    ['25h', 'is longer than 24h'],
    ['0s', 'is 0'],
    ['5 minutes', 'not a duration'],
  ])('%s is refused: %s, saying what is allowed', (value, problem) => {
    const r = project.run('down', ['--timeout', value]);
    expect(r.stderr).toContain(`--timeout ${JSON.stringify(value)}: ${problem}; allowed: a number with a unit, longer than 0 and at most 24h, e.g. 90s, 5m, 1m30s, 1h`);
    expect(r.stderr).not.toContain('e+');
    expect(r.status).toBe(2);
  });
});

describe('KUBECONFIG that is not a regular file (issue 26 item 9)', () => {
  const fifo = project.path('kubeconfig.fifo');
  beforeAll(() => require('child_process').execFileSync('mkfifo', [fifo]));

  test.each([
    ['a FIFO', () => fifo, 'is a FIFO (named pipe), not a regular file'],
    ['/dev/zero', () => '/dev/zero', 'is a character device, not a regular file'],
  ])('%s: status, deploy and down stop at once, naming it', (_, file, words) => {
    for (const command of ['status', 'deploy', 'down']) {
      const started = Date.now();
      const r = require('child_process').spawnSync(process.execPath, [require('path').join(__dirname, '..', '..', 'bin', 'todo-k8s.js'), command, ...(command === 'deploy' ? ['--no-build'] : [])], {
        cwd: project.dir, encoding: 'utf8', env: { ...project.env(), KUBECONFIG: `/nonexistent/config:${file()}` }, timeout: 60_000,
      });
      expect(r.signal).toBeNull();
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(r.stderr).toContain(`KUBECONFIG names "${file()}", which ${words}; kubectl would hang or fail reading it.`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.status).toBe(1);
    }
  });
});

test("a service's lock entry for another repository is said to be ignored too", () => {
  fs.mkdirSync(project.path('notifier'), { recursive: true });
  fs.writeFileSync(project.path('services.yaml'), 'services: { notifier: { sourceDir: notifier } }\n');
  const lock = lockWith('http://localhost:30800');
  const service = { ...lock.images.backend, reference: 'acme/notifier:sha-333333333333', repository: 'acme/notifier', tag: 'sha-333333333333' };
  writeLock({ ...lock, services: { notifier: service } });
  try {
    const r = project.run('synth', ['-f', 'services.yaml']);
    expect(r.stderr).toContain(
      'Warning: images.lock.json: the service notifier\'s entry ("acme/notifier:sha-333333333333") is not used: its repository is not the configured one, "todo-backend-notifier" (services.notifier)',
    );
  } finally {
    fs.rmSync(project.lockPath, { force: true });
  }
});
