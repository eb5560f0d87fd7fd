import { execFileSync } from 'child_process';

/**
 * The PostgreSQL the end-to-end test runs against: Debian's `postgresql`, started by .ci/run
 * (`bash .ci/postgres`), reached over TCP with a password as the app reaches its database.
 * TODO_TEST_POSTGRES_URL points elsewhere (its role needs CREATEDB).
 */
export const ADMIN_URL = process.env.TODO_TEST_POSTGRES_URL || 'postgresql://todo_k8s_test:todo_k8s_test@127.0.0.1:5432/postgres';

function psql(url: string, sql: string): string {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Throws one line saying how to start PostgreSQL when it does not answer. */
export function requirePostgres(adminUrl = ADMIN_URL): void {
  try {
    psql(adminUrl, 'SELECT 1');
  } catch (err) {
    const detail = ((err as { stderr?: string }).stderr || (err as Error).message).trim().split('\n')[0];
    throw new Error(`PostgreSQL is not reachable at ${new URL(adminUrl).host} (${detail}): start it with \`bash .ci/postgres\` (Debian's postgresql; .ci/run does this)`);
  }
}

/** A fresh database for one test run; its URL, as a libpq `postgresql://` URL. */
export function createDatabase(name: string): string {
  psql(ADMIN_URL, `CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function dropDatabase(name: string): void {
  psql(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Public tables of a database, sorted. */
export function tables(url: string): string[] {
  return psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split('\n').filter(Boolean);
}
