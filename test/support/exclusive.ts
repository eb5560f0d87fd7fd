/**
 * Jest setupFilesAfterEnv: a file that needs the node or the kwok cluster (test/support/test-groups.js)
 * takes that lock before its own beforeAll and gives it back after its tests, so jest's second
 * worker never runs two such files at once. A lock is a directory holding its owner's pid; one
 * whose owner died is taken over.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { locksOf } = require('./test-groups') as { locksOf: (file: string) => ('node' | 'cluster')[] };

const LOCK_DIR = path.join(os.tmpdir(), `todo-k8s-test-locks-${process.getuid?.() ?? 0}`);
/** Longer than any file runs: a lock is waited for, never skipped. */
const WAIT_MS = 3 * 60 * 60 * 1000;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function acquire(name: string): Promise<void> {
  const dir = path.join(LOCK_DIR, name);
  fs.mkdirSync(LOCK_DIR, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(fs.existsSync(path.join(dir, 'pid')) ? fs.readFileSync(path.join(dir, 'pid'), 'utf8') : NaN);
    // An owner that died (a killed run) holds nothing; a lock still being written (no pid yet) is waited for.
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) fs.rmSync(dir, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function release(name: string): void {
  const dir = path.join(LOCK_DIR, name);
  const pidFile = path.join(dir, 'pid');
  if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') === String(process.pid)) fs.rmSync(dir, { recursive: true, force: true });
}

const testPath = expect.getState().testPath;
const locks = testPath ? locksOf(testPath) : [];
if (locks.length > 0) {
  beforeAll(async () => {
    for (const name of locks) await acquire(name);
  }, WAIT_MS);
  afterAll(() => {
    for (const name of [...locks].reverse()) release(name);
  });
}
