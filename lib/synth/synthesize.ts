import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { CheckError, checkManifests } from '../checks';
import { loadConfig } from '../config/load';
import { applyImagesLock } from '../images/apply-lock';
import { lockFilePath, readImagesLock } from '../images/lock';
import { TodoChart } from '../todo-chart';
import { publishDirectory } from './publish-dir';

/** Where and from what to synthesize. */
export interface SynthesizeOptions {
  /** Scratch directory the app writes into first. */
  readonly stagingDir: string;
  /** Directory the manifests are published to, replaced as a whole or not at all. */
  readonly outDir: string;
  /** Environment: TODO_PROFILE selects the profile, TODO_IMAGES_LOCK the lock file. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Loads and checks the configuration, pins images from the lock file, synthesizes the chart
 * into the staging directory and only then publishes it. Any error leaves `outDir` untouched.
 * Returns the published manifest paths.
 */
export function synthesize(options: SynthesizeOptions): string[] {
  const config = loadConfig({ env: options.env });
  // The same file `npm run images` writes: both run from the project root.
  const lockFile = lockFilePath(process.cwd(), options.env);
  const resolved = applyImagesLock(config, readImagesLock(lockFile), lockFile);

  fs.rmSync(options.stagingDir, { recursive: true, force: true });
  const app = new App({ outdir: options.stagingDir });
  new TodoChart(app, resolved.instance, { config: resolved });
  app.synth();

  // --- synth-time checks (lib/checks): over every chart in the app, user additions included.
  // A violation throws before publishing, so dist/ is left as it was.
  const violations = checkManifests(app.charts.flatMap((chart) => chart.toJson()), resolved);
  if (violations.length > 0) throw new CheckError(violations);
  // --- end of checks

  publishDirectory(options.stagingDir, options.outDir);
  return fs.readdirSync(options.outDir).map((f) => path.join(options.outDir, f));
}
