import { ConfigFlags, configFlagsUsage, parseCommandLine } from './config-flags';

export type DeployCommand = 'deploy' | 'status' | 'down';

/** The default of `--timeout`: Helm's `--wait` default. */
export const DEFAULT_TIMEOUT = '5m';

/** A command line deploy, status or down cannot act on: the message ends with the usage. */
export class DeployUsageError extends Error {
  constructor(readonly command: DeployCommand, problem: string) {
    super(`npm run ${command}: ${problem}\n${deployUsage(command)}`);
    this.name = 'DeployUsageError';
  }
}

/** What the three commands were asked to do. */
export interface DeployCliOptions {
  readonly help: boolean;
  readonly config: ConfigFlags;
  /** `--context NAME`. @default undefined (the kubeconfig's current context) */
  readonly context?: string;
  /** `--timeout`, in milliseconds. @default 300000 (5m) */
  readonly timeoutMs: number;
  /** `--env-file PATH` (deploy, status). @default `.env` in the project root */
  readonly envFile?: string;
  /** `--update-secret` (deploy). @default false */
  readonly updateSecret: boolean;
  /** `--port-forward` (deploy). @default false */
  readonly portForward: boolean;
  /** `--no-build` (deploy): use the images lock as it is. @default false */
  readonly noBuild: boolean;
  /** `--registry HOST/PATH` (deploy, cloud clusters). @default undefined */
  readonly registry?: string;
  /** `--delete-data` (down). @default false */
  readonly deleteData: boolean;
  /** `--backend-dir DIR` / `--frontend-dir DIR` (deploy), as for `npm run images`. @default env TODO_BACKEND_DIR / TODO_FRONTEND_DIR, else ../backend and ../frontend */
  readonly sourceDirFlags: { readonly backend?: string; readonly frontend?: string };
}

const OPTIONS = {
  deploy: ['context', 'timeout', 'env-file', 'update-secret', 'port-forward', 'no-build', 'registry', 'backend-dir', 'frontend-dir', 'help'],
  status: ['context', 'env-file', 'help'],
  down: ['context', 'timeout', 'delete-data', 'help'],
} as const;

const BOOLEAN = new Set(['update-secret', 'port-forward', 'no-build', 'delete-data', 'help']);

/** The usage text of one command. */
export function deployUsage(command: DeployCommand): string {
  const line = (flag: string, text: string) => `  ${flag}`.padEnd(26) + text;
  const lines: Record<string, string> = {
    context: line('--context NAME', 'kube context to use (default: the current context)'),
    timeout: line('--timeout DURATION', `how long to wait for the rollout, e.g. 90s, 5m, 1h (default ${DEFAULT_TIMEOUT})`),
    'env-file': line('--env-file PATH', 'the .env the Secret is made from (default .env)'),
    'update-secret': line('--update-secret', "replace the cluster's Secret when it differs from .env"),
    'port-forward': line('--port-forward', 'after the rollout, forward the public URLs to the Services until Ctrl-C'),
    'no-build': line('--no-build', 'deploy the images the lock names, without building (no lock: the profile\'s tags)'),
    registry: line('--registry HOST/PATH', 'push the images there (a cloud cluster); the manifests pin the pushed digests'),
    'backend-dir': line('--backend-dir DIR', 'the backend sources (default ../backend; env TODO_BACKEND_DIR)'),
    'frontend-dir': line('--frontend-dir DIR', 'the frontend sources (default ../frontend; env TODO_FRONTEND_DIR)'),
    'delete-data': line('--delete-data', "also delete the database's volume claim and the Secret (the data is gone)"),
    help: line('--help', 'this text'),
  };
  const what = {
    deploy: 'builds what changed, loads it into the cluster, applies, waits for the rollout and prints the URLs',
    status: 'shows the rollout state and what is wrong, changing nothing (exit 0 when everything is ready)',
    down: 'deletes this instance from the cluster; keeps its data (volume claim) and Secret unless --delete-data',
  }[command];
  return [`Usage: npm run ${command} -- [options]   ${what}`, ...OPTIONS[command].map((o) => lines[o]), configFlagsUsage(26)].join('\n');
}

/** Strict parsing: an unknown option, a missing value or a bad duration is a DeployUsageError. */
export function parseDeployArgs(command: DeployCommand, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DeployCliOptions {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const options = Object.fromEntries(OPTIONS[command].map((o) => [o, { type: BOOLEAN.has(o) ? 'boolean' : 'string' }])) as Record<string, { type: 'boolean' | 'string' }>;
  const { config, values } = parseCommandLine(args, env, options, (m) => new DeployUsageError(command, m));
  const v = values as Record<string, string | boolean | undefined>;
  for (const [name, value] of Object.entries(v)) {
    if (typeof value === 'string' && value.trim() === '') throw new DeployUsageError(command, `--${name} needs a value`);
  }
  return {
    help: v.help === true,
    config,
    context: v.context as string | undefined,
    timeoutMs: parseDuration(command, (v.timeout as string | undefined) ?? DEFAULT_TIMEOUT),
    envFile: v['env-file'] as string | undefined,
    updateSecret: v['update-secret'] === true,
    portForward: v['port-forward'] === true,
    noBuild: v['no-build'] === true,
    registry: v.registry as string | undefined,
    deleteData: v['delete-data'] === true,
    sourceDirFlags: { backend: v['backend-dir'] as string | undefined, frontend: v['frontend-dir'] as string | undefined },
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `5m`, `1m30s`, `1h` (Go's duration syntax, as Helm's --timeout) in milliseconds. */
export function parseDuration(command: DeployCommand, text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (!/^(\d+(ms|s|m|h))+$/.test(text) || parts.length === 0) throw new DeployUsageError(command, `--timeout ${text}: not a duration; allowed: a number with a unit, e.g. 90s, 5m, 1m30s, 1h`);
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit], 0);
  if (ms <= 0) throw new DeployUsageError(command, `--timeout ${text}: must be longer than 0`);
  return ms;
}
