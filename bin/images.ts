/**
 * `npm run images`: builds the backend and frontend images with dockerode and writes
 * images.lock.json. A thin CLI over lib/images/build-all.ts: parse, configure, build, report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALLOW_FLAG_USAGE, AppCheckError, AppSourceError, UnknownAppCheckError, appChecksPreflight, extractAllowFlags } from '../lib/app-checks';
import { ConfigError } from '../lib/model/settings/validate';
import { configFlagsEnv } from '../lib/cli/config-flags';
import { loadConfig } from '../lib/model/settings/load';
import { COMPONENTS } from '../lib/model/contract/image-contract';
import { buildAll } from '../lib/images/build-all';
import { SOURCE_DIR_ENV, USAGE, parseImagesArgs } from '../lib/cli/images-options';
import { contractBuildSpecs } from '../lib/images/component-specs';
import { connectDocker } from '../lib/images/docker-endpoint';
import { ImageBuildError, ImageBuildsFailedError, MissingInputError } from '../lib/images/errors';
import { LockFileError, lockFilePath } from '../lib/images/lock';
import { planImageBuilds } from '../lib/images/plan';
import { createProgressReporter, formatBuiltImage, wantsLiveProgress } from '../lib/images/progress-reporter';

const PROJECT_ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const { allow, rest } = extractAllowFlags(process.argv.slice(2));
  const args = parseImagesArgs(rest, process.env, PROJECT_ROOT);
  if (args.help) {
    console.log(`${USAGE}\n\n${ALLOW_FLAG_USAGE}`);
    return;
  }
  const config = loadConfig({ env: configFlagsEnv(args.config, process.env) });
  const plans = planImageBuilds({
    config,
    specs: contractBuildSpecs(PROJECT_ROOT),
    sourceDirs: args.sourceDirs,
    baseImageOverrides: args.baseImageOverrides,
    noCache: args.noCache,
  });
  // Each instance has its own lock: building staging never overwrites production's.
  const lockFile = lockFilePath(PROJECT_ROOT, process.env, config.instance);
  lockFileInUse = lockFile;
  const reporter = createProgressReporter(process.stdout, { live: !args.verbose && wantsLiveProgress(process.stdout), verbose: args.verbose });

  console.log(`Building ${args.only ? `the ${args.only} image` : 'images'} for profile "${config.profile}"`);
  const result = await buildAll({
    docker: connectDocker(),
    plans,
    lockFile,
    only: args.only,
    kind: args.kindCluster ? { cluster: args.kindCluster } : undefined,
    // The app-source checks, before the first build step: what would build but fail in the cluster stops here.
    preflight: appChecksPreflight({ config, sourceDirs: args.sourceDirs, allow, only: args.only }),
    onProgress: reporter.onProgress,
  });

  const built = [...Object.values(result.images), ...Object.values(result.migrations)];
  console.log(`\nBuilt ${built.length} image${built.length === 1 ? '' : 's'}:`);
  for (const image of built) console.log(`  ${image.name.padEnd(16)} ${formatBuiltImage(image)}`);
  const kept = COMPONENTS.filter((c) => !result.images[c]);
  for (const c of kept) console.log(`  ${c.padEnd(16)} kept from the lock: ${result.lock.images[c].reference}`);
  if (args.kindCluster) console.log(`Loaded into kind cluster "${args.kindCluster}".`);
  console.log(`Wrote ${lockFile}; \`npm run synth\` with the same profile and values files deploys these references.`);
}

/** The lock of the configuration's instance, once known. */
let lockFileInUse: string | undefined;

/** Expected failures print their message (they name what is wrong); anything else its stack. */
function explain(err: unknown): string {
  if (err instanceof ImageBuildsFailedError) return err.errors.map(explain).join('\n\n');
  if (err instanceof MissingInputError && err.what === 'build context directory') {
    const env = SOURCE_DIR_ENV[err.image as keyof typeof SOURCE_DIR_ENV];
    return `${err.message}\nPoint at the ${err.image} sources with --${err.image}-dir <dir> or ${env}=<dir>.`;
  }
  if (err instanceof ImageBuildError || err instanceof ConfigError || err instanceof LockFileError) return err.message;
  if (err instanceof AppCheckError || err instanceof UnknownAppCheckError || err instanceof AppSourceError) return err.message;
  return err instanceof Error ? err.stack ?? err.message : String(err);
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (err) => {
    const lockFile = lockFileInUse ?? lockFilePath(PROJECT_ROOT);
    const lockState = fs.existsSync(lockFile) ? 'was left as it was' : 'was not written';
    console.error(`\nnpm run images failed; ${lockFile} ${lockState}.\n\n${explain(err)}`);
    process.exitCode = 1;
  },
);
