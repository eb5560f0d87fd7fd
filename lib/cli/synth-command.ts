import { ConfigError } from '../model/settings/validate';
import { appRun } from '../pipeline/app-command';
import { UsageError, parseSynthArgs, synthEnv, synthUsage } from './synth-options';
import { exitWithFailure } from '../pipeline/report';
import { runCdk8sCli } from '../pipeline/run-cdk8s';
import { NotPublishedError, synthInProcess } from '../pipeline/synth-in-process';

/**
 * `npm run synth` / `npm run chart`: checks the flags, then runs the app cdk8s.yaml names. A
 * `node [--require tsx/cjs] main.ts` app (the project's) runs in this process (synthInProcess):
 * the same pipeline without the cdk8s CLI's start-up and a second node process. Any other app
 * goes through the CLI (runCdk8sCli). Resolves with the exit code.
 */
export async function runSynthCommand(argv: readonly string[], command: 'synth' | 'chart', root: string = process.cwd()): Promise<number> {
  const output = command === 'chart' ? 'dist-chart/' : 'dist/';
  let env: NodeJS.ProcessEnv;
  try {
    const options = parseSynthArgs(argv, command);
    if (options.help) {
      console.log(synthUsage(command));
      return 0;
    }
    env = synthEnv(options, command, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      // An unknown --profile: said as main.ts would say it, naming the flag as typed.
      console.error(`${err.message}\nSynth failed; ${output} was left as it was.`);
      return 1;
    }
    if (!(err instanceof UsageError)) throw err;
    console.error(`npm run ${command}: ${err.message}\n${synthUsage(command)}`);
    return 2;
  }

  const run = appRun(root);
  if (run.kind === 'cli') return runCdk8sCli(env, command, root);
  // The app reads its settings from the environment, as under the CLI.
  Object.assign(process.env, env);
  try {
    await synthInProcess({ root, appFile: run.file });
    return 0;
  } catch (err) {
    if (!(err instanceof NotPublishedError)) return exitWithFailure(err, `Synth failed; ${output} was left as it was.`);
    console.error(`${err.message}; ${output} was left as it was.`);
    return 1;
  }
}
