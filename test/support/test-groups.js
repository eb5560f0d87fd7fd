// @ts-check
'use strict';
/**
 * Which shared resources a test file holds alone while it runs, from its `// Needs:` line (first
 * 30 lines, as test/support/services.ts reads it). `npm test` runs two jest workers: a file that
 * builds images or runs pods (the Docker Engine, the real node, Dapr, the mirror) never runs beside
 * another such file, nor a kwok-cluster file beside another (some install cluster-wide objects);
 * the rest (unit, commands, validator) fills the other worker.
 */
const fs = require('fs');

/** Services whose files take the `node` lock: CPU-bound builds and pods on one 2-core node. */
const NODE = ['docker', 'real-node', 'dapr', 'mirror', 'postgres'];

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
 * @returns {('node' | 'cluster')[]}
 */
function locksOf(file) {
  const needs = needsOf(file);
  /** @type {('node' | 'cluster')[]} */
  const locks = [];
  if (needs.some((n) => NODE.includes(n))) locks.push('node');
  if (needs.includes('cluster')) locks.push('cluster');
  return locks;
}

module.exports = { locksOf, needsOf };
