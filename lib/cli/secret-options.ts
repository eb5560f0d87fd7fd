import { parseArgs } from 'util';
import { ConfigFlagError, ConfigFlags, extractConfigFlags } from './config-flags';

export const SECRET_USAGE = 'Usage: npm run secret -- [--env-file PATH] [--out FILE] [--profile NAME] [--values FILE | -f FILE]...   (defaults: .env, secrets/<instance>/<secretName>.yaml)';

/** A command line `npm run secret` cannot act on; the message ends with the usage line. */
export class SecretUsageError extends Error {
  constructor(problem: string) {
    super(`npm run secret: ${problem}\n${SECRET_USAGE}`);
    this.name = 'SecretUsageError';
  }
}

export interface SecretCliOptions {
  readonly help: boolean;
  /** Undefined: the default (.env). */
  readonly envFile?: string;
  /** Undefined: the default (secrets/<instance>/<secretName>.yaml). */
  readonly out?: string;
  /** `--profile NAME`, `--values FILE` / `-f FILE`: the configuration, as for `npm run synth`. */
  readonly config: ConfigFlags;
}

/**
 * Strict: an unknown or misspelt option, a missing or empty value, or a stray argument is
 * refused rather than ignored, so a typo never makes it read the default .env instead.
 * `--opt VALUE` and `--opt=VALUE` are both accepted. A leading "--" is dropped: package.json's
 * script ends with one, so that node (20) does not take `--env-file` for its own option.
 */
export function parseSecretArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SecretCliOptions {
  // `npm run secret --env-file X` (no "--") gives the option to npm, which passes it on only as
  // npm_config_env_file: the script would silently read the default .env.
  const takenByNpm = (['env-file', 'out', 'profile', 'values'] as const).filter((name) => env[`npm_config_${name.replace('-', '_')}`] !== undefined);
  if (takenByNpm.length > 0) {
    throw new SecretUsageError(`npm took ${takenByNpm.map((n) => `--${n}`).join(' and ')} as its own setting; put "--" before the options: npm run secret -- --${takenByNpm[0]} ...`);
  }
  let extracted;
  try {
    extracted = extractConfigFlags(argv[0] === '--' ? argv.slice(1) : [...argv], env);
  } catch (err) {
    throw err instanceof ConfigFlagError ? new SecretUsageError(err.message) : err;
  }
  const args = extracted.rest;
  let values: { 'env-file'?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { 'env-file': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // A stray argument is not echoed: it may be a value pasted in the wrong place.
    if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new SecretUsageError('unexpected argument (not shown); every argument is an option --env-file, --out, --profile, --values, -f or --help, or the value after one.');
    }
    // parseArgs names the option, never its value; its hint about values starting with "-" is kept out.
    throw new SecretUsageError((err as Error).message.split('\n')[0]);
  }
  for (const name of ['env-file', 'out'] as const) {
    if (values[name] === '') throw new SecretUsageError(`--${name} needs a non-empty value.`);
  }
  return { help: Boolean(values.help), envFile: values['env-file'], out: values.out, config: extracted.flags };
}
