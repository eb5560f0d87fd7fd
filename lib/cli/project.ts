import * as path from 'path';
import { formatViolations } from '../checks/violation';
import { applyImagesLock } from '../images/apply-lock';
import { loadImagesLock } from '../images/lock';
import { noLockWarning } from '../images/no-lock-warning';
import { loadConfig } from '../model/settings/load';
import { TodoConfig } from '../model/settings/types';
import { Synthesis, synthesize } from '../pipeline/synthesize';
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
  return applyImagesLock(config, lock, path.relative(ctx.root, file) || file, { registry: options.registry });
}

/** What synthesizing the project gave. */
export interface ProjectSynthesis {
  /** The settings main.ts was given. */
  readonly settings: TodoConfig;
  readonly synthesis: Synthesis;
}

/** Options of synthesizeProject. */
export interface SynthesizeProjectOptions extends PinOptions {
  /** Run the synth-time checks. @default true */
  readonly checks?: boolean;
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

/** Builds the app from given settings and runs the pipeline (deploy pins the images itself). */
export function synthesizeSettings(ctx: CommandContext, settings: TodoConfig, options: { checks?: boolean } = {}): ProjectSynthesis {
  const app = buildAppFrom(ctx.app, settings);
  const synthesis = synthesize(app, { settings, root: ctx.root, checks: options.checks });
  if (synthesis.warnings.length > 0) ctx.out.say(warningsText(synthesis.warnings));
  return { settings, synthesis };
}

function warningsText(warnings: Synthesis['warnings']): string {
  const n = warnings.length;
  return `Warning: ${n} thing${n === 1 ? '' : 's'} in the manifests may not be what you meant:\n${formatViolations(warnings)}`;
}
