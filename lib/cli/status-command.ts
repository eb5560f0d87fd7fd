import { clusterTarget } from '../deploy/cluster-target';
import { redactorFor } from '../deploy/redact';
import { instanceStatus } from '../deploy/status-action';
import { describeTarget } from '../deploy/target';
import { instancesOf } from '../pipeline/synthesize';
import { CommandSpec, parseCommand } from './args';
import { reportFailure } from './errors';
import { CommandContext, synthesizeProject } from './project';
import { CLUSTER_OPTIONS, envFileOf, kubectlFor } from './cluster-options';

export const STATUS: CommandSpec = {
  name: 'status',
  summary: 'Shows the rollout state and what is wrong, changing nothing (exit 0 when everything is ready).',
  configFlags: true,
  options: { context: CLUSTER_OPTIONS.context, 'env-file': CLUSTER_OPTIONS['env-file'] },
};

/** `npm run status`: each instance main.ts builds, as deployed: workloads, stuck pods and why. */
export async function runStatus(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const args = parseCommand(STATUS, argv, ctx);
  if (!args) return 0;
  const say = ctx.out.say;
  try {
    const kubectl = kubectlFor(args, ctx.env, STATUS);
    const target = await clusterTarget(kubectl);
    // The objects deploy applied: main.ts built from the same settings, namespace included.
    const { settings, synthesis } = synthesizeProject(ctx, args.config, { checks: false, warnWithoutLock: false });
    // Log lines quoted in a diagnosis may print a credential: the .env's values are blanked.
    const redact = redactorFor(envFileOf(ctx, args, false).entries.map((e) => e.value));
    let ready = true;
    for (const instance of instancesOf(synthesis, settings)) {
      const report = await instanceStatus(kubectl, target, instance, redact);
      if (!report.deployed) {
        say(`Instance ${instance.instance} is not deployed on ${describeTarget(target)}: namespace ${instance.namespace} has no configmaps/${instance.instance}-applyset. Deploy it with: npm run deploy`);
        ready = false;
        continue;
      }
      say(`Instance ${instance.instance} in namespace ${instance.namespace} on ${describeTarget(target)}:`);
      for (const line of report.progress) say(`  ${line}`);
      for (const d of report.diagnoses) for (const line of d) say(`  ! ${line}`);
      if (report.secretMissing) say(`  ! Secret ${instance.namespace}/${instance.secretName} does not exist: npm run deploy creates it from .env`);
      say(report.ready ? 'All workloads are ready.' : 'Not ready.');
      ready &&= report.ready;
    }
    return ready ? 0 : 1;
  } catch (err) {
    say('');
    return reportFailure(say, err, undefined, 'npm run status failed:');
  }
}
