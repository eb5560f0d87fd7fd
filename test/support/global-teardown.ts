/**
 * Jest globalTeardown: cdk8s's `Testing.app()` makes a `cdk8s.outdir.*` directory under the
 * temp directory for every app and never removes it (thousands per run). After the last test,
 * those this run made and left empty are removed; anything with content, or older than the run, stays.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { todoK8sTestRunStarted?: number }).todoK8sTestRunStarted ?? Date.now();
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith('cdk8s.outdir.')) continue;
    const dir = path.join(tmp, name);
    try {
      // Whole seconds: a file system may keep coarser times than Date.now().
      if (fs.statSync(dir).birthtimeMs >= started - 1000 && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    } catch {
      // gone already, or not ours to read
    }
  }
}
