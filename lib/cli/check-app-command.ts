import { APP_CHECKS, ALLOW_FLAG, formatAppCheckReport, runAppChecks, sourceDirProblems } from '../app-checks';
import { contractBuildSpecs } from '../model/contract/component-specs';
import { resolveServiceDirs } from '../app-checks/shape-detect';
import { ExplainedError } from '../util/explained-error';
import { CommandSpec, flagValue, listValue, parseCommand } from './args';
import { CommandContext, loadRawSettings } from './project';
import { ALLOW_OPTION } from './images-command';
import { SOURCE_DIR_ENV, SOURCE_DIR_OPTIONS, sourceDirsFor } from './source-dirs';

export const CHECK_APP: CommandSpec = {
  name: 'check-app',
  summary: [
    "Checks the app's sources against the settings before anything is built: what would build but",
    'fail in the cluster is an error, what works but surprises a warning. Builds nothing: these are',
    'the checks `npm run images` runs before its first build step.',
  ].join('\n'),
  configFlags: true,
  options: { ...SOURCE_DIR_OPTIONS, ...ALLOW_OPTION, list: { type: 'boolean', help: 'list the checks and their ids' } },
};

/** `npm run check-app`: exit 0 when nothing stops a build (warnings are printed), 1 otherwise. */
export async function runCheckApp(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const args = parseCommand(CHECK_APP, argv, ctx);
  if (!args) return 0;
  if (flagValue(args, 'list')) {
    for (const check of APP_CHECKS) ctx.out.print(`${check.id.padEnd(30)} ${check.severity.padEnd(8)} ${check.summary}`);
    return 0;
  }
  const config = loadRawSettings(ctx, args.config);
  const dirs = sourceDirsFor(ctx, args, config);
  // What the build would refuse (no such directory, no dependency manifest) is refused here too.
  const problems = sourceDirProblems(dirs, contractBuildSpecs(ctx.root), {
    backend: { flag: '--backend-dir', env: SOURCE_DIR_ENV.backend },
    frontend: { flag: '--frontend-dir', env: SOURCE_DIR_ENV.frontend },
  });
  if (problems.length) throw new ExplainedError(problems.join('\n\n'));
  const report = runAppChecks({ config, frontendDir: dirs.frontend, backendDir: dirs.backend, allow: listValue(args, ALLOW_FLAG.slice(2)), serviceDirs: resolveServiceDirs(config, ctx.root) });
  if (report.errors.length) {
    ctx.out.say(formatAppCheckReport(report, 'check-app'));
    return 1;
  }
  ctx.out.print(formatAppCheckReport(report));
  return 0;
}
