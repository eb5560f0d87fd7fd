import { configFlagsEnv } from './config-flags';
import { loadConfig } from '../model/settings/load';
import { DeployCliOptions } from './deploy-options';
import { Kubectl } from '../deploy/kubectl';
import { runCli } from './run-command';
import { tearDown } from '../deploy/tear-down';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** `npm run down`: deletes the instance, keeping its data and Secret unless --delete-data; says what it kept. */
export async function runDown(options: DeployCliOptions): Promise<number> {
  const config = loadConfig({ env: configFlagsEnv(options.config, process.env) });
  const kubectl = new Kubectl({ context: options.context });
  kubectl.checkVersion();
  say(`down: instance ${config.instance} in namespace ${config.namespace}${options.deleteData ? ', with its data' : ''}`);
  const report = await tearDown(kubectl, config, options.deleteData, options.timeoutMs);
  if (report.nothingThere) {
    say(`down: nothing of instance ${config.instance} was found in namespace ${config.namespace}.`);
    return 0;
  }
  say(`down: deleted ${report.deleted.length}: ${report.deleted.join(', ') || 'nothing'}`);
  if (report.kept.length > 0) say(`down: kept ${report.kept.join(', ')}; the next deploy uses them again. Delete them too with: npm run down -- --delete-data`);
  return 0;
}

/** `npm run down` (bin/down.js). */
export function runDownCommand(argv: readonly string[]): Promise<number> {
  return runCli('down', argv, runDown);
}
