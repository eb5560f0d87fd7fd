// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * The wait-for-database script against a real PostgreSQL (Debian's `postgresql` package, started
 * here as the `postgres` user on a private port and socket directory): it passes with the app's
 * login, and stops at once with the server's own message for a wrong password or database.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitForDatabaseCommand } from '../../lib/constructs/database-connection/wait-for-database';

const BIN = fs.existsSync('/usr/lib/postgresql')
  ? fs.readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => fs.existsSync(`${d}/initdb`))
  : undefined;
const asRoot = process.getuid?.() === 0;
const canRun = BIN !== undefined && spawnSync('psql', ['--version']).status === 0 && (!asRoot || spawnSync('id', ['postgres']).status === 0);
if (!canRun) console.warn('test/wait-for-database-server: PostgreSQL server binaries (Debian\'s postgresql package) not found; `apt-get install postgresql` to run it');
const describeIf = canRun ? describe : describe.skip;

const PORT = 55432 + (process.pid % 1000);

/** Runs a command as `postgres` when we are root (initdb refuses root). */
function asPostgres(cmd: string, args: string[]): SpawnSyncReturns<string> {
  return asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
}

describeIf('against a real PostgreSQL', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-wait-pg-'));
    fs.chmodSync(dir, 0o777);
    const data = path.join(dir, 'data');
    const pwfile = path.join(dir, 'pw');
    fs.writeFileSync(pwfile, 'right-password\n', { mode: 0o644 });
    const init = asPostgres(`${BIN}/initdb`, ['-D', data, '-U', 'todo', '--pwfile', pwfile, '--auth=scram-sha-256', '-E', 'UTF8']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const start = asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}${start.stdout}`);
  }, 60_000);

  afterAll(() => {
    if (!dir) return;
    asPostgres(`${BIN}/pg_ctl`, ['-D', path.join(dir, 'data'), '-m', 'immediate', 'stop']);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const [, , script] = waitForDatabaseCommand({ urlVar: 'DATABASE_URL', expectedHost: '127.0.0.1', showable: ['127.0.0.1', 'todo', 'postgres'] });
  const run = (url: string) => spawnSync('sh', ['-c', script], { env: { PATH: process.env.PATH, DATABASE_URL: url, PGCONNECT_TIMEOUT: '3' }, timeout: 15_000, encoding: 'utf8' });

  test('the app\'s own login passes', () => {
    const r = run(`postgresql://todo:right-password@127.0.0.1:${PORT}/postgres`);
    expect({ status: r.status, stdout: r.stdout.trim() }).toEqual({ status: 0, stdout: 'database accepts the login' });
  });

  test('a wrong password stops the pod at once with the server\'s message, and no password', () => {
    const r = run(`postgresql://todo:wrong-password@127.0.0.1:${PORT}/postgres`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('password authentication failed for user "todo"');
    expect(r.stderr + r.stdout).not.toContain('wrong-password');
  });

  test('a database that does not exist stops it too, named when it is the expected one', () => {
    const r = run(`postgresql://todo:right-password@127.0.0.1:${PORT}/todo`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('database "todo" does not exist');
  });

  test('libpq params such as sslmode are honoured (sslmode=require against a server without TLS fails, not waits)', () => {
    const r = run(`postgresql://todo:right-password@127.0.0.1:${PORT}/postgres?sslmode=require`);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SSL/);
  });
});
