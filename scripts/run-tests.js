#!/usr/bin/env node
// `npm test` (after tsc): every test file, in two jest processes side by side (test/support/test-files.js
// lanesOf): the files that take the node lock back to back, the rest beside them. Each lane's lines
// are prefixed with its name; the run ends with both lanes' totals and fails when either fails.
// `npm test -- <jest args>` runs one jest with those arguments instead, as before.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { testFiles, lanesOf } = require('../test/support/test-files');
const { removeEmptyOutdirs } = require('../test/support/outdirs');

const root = path.resolve(__dirname, '..');
const jestBin = require.resolve('jest/bin/jest');
const args = process.argv.slice(2);

/**
 * Runs one jest; with a lane name, its output lines carry the name and its results go to a JSON file.
 * @param {string[]} jestArgs
 * @param {string} [lane]
 * @returns {Promise<number>} the exit code
 */
function runJest(jestArgs, lane) {
  return new Promise((resolve) => {
    const env = lane ? { ...process.env, TODO_K8S_TEST_LANE: lane } : process.env;
    const child = spawn(process.execPath, [jestBin, ...jestArgs], { cwd: root, env, stdio: lane ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (lane) {
      for (const stream of [child.stdout, child.stderr]) {
        const out = stream === child.stdout ? process.stdout : process.stderr;
        readline.createInterface({ input: stream }).on('line', (line) => out.write(`${lane.padEnd(5)} | ${line}\n`));
      }
    }
    const started = Date.now();
    child.on('close', (code, signal) => {
      const exit = code ?? (signal ? 1 : 0);
      if (lane) console.log(`${lane.padEnd(5)} | lane ended after ${Math.round((Date.now() - started) / 1000)} s, exit ${exit}`);
      resolve(exit);
    });
  });
}

/** @param {string} file */
function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function runLanes() {
  const started = Date.now();
  const lanes = lanesOf(testFiles(path.join(root, 'test')));
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-test-results-'));
  const names = /** @type {const} */ (['node', 'other']);
  const codes = await Promise.all(
    names.map((lane) => {
      const files = lanes[lane].map((f) => path.relative(root, f));
      const outputFile = path.join(resultsDir, `${lane}.json`);
      return runJest(['--maxWorkers=1', '--json', `--outputFile=${outputFile}`, '--runTestsByPath', ...files], lane);
    }),
  );
  removeEmptyOutdirs(started);
  const totals = { suites: 0, failedSuites: 0, tests: 0, failedTests: 0 };
  for (const lane of names) {
    const r = readResults(path.join(resultsDir, `${lane}.json`));
    if (!r) continue;
    totals.suites += r.numTotalTestSuites;
    totals.failedSuites += r.numFailedTestSuites + r.numRuntimeErrorTestSuites;
    totals.tests += r.numTotalTests;
    totals.failedTests += r.numFailedTests;
  }
  fs.rmSync(resultsDir, { recursive: true, force: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  const failed = codes.some((c) => c !== 0);
  console.log(
    `npm test: ${totals.suites} suites (${totals.failedSuites} failed), ${totals.tests} tests (${totals.failedTests} failed) in ${seconds} s; ` +
      names.map((lane, i) => `${lane} lane exit ${codes[i]}`).join(', '),
  );
  process.exitCode = failed ? 1 : 0;
}

if (args.length > 0) runJest(args).then((code) => (process.exitCode = code));
else runLanes();
