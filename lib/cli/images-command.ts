import * as fs from 'fs';
import * as path from 'path';
import { appChecksPreflight, ALLOW_FLAG } from '../app-checks';
import { COMPONENTS, ComponentName, IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { buildAll } from '../images/build-all';
import { connectDocker, DEADLINE_ENV } from '../images/docker-endpoint';
import { DEFAULT_ENGINE_DEADLINES } from '../images/engine-call';
import { lockFilePath } from '../images/lock';
import { buildArgChanges, planProjectImages, previousLock } from '../images/project-build';
import { createProgressReporter, formatBuiltImage, wantsLiveProgress } from '../images/progress-reporter';
import { quote } from '../util/quote';
import { UsageError } from '../util/explained-error';
import { CommandSpec, flagValue, keyValues, listValue, parseCommand, stringValue } from './args';
import { reportFailure } from './errors';
import { instancesOf } from '../pipeline/synthesize';
import { CommandContext, loadRawSettings, synthesizeSettings } from './project';
import { SOURCE_DIR_OPTIONS, sourceDirFlags } from './source-dirs';

export const KIND_CLUSTER_ENV = 'TODO_KIND_CLUSTER';

/** `--allow-app-check ID`, as images and check-app take it. */
export const ALLOW_OPTION = { [ALLOW_FLAG.slice(2)]: { type: 'string', multiple: true, placeholder: 'ID', help: "let this app check's error pass (or appChecks.allow in the settings)" } } as const;

export const IMAGES: CommandSpec = {
  name: 'images',
  summary: [
    'Builds the backend and frontend images into the Docker Engine that DOCKER_HOST names',
    '(default: the local socket; minikube: eval $(minikube docker-env)) and writes images.lock.json.',
    `Environment: TODO_IMAGES_LOCK (lock file path), DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,`,
    `${DEADLINE_ENV.requestMs}=<seconds> (each engine request, default ${DEFAULT_ENGINE_DEADLINES.requestMs / 1000}), ${DEADLINE_ENV.idleMs}=<seconds> (longest a pull or build may move no byte, default ${DEFAULT_ENGINE_DEADLINES.idleMs / 1000}), CI (plain progress lines).`,
  ].join('\n'),
  configFlags: true,
  options: {
    ...SOURCE_DIR_OPTIONS,
    'build-arg': { type: 'string', multiple: true, placeholder: 'NAME=VALUE', help: `a build argument for this run, over images.<component>.buildArgs, e.g. ${COMPONENTS.map((c) => `${IMAGE_CONTRACTS[c].baseImageArg}=...`).join(' or ')}` },
    only: { type: 'string', multiple: true, placeholder: 'backend|frontend', help: "build only this image; the lock keeps the other's entry as it was" },
    'kind-cluster': { type: 'string', placeholder: 'NAME', help: `load the images into this kind cluster (env ${KIND_CLUSTER_ENV})` },
    'no-cache': { type: 'boolean', help: 'rebuild every step' },
    verbose: { type: 'boolean', help: 'print all build output (plain line mode)' },
    ...ALLOW_OPTION,
  },
};

/** `npm run images`: the app-source checks, both images, the lock; says what it built. */
export async function runImages(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const args = parseCommand(IMAGES, argv, ctx);
  if (!args) return 0;
  let lockFile: string | undefined;
  try {
    const only = parseOnly(listValue(args, 'only'));
    const kindCluster = stringValue(args, 'kind-cluster') || ctx.env[KIND_CLUSTER_ENV] || undefined;
    // The app first (settings → main.ts → the pipeline and its checks), as every command: what
    // synth would refuse stops here, before minutes of building, and the images are those of the
    // settings the app's instance was built with (main.ts may change them).
    // Not pinned: this command writes the lock, which may be missing or broken.
    const settings = loadRawSettings(ctx, args.config);
    const config = instancesOf(synthesizeSettings(ctx, settings).synthesis, settings)[0];
    const buildArgs = keyValues(IMAGES, args, 'build-arg');
    // Sources from the flags, env or settings; what they are, detected; build arguments of settings and flags.
    const { plans, services, sourceDirs, serviceDirs } = planProjectImages({
      config, root: ctx.root, sourceDirFlags: sourceDirFlags(args), buildArgs, noCache: flagValue(args, 'no-cache'), env: { ...ctx.env, INIT_CWD: ctx.cwd },
    });
    // Each instance has its own lock: building staging never overwrites production's.
    lockFile = lockFilePath(ctx.root, ctx.env, config.instance);
    for (const change of buildArgChanges(previousLock(lockFile), plans, config, buildArgs, services)) ctx.out.print(change);
    const verbose = flagValue(args, 'verbose');
    const reporter = createProgressReporter(ctx.out.streams.results, { live: !verbose && wantsLiveProgress(ctx.out.streams.results, ctx.env), verbose });
    ctx.out.print(`Building ${only ? `the ${only} image` : 'images'} for profile "${config.profile}"`);
    const result = await buildAll({
      docker: connectDocker(ctx.env),
      plans,
      services,
      lockFile,
      only,
      kind: kindCluster ? { cluster: kindCluster } : undefined,
      // The app-source checks, before the first build step: what would build but fail in the cluster stops here.
      preflight: appChecksPreflight({ config, sourceDirs, serviceDirs, allow: listValue(args, ALLOW_FLAG.slice(2)), only, log: ctx.out.print }),
      onProgress: reporter.onProgress,
    });
    const built = [...Object.values(result.images), ...Object.values(result.migrations), ...Object.values(result.services ?? {})];
    ctx.out.print(`\nBuilt ${built.length} image${built.length === 1 ? '' : 's'}:`);
    for (const image of built) ctx.out.print(`  ${image!.name.padEnd(16)} ${formatBuiltImage(image!)}`);
    for (const c of COMPONENTS.filter((c) => !result.images[c])) ctx.out.print(`  ${c.padEnd(16)} kept from the lock: ${result.lock.images[c].reference}`);
    if (kindCluster) ctx.out.print(`Loaded into kind cluster "${kindCluster}".`);
    ctx.out.print(`Wrote ${lockFile}; \`npm run synth\` with the same profile and values files deploys these references.`);
    return 0;
  } catch (err) {
    const file = lockFile ?? lockFilePath(ctx.root, ctx.env);
    ctx.out.say(`\nnpm run images failed; ${path.relative(ctx.cwd, file) || file} ${fs.existsSync(file) ? 'was left as it was' : 'was not written'}.\n`);
    return reportFailure(ctx.out.say, err);
  }
}

/** `--only`'s value, given once, as a component name. */
function parseOnly(given: readonly string[]): ComponentName | undefined {
  if (given.length === 0) return undefined;
  const allowed = `one of ${COMPONENTS.join(', ')}`;
  if (given.length > 1) throw new UsageError(`npm run images: --only was given ${given.length} times (${given.map(quote).join(', ')}); allowed: once, ${allowed} (without --only both are built)`);
  if (!(COMPONENTS as readonly string[]).includes(given[0])) throw new UsageError(`npm run images: --only ${quote(given[0])}: unknown image; allowed: ${allowed}`);
  return given[0] as ComponentName;
}
