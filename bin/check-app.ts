/**
 * `npm run check-app`: the app-source checks `npm run images` runs before building, alone and
 * without Docker. Exit 0 when nothing stops a build (warnings are printed), 1 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { AppCheckError, APP_CHECKS, ALLOW_FLAG, UnknownAppCheckError, extractAllowFlags, formatAppCheckReport, runAppChecks } from '../lib/app-checks';
import { loadConfig } from '../lib/config/load';
import { ConfigError } from '../lib/config/validate';
import { SOURCE_DIR_ENV } from '../lib/images/cli-args';
import { UsageError } from '../lib/images/errors';

const PROJECT_ROOT = path.resolve(__dirname, '..');

const USAGE = `Usage: npm run check-app -- [options]

Checks the app's sources against the configuration (TODO_PROFILE) before anything is built:
what would build but fail in the cluster is an error, what works but surprises a warning.

Options:
  --backend-dir <dir>         backend source directory  (env TODO_BACKEND_DIR,  default ../backend)
  --frontend-dir <dir>        frontend source directory (env TODO_FRONTEND_DIR, default ../frontend)
  ${ALLOW_FLAG} <id>     let this check's error pass (repeatable; or appChecks.allow in the configuration)
  --list                      list the checks and their ids
  -h, --help                  show this help`;

function main(): number {
  const { allow, rest } = extractAllowFlags(process.argv.slice(2));
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        'backend-dir': { type: 'string' },
        'frontend-dir': { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
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
    // `npm run` moves to the project root; INIT_CWD is where the user typed the command.
    return given ? path.resolve(env.INIT_CWD || process.cwd(), given) : path.resolve(PROJECT_ROOT, '..', component);
  };
  const dirs = { frontend: sourceDir('frontend', values['frontend-dir']), backend: sourceDir('backend', values['backend-dir']) };
  for (const [component, dir] of Object.entries(dirs) as ['frontend' | 'backend', string][]) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new UsageError(`${component} source directory ${dir} does not exist.\nPoint at the ${component} sources with --${component}-dir <dir> or ${SOURCE_DIR_ENV[component]}=<dir>.`);
    }
  }
  const report = runAppChecks({ config: loadConfig(), frontendDir: dirs.frontend, backendDir: dirs.backend, allow });
  if (report.errors.length) throw new AppCheckError(report);
  console.log(formatAppCheckReport(report));
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  const known = err instanceof AppCheckError || err instanceof UnknownAppCheckError || err instanceof ConfigError || err instanceof UsageError;
  console.error(known ? (err as Error).message : err);
  process.exitCode = 1;
}
