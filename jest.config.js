/** @type {import('jest').Config} */
module.exports = {
  // Jest's node environment, holding the node or kwok-cluster lock a file needs (test/support/locked-environment.js).
  testEnvironment: '<rootDir>/test/support/locked-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Snapshots live in the top-level __snapshots__/ the cdk8s app layout expects.
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
  // The Docker tests build real images; give them room on a 2-core machine.
  testTimeout: 120000,
  // Test files declaring `// Needs: docker` or `postgres` stop the run in one line when it is not there.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Removes the empty cdk8s.outdir.* directories cdk8s's Testing.app() leaves in the temp directory.
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // A passing test prints nothing but the summary: console output fails the test that made it.
  // Files that build images or run pods hold the node one at a time, kwok cluster files the
  // cluster, from before the file loads until after its cleanup. `npx jest`: two workers on 2 cores;
  // `npm test` runs two one-worker jests instead, one for the node's files (scripts/run-tests.js).
  setupFilesAfterEnv: ['<rootDir>/test/support/console-guard.ts'],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  maxWorkers: 2,
};
