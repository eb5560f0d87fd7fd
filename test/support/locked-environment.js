// @ts-check
'use strict';
/**
 * Jest's node environment, holding the locks a test file needs (test/support/test-groups.js) from
 * before the file loads until after its last afterAll: jest's second worker never runs two files
 * that need the node, nor two kwok files, at once, cleanups included. A lock is a directory
 * holding its owner's pid; one whose owner died is taken over. A file that needs Dapr first waits
 * while `.ci/dapr up` still builds or installs it (test/support/dapr-install.js).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { TestEnvironment } = require('jest-environment-node');
const { locksOf, needsOf } = require('./test-groups');
const { waitForDaprInstall } = require('./dapr-install');

const LOCK_DIR = path.join(os.tmpdir(), `todo-k8s-test-locks-${process.getuid ? process.getuid() : 0}`);

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/** @param {string} name */
async function acquire(name) {
  const dir = path.join(LOCK_DIR, name);
  const pidFile = path.join(dir, 'pid');
  fs.mkdirSync(LOCK_DIR, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(pidFile, String(process.pid));
      return;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    }
    const owner = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : NaN);
    // An owner that died (a killed run) holds nothing; a lock still being written (no pid yet) is waited for.
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) fs.rmSync(dir, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** @param {string} name */
function release(name) {
  const pidFile = path.join(LOCK_DIR, name, 'pid');
  if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') === String(process.pid)) fs.rmSync(path.dirname(pidFile), { recursive: true, force: true });
}

class LockedEnvironment extends TestEnvironment {
  /**
   * @param {ConstructorParameters<typeof TestEnvironment>[0]} config
   * @param {ConstructorParameters<typeof TestEnvironment>[1]} context
   */
  constructor(config, context) {
    super(config, context);
    this.locks = context.testPath ? locksOf(context.testPath) : [];
    this.needsDapr = context.testPath ? needsOf(context.testPath).includes('dapr') : false;
    this.testPath = context.testPath ? path.relative(config.globalConfig.rootDir, context.testPath) : undefined;
    /** @type {number | undefined} */
    this.started = undefined;
    this.waitedMs = 0;
  }

  async setup() {
    const asked = Date.now();
    // .ci/run builds Dapr beside the first tests; a file that needs it waits here, holding no lock.
    if (this.needsDapr) await waitForDaprInstall(60 * 60 * 1000);
    for (const name of this.locks) await acquire(name);
    this.started = Date.now();
    this.waitedMs = this.started - asked;
    await super.setup();
  }

  async teardown() {
    try {
      await super.teardown();
    } finally {
      for (const name of [...this.locks].reverse()) release(name);
      this.recordTimes();
    }
  }

  /**
   * With TODO_K8S_TEST_TIMES naming a file, one JSON line per test file: how long it waited for
   * Dapr and its locks, when it got them and how long it ran holding them (jest's own time counts
   * both), to see which files make the node's lane long.
   */
  recordTimes() {
    const file = process.env.TODO_K8S_TEST_TIMES;
    if (!file || this.started === undefined) return;
    const line = { file: this.testPath, lane: process.env.TODO_K8S_TEST_LANE, locks: this.locks, startedAt: new Date(this.started).toISOString(), waitedMs: this.waitedMs, ranMs: Date.now() - this.started };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
}

module.exports = LockedEnvironment;
