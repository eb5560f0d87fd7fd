// @ts-check
'use strict';
/**
 * The project's test files, and the two lanes `npm test` runs them in (scripts/run-tests.js).
 * Plain JavaScript: the runner, the quick tier and jest's global setup all read it untransformed.
 */
const fs = require('fs');
const path = require('path');
const { locksOf } = require('./test-groups');

/**
 * Every `*.test.ts` under dir, fixtures' and node_modules' excluded.
 * @param {string} dir
 * @returns {string[]}
 */
function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'node_modules' ? [] : testFiles(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/**
 * The files that take the node lock (image builds, pods, Dapr: one at a time, minutes each) and
 * the rest. Each lane is one jest process with one worker, so the node's files run back to back
 * from the start while the other lane runs beside them; in one jest with two workers, a worker
 * that takes a node file while the other holds the node sits idle until it gets the lock.
 * @param {string[]} files
 * @returns {{ node: string[], other: string[] }}
 */
function lanesOf(files) {
  const node = files.filter((f) => locksOf(f).includes('node'));
  return { node, other: files.filter((f) => !node.includes(f)) };
}

module.exports = { testFiles, lanesOf };
