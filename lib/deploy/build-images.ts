import * as path from 'path';
import { appChecksPreflight } from '../app-checks';
import { TodoConfig } from '../model/settings/types';
import { ComponentName } from '../model/contract/image-contract';
import { buildAll } from '../images/build-all';
import { SOURCE_DIR_ENV } from '../cli/images-options';
import { contractBuildSpecs } from '../images/component-specs';
import { connectDocker } from '../images/docker-endpoint';
import { lockFilePath } from '../images/lock';
import { planImageBuilds } from '../images/plan';
import { createProgressReporter, formatBuiltImage, wantsLiveProgress } from '../images/progress-reporter';

/** Where each component's sources are: the flag, else env TODO_<C>_DIR, else ../<component> beside the project (as `npm run images`). */
export function sourceDirsFor(root: string, flags: { backend?: string; frontend?: string }, env: NodeJS.ProcessEnv): Record<ComponentName, string> {
  const cwd = env.INIT_CWD || process.cwd();
  const dir = (c: ComponentName) => {
    const given = flags[c] || env[SOURCE_DIR_ENV[c]];
    return given ? path.resolve(cwd, given) : path.resolve(root, '..', c);
  };
  return { backend: dir('backend'), frontend: dir('frontend') };
}

/**
 * `npm run images`, as deploy's first step: the app-source checks, then both images from the
 * project's Dockerfiles against the user's Docker Engine, then the lock synth reads. An image
 * whose inputs did not change is the engine's existing one (nothing is sent or built). Progress
 * goes to stderr.
 */
export async function buildImagesForDeploy(config: TodoConfig, root: string, sourceDirs: Record<ComponentName, string>, env: NodeJS.ProcessEnv, log: (line: string) => void) {
  const docker = connectDocker(env);
  const plans = planImageBuilds({ config, specs: contractBuildSpecs(root), sourceDirs, baseImageOverrides: {}, noCache: false });
  const reporter = createProgressReporter(process.stderr, { live: wantsLiveProgress(process.stderr, env), verbose: false });
  const result = await buildAll({
    docker,
    plans,
    lockFile: lockFilePath(root, env, config.instance),
    preflight: appChecksPreflight({ config, sourceDirs, allow: [], log }),
    onProgress: reporter.onProgress,
  });
  const built = [...Object.values(result.images), ...Object.values(result.migrations)];
  for (const image of built) log(`  ${image!.name.padEnd(16)} ${formatBuiltImage(image!)}`);
  return { docker, lockFile: lockFilePath(root, env, config.instance) };
}
