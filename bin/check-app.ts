/**
 * `npm run check-app`: the app-source checks `npm run images` runs before building, alone and
 * without Docker. Exit 0 when nothing stops a build (warnings are printed), 1 otherwise.
 */
import * as path from 'path';
import { AppCheckError, APP_CHECKS, ALLOW_FLAG, AppSourceError, UnknownAppCheckError, extractAllowFlags, formatAppCheckReport, runAppChecks, sourceDirProblems } from '../lib/app-checks';
import { configFlagsUsage, configFlagsEnv, parseCommandLine } from '../lib/cli/config-flags';
import { loadConfig, userCwd } from '../lib/model/settings/load';
import { ConfigError } from '../lib/model/settings/validate';
import { SOURCE_DIR_ENV } from '../lib/cli/images-options';
import { contractBuildSpecs } from '../lib/images/component-specs';
import { UsageError } from '../lib/images/errors';

const PROJECT_ROOT = path.resolve(__dirname, '..');

const USAGE = `Usage: npm run check-app -- [options]

Checks the app's sources against the configuration (TODO_PROFILE) before anything is built:
what would build but fail in the cluster is an error, what works but surprises a warning.
Builds nothing: it runs the checks \`npm run images\` runs before its first build step.

Options:
${configFlagsUsage(30)}
  --backend-dir <dir>         backend source directory  (env TODO_BACKEND_DIR,  default ../backend)
  --frontend-dir <dir>        frontend source directory (env TODO_FRONTEND_DIR, default ../frontend)
  ${ALLOW_FLAG} <id>      let this check's error pass (repeatable; or appChecks.allow in the configuration)
  --list                      list the checks and their ids
  -h, --help                  show this help`;

function main(): number {
  const { allow, rest } = extractAllowFlags(process.argv.slice(2));
  const { config: configFlags, values } = parseCommandLine(rest, process.env, {
    'backend-dir': { type: 'string' },
    'frontend-dir': { type: 'string' },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  }, (message) => new UsageError(`${message}\n\n${USAGE}`));
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    for (const check of APP_CHECKS) console.log(`${check.id.padEnd(30)} ${check.severity.padEnd(8)} ${check.summary}`);
    return 0;
  }
  const env = process.env;
  const sourceDir = (component: 'backend' | 'frontend', flag: string | undefined) => {
    const given = flag || env[SOURCE_DIR_ENV[component]];
    return given ? path.resolve(userCwd(env), given) : path.resolve(PROJECT_ROOT, '..', component);
  };
  const dirs = { frontend: sourceDir('frontend', values['frontend-dir']), backend: sourceDir('backend', values['backend-dir']) };
  // What the build would refuse (no such directory, no dependency manifest) is refused here too.
  const settings = {
    backend: { flag: '--backend-dir', env: SOURCE_DIR_ENV.backend },
    frontend: { flag: '--frontend-dir', env: SOURCE_DIR_ENV.frontend },
  };
  const problems = sourceDirProblems(dirs, contractBuildSpecs(PROJECT_ROOT), settings);
  if (problems.length) throw new UsageError(problems.join('\n\n'));
  const report = runAppChecks({ config: loadConfig({ env: configFlagsEnv(configFlags, env) }), frontendDir: dirs.frontend, backendDir: dirs.backend, allow });
  if (report.errors.length) throw new AppCheckError(report);
  console.log(formatAppCheckReport(report));
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  const known = err instanceof UnknownAppCheckError || err instanceof ConfigError || err instanceof UsageError || err instanceof AppSourceError;
  if (err instanceof AppCheckError) console.error(formatAppCheckReport(err.report, 'check-app'));
  else console.error(known ? (err as Error).message : err);
  process.exitCode = 1;
}
