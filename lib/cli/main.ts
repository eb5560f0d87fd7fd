import { AppSource } from './app-module';
import { reportFailure } from './errors';
import { Output, processOutput } from './output';
import { CommandContext } from './project';
import { runSynth } from './synth-command';
import { runDeploy } from './deploy-command';
import { runStatus } from './status-command';
import { runDown } from './down-command';
import { runImages } from './images-command';
import { runCheckApp } from './check-app-command';
import { runSecret } from './secret-command';

/** A command: its arguments (after the command name) and where it runs; resolves with the exit code. */
export type Command = (argv: readonly string[], ctx: CommandContext) => Promise<number>;

/** Every command, by the npm script that runs it. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: (argv, ctx) => runSynth('manifests', argv, ctx),
  chart: (argv, ctx) => runSynth('helm', argv, ctx),
  deploy: runDeploy,
  status: runStatus,
  down: runDown,
  images: runImages,
  'check-app': runCheckApp,
  secret: runSecret,
};

/** Where the CLI runs: the project root, the environment and the output. */
export interface CliOptions {
  /** @default process.cwd() (npm runs scripts from the project root) */
  readonly root?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default the process's stderr and stdout */
  readonly out?: Output;
}

/**
 * The one entry of every command (bin/todo-k8s.js): `argv` is the command name and its
 * arguments. Resolves with the exit code; never exits the process itself.
 */
export async function runCli(argv: readonly string[], app: AppSource, options: CliOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const root = options.root ?? process.cwd();
  const out = options.out ?? processOutput;
  const [name, ...rest] = argv;
  const command = name !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    out.say(`todo-k8s: ${name === undefined ? 'no command' : `unknown command ${JSON.stringify(name)}`}; allowed: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  // npm sets INIT_CWD to where the user typed the command; it runs scripts from the project root.
  const ctx: CommandContext = { root, cwd: env.INIT_CWD || root, env, out, app };
  try {
    return await command(rest, ctx);
  } catch (err) {
    return reportFailure(out.say, err);
  }
}
