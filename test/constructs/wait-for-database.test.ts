/**
 * The wait-for-database script run with the real libpq client (`psql` from Debian's postgresql
 * package, as in the postgres image): it retries while nothing listens, and stops at once with
 * the driver's own message, secrets redacted, when the URL cannot work.
 */
import { spawnSync } from 'child_process';
import { waitForDatabaseCommand } from '../../lib/constructs/database-connection/wait-for-database';

const hasPsql = spawnSync('psql', ['--version']).status === 0;
if (!hasPsql) console.warn('test/wait-for-database: psql not found; install Debian\'s postgresql-client (.ci/run does) to run these tests');
const maybe = hasPsql ? test : test.skip;

const [, , script] = waitForDatabaseCommand({ urlVar: 'DATABASE_URL', expectedHost: 'localhost', showable: ['localhost', 'todo'] });

function run(url: string, timeoutMs = 6000) {
  const r = spawnSync('sh', ['-c', script], { env: { PATH: process.env.PATH, DATABASE_URL: url, PGCONNECT_TIMEOUT: '2' }, timeout: timeoutMs, encoding: 'utf8' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

maybe('a password with an unencoded "/" fails at once with the driver\'s message, the fragment redacted, and a hint', () => {
  const r = run('postgresql://todo:xq/zv9@localhost:5432/todo');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('cannot log in to the database: psql: error: invalid integer value "<redacted>" for connection option "port"');
  expect(r.stderr).toContain('must be percent-encoded');
  expect(r.stderr + r.stdout).not.toMatch(/xq|zv9/);
});

maybe('a password with an unencoded "@" makes another host: fails instead of waiting for it forever', () => {
  const r = run('postgresql://todo:p@ssw0rd@localhost:5432/todo');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('could not translate host name "<redacted>"');
  expect(r.stderr + r.stdout).not.toContain('ssw0rd');
});

maybe('a bad percent-encoding fails with the driver\'s message', () => {
  const r = run('postgresql://todo:ab%zzcd@localhost:5432/todo');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('invalid percent-encoded token: "<redacted>"');
  expect(r.stderr + r.stdout).not.toContain('zzcd');
});

maybe('while nothing listens it keeps waiting and says why', () => {
  const r = run('postgresql://todo:secret@localhost:1/todo', 3000);
  expect(r.signal).toBe('SIGTERM');
  expect(r.stdout).toContain('waiting for the database: psql: error: connection to server at "localhost"');
  expect(r.stdout).toContain('Connection refused');
  expect(r.stdout).not.toContain('secret');
});

maybe('a password with a double quote cannot shift the quote pairing and show a fragment', () => {
  const r = run('postgresql://todo:xq"LEAKA"yb/zv@localhost:5432/todo');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('cannot log in to the database: psql: error: invalid integer value "<redacted>"');
  expect(r.stderr + r.stdout).not.toMatch(/LEAKA|yb|zv/);
  const r2 = run('postgresql://todo:ab%zz"LEAKB x@localhost/todo');
  expect(r2.status).toBe(1);
  expect(r2.stderr + r2.stdout).not.toMatch(/LEAKB/);
});

maybe('a password with a newline (a Secret made from a file) is redacted across lines', () => {
  for (const url of ['postgresql://todo:ab%zz\nLEAKC x@localhost/todo', 'postgresql://todo:p@ss\nLEAKD@localhost/todo']) {
    const r = run(url);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"<redacted>"');
    expect(r.stderr + r.stdout).not.toMatch(/LEAK|%zz|p@ss/);
  }
});
