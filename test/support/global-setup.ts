/**
 * Jest globalSetup: before any test runs, the services the selected test files declare
 * (`// Needs: docker, postgres`) are probed once. A missing one is reported in one line saying
 * how to start it, and the run stops there, instead of every test that needs it failing alone.
 */
import type { Config } from '@jest/types';
import { serviceProblem, ServiceName, servicesNeededBy } from './services';
import { testFiles } from './test-files';

export default async function globalSetup(globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): Promise<void> {
  // Read by global-teardown.ts (jest shares globals between the two): what this run made.
  (globalThis as { todoK8sTestRunStarted?: number }).todoK8sTestRunStarted = Date.now();
  const selected = globalConfig.testPathPatterns.toExecutor({ rootDir: projectConfig.rootDir });
  const needed = new Map<ServiceName, number>();
  for (const root of projectConfig.roots) {
    for (const file of testFiles(root)) {
      if (selected.isSet() && !selected.isMatch(file)) continue;
      for (const service of servicesNeededBy(file)) needed.set(service, (needed.get(service) ?? 0) + 1);
    }
  }
  const problems: string[] = [];
  for (const [service, files] of needed) {
    const problem = await serviceProblem(service);
    if (problem) problems.push(`${files} test file${files === 1 ? '' : 's'} need${files === 1 ? 's' : ''} it: ${problem}`);
  }
  if (problems.length > 0) {
    console.error(`\nnpm test stopped before running any test:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
}
