import * as fs from 'fs';
import * as path from 'path';
import { configFlagsEnv } from './config-flags';
import { loadConfig } from '../model/settings/load';
import { readEnvFile } from '../secrets/env-file';
import { readApplySet } from '../deploy/applyset-members';
import { DeployCliOptions } from './deploy-options';
import { Kubectl } from '../deploy/kubectl';
import { redactorFor } from '../deploy/redact';
import { inspectRollout, progressLine } from '../deploy/rollout/wait-for-rollout';
import { kubectlLogReader, readClusterState } from '../deploy/rollout/read-state';
import { WORKLOAD_KINDS } from '../deploy/rollout/workload-progress';
import { runCli } from './run-command';
import { describeTarget } from '../deploy/target';
import { clusterTarget } from '../deploy/cluster-target';
import { diagnosisHints } from '../deploy/target-hints';

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `npm run status`: the deployed instance's rollout state and the diagnosis of every pod that is
 * not progressing, as deploy prints them, changing nothing. Exit 0 when every workload is
 * ready, 1 otherwise (scripts can wait on it).
 */
export async function runStatus(options: DeployCliOptions, root: string): Promise<number> {
  const config = loadConfig({ env: configFlagsEnv(options.config, process.env) });
  const kubectl = new Kubectl({ context: options.context });
  kubectl.checkVersion();
  const target = await clusterTarget(kubectl);
  const ns = config.namespace;
  const set = await readApplySet(kubectl, ns, config.instance);
  if (!set) {
    say(`Instance ${config.instance} is not deployed on ${describeTarget(target)}: namespace ${ns} has no configmaps/${config.instance}-applyset. Deploy it with: npm run deploy`);
    return 1;
  }
  // Log lines quoted in a diagnosis may print a credential: the .env's values are blanked.
  const envFile = options.envFile ? path.resolve(process.env.INIT_CWD || root, options.envFile) : path.join(root, '.env');
  const redact = redactorFor(fs.existsSync(envFile) ? readEnvFile(envFile).map((e) => e.value) : []);
  const workloads = set.objects.filter((o) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind)).map((o) => ({ kind: o.kind, name: o.metadata.name }));
  const state = await readClusterState(kubectl, ns);
  const { progress, diagnoses } = await inspectRollout(state, workloads, kubectlLogReader(kubectl, ns), diagnosisHints(target, config));
  say(`Instance ${config.instance} in namespace ${ns} on ${describeTarget(target)}:`);
  for (const p of progress) say(`  ${progressLine(p)}`);
  for (const d of diagnoses) for (const line of d) say(redact(`  ! ${line}`));
  const secret = (await kubectl.run(['get', 'secret', config.secretName, '-n', ns, '-o', 'name', '--ignore-not-found'])).stdout.trim();
  if (!secret) say(`  ! Secret ${ns}/${config.secretName} does not exist: npm run deploy creates it from .env`);
  const ok = progress.length === workloads.length && progress.every((p) => p.done);
  say(ok ? 'All workloads are ready.' : 'Not ready.');
  return ok ? 0 : 1;
}

/** `npm run status` (bin/status.js). */
export function runStatusCommand(argv: readonly string[], root: string = process.cwd()): Promise<number> {
  return runCli('status', argv, (options) => runStatus(options, root));
}
