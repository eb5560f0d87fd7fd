// @ts-check
'use strict';
/**
 * The order jest's two workers take test files in: the longest `node` file first (it holds the
 * node lock for minutes), then every file that takes no node lock, longest first, so the second
 * worker always has one of those to run, then the other `node` files, and last those that need
 * Dapr (.ci/run builds Dapr while the others run). Jest's default order (slow and failed first)
 * would put every node file first and leave one worker waiting on the lock. In `npm test`'s lanes
 * (scripts/run-tests.js) the same order holds within each: the node lane runs its longest file
 * first and the Dapr files last.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { locksOf, needsOf } = require('./test-groups');

class LockAwareSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    const sorted = /** @type {import('@jest/test-result').Test[]} */ (super.sort(tests));
    const dapr = sorted.filter((t) => needsOf(t.path).includes('dapr'));
    const node = sorted.filter((t) => locksOf(t.path).includes('node') && !dapr.includes(t));
    const rest = sorted.filter((t) => !locksOf(t.path).includes('node') && !dapr.includes(t));
    return [...node.slice(0, 1), ...rest, ...node.slice(1), ...dapr];
  }
}

module.exports = LockAwareSequencer;
