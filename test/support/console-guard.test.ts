// Tier: commands
// The console guard (jest.config.js setupFilesAfterEnv) fails a passing test that prints.
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

test('a test that logs fails with what it printed; its quiet neighbour passes', () => {
  const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--testMatch', '**/fixtures/prints.fixture.ts', '--roots', '<rootDir>/test/support/fixtures'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' },
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/✕ passes, but logs/);
  expect(r.stderr).toMatch(/✓ passes quietly/);
  expect(r.stderr).toContain('this test wrote to the console');
  expect(r.stderr).toContain('console.log: a stray log line');
  expect(r.stderr).toContain('Tests:       1 failed, 1 passed, 2 total');
});
