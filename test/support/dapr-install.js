// @ts-check
'use strict';
/**
 * Whether `bash .ci/dapr up` is still building or installing Dapr on the real node: .ci/run starts
 * it in the background with the tests, and it keeps `<real cluster dir>/dapr/installing` (its pid,
 * `bash .ci/dapr marker`)
 * until it ends. The test files that need Dapr wait for it (test/support/locked-environment.js);
 * the others run meanwhile. Plain JavaScript: the test environment reads it untransformed.
 */
const fs = require('fs');
const path = require('path');

const { REAL_CLUSTER_DIR } = require('./cluster-dirs');

const MARKER = path.join(REAL_CLUSTER_DIR, 'dapr', 'installing');

/** The pid of the `.ci/dapr up` that runs now; undefined when none does (a marker left by a killed one included). */
function daprInstallPid() {
  let pid;
  try {
    pid = Number(fs.readFileSync(MARKER, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM' ? pid : undefined;
  }
}

/**
 * Waits while `.ci/dapr up` runs (a cold build takes 10-30 minutes on 2 cores).
 * @param {number} timeoutMs
 * @returns {Promise<boolean>} whether one ran (and was waited for)
 */
async function waitForDaprInstall(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let waited = false;
  while (daprInstallPid() !== undefined) {
    if (Date.now() > deadline) throw new Error(`bash .ci/dapr up still runs after ${Math.round(timeoutMs / 60000)} minutes (pid in ${MARKER}); its log: /tmp/todo-k8s-dapr.log`);
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  return waited;
}

module.exports = { daprInstallPid, waitForDaprInstall, DAPR_INSTALL_MARKER: MARKER };
