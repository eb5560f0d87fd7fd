import { appChecksPreflight } from '../app-checks';
import { TodoConfig } from '../model/settings/types';
import { buildAll } from '../images/build-all';
import { connectDocker } from '../images/docker-endpoint';
import { lockFilePath } from '../images/lock';
import { buildArgChanges, planProjectImages, previousLock } from '../images/project-build';
import { createProgressReporter, formatBuiltImage, wantsLiveProgress } from '../images/progress-reporter';
import { Output } from './output';

/**
 * `npm run images`, as deploy's first step, through the same plan (lib/images/project-build.ts):
 * the sources the settings (or flags) name, what they are, the build arguments of the settings
 * and of `--build-arg`, the app-source checks, then the images against the user's Docker Engine,
 * then the lock synth reads. An image whose inputs did not change is the engine's existing one
 * (nothing is sent or built). A build argument that differs from the lock's is said first.
 * Progress goes to stderr.
 */
export async function buildImagesForDeploy(
  config: TodoConfig,
  root: string,
  sourceDirFlags: { backend?: string; frontend?: string },
  env: NodeJS.ProcessEnv,
  out: Output,
  buildArgs: Readonly<Record<string, string>> = {},
) {
  const log = (line: string) => out.say(line);
  const docker = connectDocker(env);
  const lockFile = lockFilePath(root, env, config.instance);
  const { plans, services, sourceDirs, serviceDirs } = planProjectImages({ config, root, sourceDirFlags, buildArgs, env });
  for (const change of buildArgChanges(previousLock(lockFile), plans, config, buildArgs, services)) log(`  ${change}`);
  const reporter = createProgressReporter(out.streams.progress, { live: wantsLiveProgress(out.streams.progress, env), verbose: false });
  const result = await buildAll({
    docker,
    plans,
    services,
    lockFile,
    preflight: appChecksPreflight({ config, sourceDirs, serviceDirs, allow: [], log }),
    onProgress: reporter.onProgress,
  });
  const built = [...Object.values(result.images), ...Object.values(result.migrations), ...Object.values(result.services ?? {})];
  for (const image of built) log(`  ${image!.name.padEnd(16)} ${formatBuiltImage(image!)}`);
  return { docker, lockFile };
}
