import * as path from 'path';
import { parseArgs } from 'util';
import { unreadableFileProblem } from '../model/settings/config-file';
import { PROJECT_PROFILES_DIR, profileFile } from '../model/settings/profile-files';
import { quote } from '../util/quote';
import { UsageError } from '../util/explained-error';

/** Environment variable naming the profile when `--profile` is not given. */
export const PROFILE_ENV = 'TODO_PROFILE';
/** Environment variable naming values files, comma-separated, when no `-f` is given. */
export const VALUES_ENV = 'TODO_VALUES';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** What the usage shows after the flag, e.g. `NAME`. @default - none (a boolean flag) */
  readonly placeholder?: string;
  /** The option may be given several times; its values are kept in order. @default false */
  readonly multiple?: boolean;
  /** One-letter alias, e.g. `h`. @default - none */
  readonly short?: string;
  /** One line of help. */
  readonly help: string;
}

/** What a command accepts. */
export interface CommandSpec {
  /** The npm script, e.g. `deploy`. */
  readonly name: string;
  /** One line on what the command does. */
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Takes `--profile NAME` and `--values FILE` / `-f FILE`. */
  readonly configFlags: boolean;
  /**
   * Flags refused with a reason (options of other tools that would defeat the command).
   * @default - none
   */
  readonly refused?: Readonly<Record<string, string>>;
  /**
   * A stray argument is refused without echoing it (it may be a value pasted in the wrong place).
   * @default false
   */
  readonly hideStrayArguments?: boolean;
}

/** The configuration flags: where the settings come from. */
export interface ConfigFlags {
  /** `--profile NAME`, else env TODO_PROFILE. @default undefined (the `local` profile) */
  readonly profile?: string;
  /** `--values FILE` / `-f FILE` in the order given, else env TODO_VALUES. @default [] */
  readonly valuesFiles: readonly string[];
}

/** A parsed command line. */
export interface ParsedArgs {
  readonly help: boolean;
  readonly config: ConfigFlags;
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', help: 'this text' };
const COLUMN = 28;

/** The usage text of a command. */
export function usage(spec: CommandSpec): string {
  const line = (flag: string, text: string) => `  ${flag}`.padEnd(COLUMN) + text;
  const lines = Object.entries({ ...spec.options, help: HELP }).map(([name, o]) =>
    line(`${o.short ? `-${o.short}, ` : ''}--${name}${o.placeholder ? ` ${o.placeholder}` : ''}`, o.help + (o.multiple ? ' (repeatable)' : '')));
  if (spec.configFlags) {
    lines.push(
      line('--profile NAME', `profile to start from (env ${PROFILE_ENV}; default local)`),
      line('-f, --values FILE', 'values file (YAML or JSON) layered over the profile (repeatable, later files win;'),
      line('', ` env ${VALUES_ENV}, comma-separated; the flags replace it)`),
    );
  }
  return [`Usage: npm run ${spec.name} -- [options]`, spec.summary, '', 'Options:', ...lines].join('\n');
}

/**
 * Strict parsing of a command's arguments: an unknown, misspelt or valueless option, a bad
 * configuration flag or a stray argument is a UsageError (exit code 2) naming it and ending
 * with the usage, never ignored. `--opt VALUE` and `--opt=VALUE` are both taken; a leading `--`
 * (npm's separator) is dropped. Relative values files resolve against `cwd` (where the user
 * typed the command).
 */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): ParsedArgs {
  const fail = (problem: string): never => {
    throw new UsageError(`npm run ${spec.name}: ${problem}\n${usage(spec)}`);
  };
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const { flags, rest } = spec.configFlags ? extractConfigFlags(args, cwd, fail) : { flags: undefined, rest: args };
  for (const arg of rest) {
    const name = arg.startsWith('--') ? arg.split('=')[0] : arg;
    if (spec.refused && Object.prototype.hasOwnProperty.call(spec.refused, name)) fail(`${name} is not accepted: ${spec.refused[name]}`);
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { ...spec.options, help: HELP } as any,
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | boolean | string[] | undefined> });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && spec.hideStrayArguments) {
      return fail('unexpected argument (not shown); every argument is an option or the value after one.');
    }
    // node names the option, never its value; its hint about values that start with "-" is left out.
    return fail((err as Error).message.split('\n')[0]);
  }
  for (const [name, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && v.trim() === '') fail(`--${name} needs a value`);
  }
  const config: ConfigFlags = {
    profile: flags?.profile ?? (env[PROFILE_ENV] || undefined),
    valuesFiles: flags?.valuesFiles.length ? flags.valuesFiles : valuesFromEnv(env, fail),
  };
  return { help: values.help === true, config, values };
}

/** `--profile`, `--values`, `-f` taken out of argv, each checked as it goes. */
function extractConfigFlags(argv: readonly string[], cwd: string, fail: (problem: string) => never): { flags: ConfigFlags; rest: string[] } {
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
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('-'))) fail(`${name} needs a value`);
    if (name === '--profile') {
      profileFile(value, PROJECT_PROFILES_DIR, '--profile');
      profile = value;
      continue;
    }
    if (value.includes(',')) fail(`${name} ${quote(value)}: a values file name cannot contain ","`);
    const problem = unreadableFileProblem(path.resolve(cwd, value));
    if (problem) fail(`${name} ${quote(value)}: ${problem}`);
    valuesFiles.push(value);
  }
  return { flags: { profile, valuesFiles }, rest };
}

/** The files TODO_VALUES names; an empty entry (`a.yaml,,b.yaml`) is refused. */
function valuesFromEnv(env: NodeJS.ProcessEnv, fail: (problem: string) => never): string[] {
  const raw = env[VALUES_ENV];
  if (raw === undefined || raw.trim() === '') return [];
  const files = raw.split(',').map((f) => f.trim());
  if (files.some((f) => f === '')) fail(`${VALUES_ENV} has an empty entry; allowed: file names separated by commas, e.g. "base.yaml,prod.yaml"`);
  return files;
}

/** A string option's single value (the last one given). */
export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable option's values, in order. */
export function listValue(args: ParsedArgs, name: string): readonly string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** A boolean flag. */
export function flagValue(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** `NAME=VALUE` pairs of a repeatable option (e.g. --build-arg); a pair without `=` is a UsageError. */
export function keyValues(spec: CommandSpec, args: ParsedArgs, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of listValue(args, name)) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`npm run ${spec.name}: --${name} ${quote(text)}: expected NAME=VALUE\n${usage(spec)}`);
    Object.defineProperty(out, text.slice(0, eq), { value: text.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * A command's arguments, or undefined once `--help` printed its usage (the command then ends
 * with 0): the first lines of every command.
 */
export function parseCommand(
  spec: CommandSpec,
  argv: readonly string[],
  ctx: { readonly env: NodeJS.ProcessEnv; readonly cwd: string; readonly out: { print(line: string): void } },
): ParsedArgs | undefined {
  const args = parseCommandArgs(spec, argv, ctx.env, ctx.cwd);
  if (!args.help) return args;
  ctx.out.print(usage(spec));
  return undefined;
}
