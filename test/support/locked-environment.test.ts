// Needs: cluster
// The test environment (test/support/locked-environment.js) keeps two files that need the kwok
// cluster from running at once, on two workers; the inner run gets a lock directory of its own.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

test('two cluster files on two workers run one after the other', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-locks-'));
  try {
    const trace = path.join(tmp, 'trace');
    const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--maxWorkers=2', '--cacheDirectory', path.join(tmp, 'cache'),
      '--testMatch', '**/fixtures/locked-*.fixture.ts', '--roots', '<rootDir>/test/support/fixtures'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', TMPDIR: tmp, LOCK_TRACE: trace },
    });
    expect(r.stderr).toContain('Tests:       2 passed, 2 total');
    const events = fs.readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split(' '));
    expect(events.map(([what]) => what)).toEqual(['start', 'end', 'start', 'end']);
    expect(events[0][1]).toBe(events[1][1]); // the first file ended before the other started
    expect(Number(events[2][2])).toBeGreaterThanOrEqual(Number(events[1][2]));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
