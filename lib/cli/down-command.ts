import { tearDown } from '../deploy/tear-down';
import { instancesOf } from '../pipeline/synthesize';
import { CommandSpec, flagValue, parseCommand } from './args';
import { reportFailure } from './errors';
import { CommandContext, synthesizeProject } from './project';
import { CLUSTER_OPTIONS, kubectlFor, timeoutMs } from './cluster-options';

export const DOWN: CommandSpec = {
  name: 'down',
  summary: 'Deletes this instance from the cluster; keeps its data (volume claim) and Secret unless --delete-data.',
  configFlags: true,
  options: {
    context: CLUSTER_OPTIONS.context,
    timeout: CLUSTER_OPTIONS.timeout,
    'delete-data': { type: 'boolean', help: "also delete the database's volume claim and the Secret (the data is gone)" },
  },
};

/** `npm run down`: deletes each instance main.ts builds, keeping its data and Secret unless --delete-data; says what it kept. */
export async function runDown(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const args = parseCommand(DOWN, argv, ctx);
  if (!args) return 0;
  const say = ctx.out.say;
  const deleteData = flagValue(args, 'delete-data');
  const timeout = timeoutMs(DOWN, args);
  try {
    const kubectl = kubectlFor(args, ctx.env, DOWN);
    // The objects deploy applied: main.ts built from the same settings, namespace included.
    const { settings, synthesis } = synthesizeProject(ctx, args.config, { checks: false, warnWithoutLock: false });
    for (const instance of instancesOf(synthesis, settings)) {
      say(`down: instance ${instance.instance} in namespace ${instance.namespace}${deleteData ? ', with its data' : ''}`);
      const report = await tearDown(kubectl, instance, deleteData, timeout);
      if (report.nothingThere) {
        say(`down: nothing of instance ${instance.instance} was found in namespace ${instance.namespace}.`);
        continue;
      }
      say(`down: deleted ${report.deleted.length}: ${report.deleted.join(', ') || 'nothing'}`);
      if (deleteData && report.notOurs.length > 0) say(`down: not deleted, as nothing shows this instance created them: ${report.notOurs.join(', ')}`);
      if (report.kept.length > 0) say(`down: kept ${report.kept.join(', ')}; the next deploy uses them again. Delete them too with: npm run down -- --delete-data`);
    }
    return 0;
  } catch (err) {
    say('');
    return reportFailure(say, err, undefined, 'npm run down failed:');
  }
}
