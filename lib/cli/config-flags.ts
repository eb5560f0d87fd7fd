import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { unreadableFileProblem } from '../model/settings/config-file';
import { PROFILE_ENV, VALUES_ENV, userCwd } from '../model/settings/load';
import { PROJECT_PROFILES_DIR, profileFile } from '../model/settings/profile-files';

/**
 * The configuration flags every command takes (`npm run synth`, `chart`, `images`, `check-app`):
 * `--profile NAME` and `--values FILE` / `-f FILE` (repeatable). One parser, so the commands
 * agree on what they accept and on their messages.
 */
export interface ConfigFlags {
  /** `--profile NAME`. @default undefined (env TODO_PROFILE, else `local`) */
  readonly profile?: string;
  /** `--values FILE` / `-f FILE`, in the order given; they replace env TODO_VALUES. @default [] */
  readonly valuesFiles: readonly string[];
}

/** A configuration flag the user typed is wrong (a usage error: the message names the flag). */
export class ConfigFlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigFlagError';
  }
}

/** Usage lines for the configuration flags, descriptions starting at `column` to align with a command's other options. */
export function configFlagsUsage(column = 24): string {
  const line = (flag: string, text: string) => (flag ? `  ${flag}  ` : '').padEnd(column) + text;
  return [
    line('--profile NAME', 'profile to start from (env TODO_PROFILE; default local)'),
    line('--values FILE, -f FILE', 'values file (YAML or JSON) layered over the profile; repeat for more,'),
    line('', 'later files win (env TODO_VALUES, comma-separated; the flags replace it)'),
  ].join('\n');
}

/**
 * Takes `--profile`, `--values` and `-f` (also `--profile=NAME`, `--values=FILE`) out of `argv`,
 * checking each as it goes: the profile must exist, each values file must be readable (relative
 * to where the user typed the command). Returns the flags and the other arguments, in order.
 * Throws ConfigFlagError for a missing value or an unreadable file, and the ConfigError of an
 * unknown profile (naming `--profile NAME`).
 */
export function extractConfigFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { flags: ConfigFlags; rest: string[] } {
  const valuesFiles: string[] = [];
  const rest: string[] = [];
  let profile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== '--values' && name !== '-f' && name !== '--profile') {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('-'))) throw new ConfigFlagError(`${name} needs a value`);
    if (name === '--profile') {
      profileFile(value, PROJECT_PROFILES_DIR, '--profile');
      profile = value;
      continue;
    }
    if (value.includes(',')) throw new ConfigFlagError(`${name} ${value}: a values file name cannot contain ","`);
    const problem = unreadableFileProblem(path.resolve(userCwd(env), value));
    if (problem) throw new ConfigFlagError(`${name} ${value}: ${problem}`);
    valuesFiles.push(value);
  }
  return { flags: { profile, valuesFiles }, rest };
}

/** The environment that makes loadConfig (and main.ts) use these flags: they win over TODO_PROFILE and TODO_VALUES. */
export function configFlagsEnv(flags: ConfigFlags, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  if (flags.profile !== undefined) env[PROFILE_ENV] = flags.profile;
  if (flags.valuesFiles.length > 0) env[VALUES_ENV] = flags.valuesFiles.join(',');
  return env;
}

/**
 * A command line of the configuration flags plus a command's own options (node's parseArgs:
 * strict, no positional arguments). A wrong flag or option throws `usageError(message)` (the
 * command adds its usage); an unknown profile throws its ConfigError as it is.
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  options: O,
  usageError: (message: string) => Error,
) {
  try {
    const { flags, rest } = extractConfigFlags(argv, env);
    const { values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false });
    return { config: flags, values };
  } catch (err) {
    // parseArgs reports unknown options and missing values as TypeErrors (ERR_PARSE_ARGS_*).
    if (!(err instanceof ConfigFlagError) && !(err instanceof TypeError)) throw err;
    throw usageError((err as Error).message);
  }
}
