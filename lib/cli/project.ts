import * as path from 'path';
import { formatViolations } from '../checks/violation';
import { spawnSync } from 'child_process';
import { ValidatorHandle, VALIDATOR_BUILD_COMMAND, VALIDATOR_NOT_INSTALLED, defaultLocateOptions, findValidator, startValidator } from '../checks/apiserver';
import { applyImagesLock } from '../images/apply-lock';
import { loadImagesLock } from '../images/lock';
import { noLockWarning } from '../images/no-lock-warning';
import { loadConfig } from '../model/settings/load';
import { TodoConfig } from '../model/settings/types';
import { Publication } from '../pipeline/output';
import { PipelineOptions, runPipeline } from '../pipeline/run';
import { Synthesis } from '../pipeline/synthesize';
import { AppSource, buildAppFrom, buildFunction } from './app-module';
import { ConfigFlags } from './args';
import { Output } from './output';

/** What a command knows about where it runs. */
export interface CommandContext {
  /** The project's root: main.ts, profiles/, the images lock, dist/. */
  readonly root: string;
  /** Where the user typed the command: relative paths they give resolve against it (npm's INIT_CWD). */
  readonly cwd: string;
  /** The environment, read here at the edge only (the layers below take options). */
  readonly env: NodeJS.ProcessEnv;
  readonly out: Output;
  /** The project's app (main.ts) as the launcher loaded it. */
  readonly app: AppSource;
}

/** Settings from the profile and values files, without the lock (what a build starts from). */
export function loadRawSettings(ctx: CommandContext, flags: ConfigFlags): TodoConfig {
  return loadConfig({ profile: flags.profile, valuesFiles: flags.valuesFiles, cwd: ctx.cwd });
}

/** How to pin images. */
export interface PinOptions {
  /** The registry deploy pushed to: the manifests run the digests recorded there. @default - the local tags */
  readonly registry?: string;
  /** Say when no lock exists and the settings run images no cluster has. @default true */
  readonly warnWithoutLock?: boolean;
}

/** Settings with images pinned to what the images lock records. */
export function pinImages(ctx: CommandContext, config: TodoConfig, options: PinOptions = {}): TodoConfig {
  const { file, lock } = loadImagesLock(ctx.root, ctx.env, config.instance);
  if (!lock && options.warnWithoutLock !== false) {
    const warning = noLockWarning(config, file, ctx.cwd);
    if (warning) ctx.out.say(warning);
  }
  return applyImagesLock(config, lock, path.relative(ctx.root, file) || file, { registry: options.registry, warn: ctx.out.say });
}

/** What synthesizing the project gave. */
export interface ProjectSynthesis {
  /** The settings main.ts was given. */
  readonly settings: TodoConfig;
  readonly synthesis: Synthesis;
  /** What the pipeline wrote, when the command asked for output. */
  readonly publication?: Publication;
}

/** Options of synthesizeProject. */
export interface SynthesizeProjectOptions extends PinOptions {
  /** Run the synth-time checks. @default true */
  readonly checks?: boolean;
  /** Write the result (synth, chart). @default - nothing written */
  readonly output?: PipelineOptions['output'];
}

/**
 * The steps every command that acts on the app shares: load the settings (profile, values
 * files, images lock) → build the app (main.ts) → run the pipeline. Warnings are printed; errors
 * thrown, each naming the field, file or object.
 */
export function synthesizeProject(ctx: CommandContext, flags: ConfigFlags, options: SynthesizeProjectOptions = {}): ProjectSynthesis {
  buildFunction(ctx.app); // a main.ts that does not load is the first thing to say
  const settings = pinImages(ctx, loadRawSettings(ctx, flags), options);
  return synthesizeSettings(ctx, settings, options);
}

/** Where this tool's own files are (validator/, .ci/cluster-versions): the checkout lib/ is in. */
const TOOL_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The API server's validation of this project's Kubernetes version, started on its own thread
 * (it gets ready while the app is built); undefined, after one line saying how to get it, when
 * `npm run validator` has not built it on this machine.
 */
export function apiServerValidation(ctx: CommandContext): ValidatorHandle | undefined {
  const handle = findValidator(defaultLocateOptions(TOOL_ROOT, ctx.env));
  if (!handle) {
    ctx.out.say(`Note: ${VALIDATOR_NOT_INSTALLED}; the checks that go beyond the server ran.`);
    return undefined;
  }
  startValidator(handle);
  return handle;
}

/**
 * Builds the API server's validation when this machine has none yet (deploy does, as it builds
 * the images): `validator/build` with the local Go, or in the Docker Engine. A build that fails
 * is said in one line; the deploy goes on with the checks that remain and the cluster's dry run.
 */
export function ensureApiServerValidation(ctx: CommandContext): void {
  const options = defaultLocateOptions(TOOL_ROOT, ctx.env);
  if (findValidator(options)) return;
  ctx.out.say(`deploy: building the API server's validation for Kubernetes ${options.kubeVersion} (once per version; \`${VALIDATOR_BUILD_COMMAND}\` does the same)`);
  const build = spawnSync('bash', [path.join(TOOL_ROOT, 'validator', 'build')], { env: ctx.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (build.status !== 0) {
    const last = (build.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    ctx.out.say(`deploy: the validator did not build (${last || build.error?.message || `exit ${build.status}`}); going on without it`);
  }
}

/** Builds the app from given settings and runs the pipeline (deploy pins the images itself). */
export function synthesizeSettings(ctx: CommandContext, settings: TodoConfig, options: { checks?: boolean; definitions?: readonly object[]; output?: PipelineOptions['output'] } = {}): ProjectSynthesis {
  const apiServer = options.checks === false ? undefined : apiServerValidation(ctx);
  const app = buildAppFrom(ctx.app, settings);
  const { synthesis, publication } = runPipeline(app, { settings, root: ctx.root, checks: options.checks, apiServer, definitions: options.definitions, output: options.output });
  if (synthesis.warnings.length > 0) ctx.out.say(warningsText(synthesis.warnings));
  return { settings, synthesis, publication };
}

function warningsText(warnings: Synthesis['warnings']): string {
  const n = warnings.length;
  return `Warning: ${n} thing${n === 1 ? '' : 's'} in the manifests may not be what you meant:\n${formatViolations(warnings)}`;
}
