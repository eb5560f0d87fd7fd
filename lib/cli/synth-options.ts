import { configFlagsUsage, ConfigFlagError, configFlagsEnv, extractConfigFlags } from './config-flags';

/** A command-line option `npm run synth` / `npm run chart` refuses, with the reason shown. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What the flags select; forwarded to main.ts as environment variables. */
export interface SynthCliOptions {
  /** Values files in the order given (`--values FILE` / `-f FILE`, repeatable). */
  readonly valuesFiles: string[];
  /** `--profile NAME`. */
  readonly profile?: string;
  /** `--chart-version X` (npm run chart only). */
  readonly chartVersion?: string;
  /** `--help` / `-h`. */
  readonly help: boolean;
}

/** cdk8s CLI options that would defeat the pipeline, and why each is not offered. */
const REFUSED: Record<string, string> = {
  '--output': 'the output is always dist/ (dist-chart/ for npm run chart), replaced atomically; the cdk8s CLI would delete the directory it is given before synth runs',
  '-o': 'the output is always dist/ (dist-chart/ for npm run chart), replaced atomically; the cdk8s CLI would delete the directory it is given before synth runs',
  '--app': 'the app is main.ts (cdk8s.yaml); edit main.ts instead',
  '-a': 'the app is main.ts (cdk8s.yaml); edit main.ts instead',
  '--stdout': 'use `npm run synth && cat dist/todo.k8s.yaml`',
  '-p': 'use `npm run synth && cat dist/todo.k8s.yaml`',
  '--format': 'use `npm run chart` for a Helm chart',
  '--chart-version': 'only `npm run chart` takes --chart-version',
};

/**
 * Parses `npm run synth` / `npm run chart` arguments. Unknown, misspelt, valueless and
 * positional arguments are refused with the reason, never ignored.
 */
export function parseSynthArgs(argv: readonly string[], command: 'synth' | 'chart', env: NodeJS.ProcessEnv = process.env): SynthCliOptions {
  let extracted;
  try {
    extracted = extractConfigFlags(argv, env);
  } catch (err) {
    throw err instanceof ConfigFlagError ? new UsageError(err.message) : err;
  }
  const { flags, rest } = extracted;
  let chartVersion: string | undefined;
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--chart-version' && command === 'chart') {
      const v = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (v === undefined || v === '' || (eq < 0 && v.startsWith('-'))) throw new UsageError(`${name} needs a value`);
      chartVersion = v;
    } else if (name === '--help' || name === '-h') {
      help = true;
    } else if (Object.prototype.hasOwnProperty.call(REFUSED, name)) {
      throw new UsageError(`${name} is not accepted: ${REFUSED[name]}`);
    } else {
      throw new UsageError(`unknown ${arg.startsWith('-') ? 'option' : 'argument'} ${JSON.stringify(arg)}`);
    }
  }
  return { valuesFiles: [...flags.valuesFiles], profile: flags.profile, chartVersion, help };
}

/** Usage text for `npm run <command> -- --help` and after a refused option. */
export function synthUsage(command: 'synth' | 'chart'): string {
  const out = command === 'chart' ? 'a Helm chart into dist-chart/' : 'the manifests into dist/';
  return [
    `Usage: npm run ${command} -- [--profile NAME] [--values FILE]...${command === 'chart' ? ' [--chart-version X]' : ''}`,
    `Synthesizes main.ts (cdk8s synth) and publishes ${out}; on any failure it is left as it was.`,
    configFlagsUsage(),
    ...(command === 'chart' ? ['  --chart-version X     chart version, SemVer 2 (default: package.json "version")'] : []),
  ].join('\n');
}

/** The environment main.ts runs with for these options. */
export function synthEnv(options: SynthCliOptions, command: 'synth' | 'chart', base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...configFlagsEnv(options, base), TODO_SYNTH_FORMAT: command === 'chart' ? 'helm' : 'manifests' };
  if (options.chartVersion !== undefined) env.TODO_CHART_VERSION = options.chartVersion;
  return env;
}
