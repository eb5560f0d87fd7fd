// @ts-check
'use strict';
/**
 * Which shared resources a test file holds alone while it runs, from its `// Needs:` line (first
 * 30 lines, as test/support/services.ts reads it), however jest is started: a file that runs pods
 * on the real node (or builds the app's images for it) never runs beside another such file, a file
 * that only builds small images beside another of its kind, nor a kwok-cluster file beside another
 * (some install cluster-wide objects). `npm test` runs the node's files in a lane of their own
 * (test/support/test-files.js).
 */
const fs = require('fs');

/** Services whose files take the `node` lock: pods on the real node, and the app's images built for it. */
const NODE = ['real-node', 'dapr', 'mirror'];
/**
 * Services whose other files take the `docker` lock: image builds of the tests' own small images,
 * one at a time, beside (not instead of) one node file.
 */
const DOCKER = ['docker', 'postgres'];

/**
 * The services a file declares with `// Needs: ...` (first 30 lines).
 * @param {string} file
 * @returns {string[]}
 */
function needsOf(file) {
  const head = fs.readFileSync(file, 'utf8').split('\n').slice(0, 30).join('\n');
  const line = /^\/\/ Needs: (.+)$/m.exec(head);
  return line ? line[1].replace(/\(.*\)/, '').split(',').map((s) => s.trim()) : [];
}

/**
 * The locks a file takes, in the one order every file takes them (no deadlock).
 * @param {string} file
 * @returns {('node' | 'docker' | 'cluster')[]}
 */
function locksOf(file) {
  const needs = needsOf(file);
  /** @type {('node' | 'docker' | 'cluster')[]} */
  const locks = [];
  if (needs.some((n) => NODE.includes(n))) locks.push('node');
  else if (needs.some((n) => DOCKER.includes(n))) locks.push('docker');
  if (needs.includes('cluster')) locks.push('cluster');
  return locks;
}

module.exports = { locksOf, needsOf };
