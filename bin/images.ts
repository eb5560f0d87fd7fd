/**
 * `npm run images`: builds the backend and frontend images with dockerode and writes
 * images.lock.json. A thin CLI over lib/images/build-all.ts: parse, configure, build, report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../lib/config/validate';
import { loadConfig } from '../lib/config/load';
import { buildAll } from '../lib/images/build-all';
import { SOURCE_DIR_ENV, USAGE, parseImagesArgs } from '../lib/images/cli-args';
import { contractBuildSpecs } from '../lib/images/component-specs';
import { connectDocker } from '../lib/images/docker-endpoint';
import { ImageBuildError, ImageBuildsFailedError, MissingInputError } from '../lib/images/errors';
import { LockFileError, lockFilePath } from '../lib/images/lock';
import { planImageBuilds } from '../lib/images/plan';
import { createProgressReporter, formatBuiltImage, wantsLiveProgress } from '../lib/images/progress-reporter';

const PROJECT_ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const args = parseImagesArgs(process.argv.slice(2), process.env, PROJECT_ROOT);
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const plans = planImageBuilds({
    config,
    specs: contractBuildSpecs(PROJECT_ROOT),
    sourceDirs: args.sourceDirs,
    baseImageOverrides: args.baseImageOverrides,
    noCache: args.noCache,
  });
  const lockFile = lockFilePath(PROJECT_ROOT);
  const reporter = createProgressReporter(process.stdout, { live: !args.verbose && wantsLiveProgress(process.stdout), verbose: args.verbose });

  console.log(`Building images for profile "${config.profile}"`);
  const result = await buildAll({
    docker: connectDocker(),
    plans,
    lockFile,
    kind: args.kindCluster ? { cluster: args.kindCluster } : undefined,
    onProgress: reporter.onProgress,
  });

  console.log(`\nBuilt ${Object.keys(result.images).length} images:`);
  for (const image of Object.values(result.images)) console.log(`  ${image.name.padEnd(8)} ${formatBuiltImage(image)}`);
  if (args.kindCluster) console.log(`Loaded into kind cluster "${args.kindCluster}".`);
  console.log(`Wrote ${lockFile}; \`npm run synth\` deploys these references.`);
}

/** Expected failures print their message (they name what is wrong); anything else its stack. */
function explain(err: unknown): string {
  if (err instanceof ImageBuildsFailedError) return err.errors.map(explain).join('\n\n');
  if (err instanceof MissingInputError && err.what === 'build context directory') {
    const env = SOURCE_DIR_ENV[err.image as keyof typeof SOURCE_DIR_ENV];
    return `${err.message}\nPoint at the ${err.image} sources with --${err.image}-dir <dir> or ${env}=<dir>.`;
  }
  if (err instanceof ImageBuildError || err instanceof ConfigError || err instanceof LockFileError) return err.message;
  return err instanceof Error ? err.stack ?? err.message : String(err);
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (err) => {
    const lockFile = lockFilePath(PROJECT_ROOT);
    const lockState = fs.existsSync(lockFile) ? 'was left as it was' : 'was not written';
    console.error(`\nnpm run images failed; ${lockFile} ${lockState}.\n\n${explain(err)}`);
    process.exitCode = 1;
  },
);
