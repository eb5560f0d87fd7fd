import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createRunDir, removeLeftovers } from './staging';

/** This project's cdk8s CLI, wherever the command runs from. */
const CDK8S_BIN = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'cdk8s');

/**
 * `npm run synth` / `npm run chart` for an app the process cannot run itself (see appRun):
 * `cdk8s synth` with an output directory of this run's own (the CLI empties it first, and
 * concurrent runs must not share one), showing only the project's lines: the CLI's "Synthesizing
 * application", its listing of that scratch directory and its stack trace after a failed app are
 * dropped. The app itself publishes into dist/ (dist-chart/). Returns the exit code.
 */
export function runCdk8sCli(env: NodeJS.ProcessEnv, command: 'synth' | 'chart', root: string): number {
  removeLeftovers(root);
  const runDir = createRunDir(root);
  try {
    const cli = spawnSync(CDK8S_BIN, ['synth', '--no-check-upgrade', '--output', path.join(runDir, 'cli')], {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['inherit', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const shown = projectLines(cli.stderr ?? '');
    if (shown) process.stderr.write(shown.endsWith('\n') ? shown : `${shown}\n`);
    if (cli.error) {
      console.error(`npm run ${command}: could not run the cdk8s CLI (${cli.error.message}); run \`npm ci\` first.`);
      return 1;
    }
    const output = command === 'chart' ? 'dist-chart/' : 'dist/';
    const appWroteNothing = /^ERROR: synthesis failed, app expected to create/m.test(cli.stderr ?? '');
    if ((cli.status === 0 || appWroteNothing) && !/^Published /m.test(shown)) {
      // The app ran but never reached synthesizeApp (e.g. it calls app.synth() itself, which
      // writes only into the CLI's scratch directory).
      console.error(`main.ts did not call synthesizeApp(app, settings), so nothing was published; ${output} was left as it was.`);
      return 1;
    }
    if (cli.status !== 0 && !/^Synth failed/m.test(shown)) {
      console.error(`Synth failed (cdk8s synth ended with ${cli.signal ?? `exit code ${cli.status}`}); ${output} was left as it was.`);
    }
    return cli.status ?? 1;
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * The app's own stderr, without what the cdk8s CLI adds: its error for a failed app
 * (`Error: command "…" returned a non-zero exit code N` plus stack) and its notes about the
 * output directory.
 */
export function projectLines(stderr: string): string {
  const cliError = stderr.search(/^Error: command ".*returned a non-zero exit code \d+$/m);
  const own = cliError >= 0 ? stderr.slice(0, cliError) : stderr;
  return own
    .split('\n')
    .filter((line) => !/^(No manifests synthesized|ERROR: synthesis failed, app expected to create ".*")$/.test(line))
    .join('\n')
    .replace(/\n+$/, '');
}
