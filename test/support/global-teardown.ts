/**
 * Jest globalTeardown: removes the empty `cdk8s.outdir.*` directories this run made
 * (test/support/outdirs.js). Under scripts/run-tests.js the runner does it once both lanes have
 * ended, so that one lane's end never removes a directory the other is about to write into.
 */
import { removeEmptyOutdirs } from './outdirs';

export default async function globalTeardown(): Promise<void> {
  if (process.env.TODO_K8S_TEST_LANE) return;
  removeEmptyOutdirs((globalThis as { todoK8sTestRunStarted?: number }).todoK8sTestRunStarted ?? Date.now());
}
