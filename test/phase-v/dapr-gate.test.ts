// Needs: real-node (probed once by test/support/global-setup.ts before any test runs)
/**
 * A test file that declares `// Needs: dapr` on a real node where `.ci/dapr up` never ran stops
 * the run before any test, in one line saying how to install Dapr (test/support/dapr.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clusterDir } from '../support/cluster';

const ROOT = path.resolve(__dirname, '..', '..');

test('Dapr never installed: one line naming its env file and `bash .ci/dapr up`; no test runs', () => {
  // The real node's env (it runs), in a directory without Dapr's.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-no-dapr-'));
  try {
    fs.copyFileSync(path.join(clusterDir('real'), 'env'), path.join(dir, 'env'));
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'test/phase-v/dapr-runtime.test.ts'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TODO_K8S_REAL_CLUSTER_DIR: dir },
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines).toEqual([
      `  - 1 test file needs it: Dapr's control plane was never installed on the real node's cluster (no ${dir}/dapr/env). Install it with \`bash .ci/dapr up\` (after \`bash .ci/cluster up --node real\`; it builds Dapr first: 700 s of CPU cold, 10-30 minutes on 2 cores), or \`bash .ci/run\`.`,
    ]);
    expect(run.stderr).not.toMatch(/●|Tests:/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
