import * as path from 'path';
import { Kubectl } from '../deploy/kubectl';
import * as fs from 'fs';
import { readEnvFile } from '../secrets/env-file';
import { DotenvEntry } from '../secrets/dotenv';
import { DURATION_ALLOWED, durationProblem, parseDuration } from '../util/duration';
import { quote } from '../util/quote';
import { UsageError } from '../util/explained-error';
import { CommandSpec, OptionSpec, ParsedArgs, stringValue, usage } from './args';
import { CommandContext } from './project';

/** The default of `--timeout`: Helm's `--wait` default. */
export const DEFAULT_TIMEOUT = '5m';

/** Options deploy, status and down share. */
export const CLUSTER_OPTIONS = {
  context: { type: 'string', placeholder: 'NAME', help: 'kube context to use (default: the current context)' },
  timeout: { type: 'string', placeholder: 'DURATION', help: `how long to wait, e.g. 90s, 5m, 1h (default ${DEFAULT_TIMEOUT})` },
  'env-file': { type: 'string', placeholder: 'PATH', help: 'the .env the Secret is made from (default .env)' },
} satisfies Record<string, OptionSpec>;

/** `--timeout` in milliseconds. */
export function timeoutMs(spec: CommandSpec, args: ParsedArgs): number {
  const text = stringValue(args, 'timeout') ?? DEFAULT_TIMEOUT;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`npm run ${spec.name}: --timeout ${quote(text)}: ${durationProblem(text)}; allowed: ${DURATION_ALLOWED}\n${usage(spec)}`);
  return ms;
}

/** The user's kubectl on the context they named, checked to be usable. */
export function kubectlFor(args: ParsedArgs, env: NodeJS.ProcessEnv, spec?: CommandSpec): Kubectl {
  const context = stringValue(args, 'context');
  // A context name with a newline or an escape would forge lines and colours in every message naming it.
  if (context !== undefined && (context === '' || /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(context))) {
    throw new UsageError(`${spec ? `npm run ${spec.name}: ` : ''}--context ${quote(context)}: ${context === '' ? 'is empty' : 'has control or bidirectional characters'}; allowed: the name of a context in your kubeconfig (kubectl config get-contexts)`);
  }
  const kubectl = new Kubectl({ context, env });
  kubectl.checkVersion();
  return kubectl;
}

/** The .env (or --env-file) and how messages name it; `required: false` gives no entries for a missing file. */
export function envFileOf(ctx: CommandContext, args: ParsedArgs, required = true): { entries: readonly DotenvEntry[]; shown: string } {
  const given = stringValue(args, 'env-file');
  const file = given ? path.resolve(ctx.cwd, given) : path.join(ctx.root, '.env');
  const shown = path.relative(ctx.root, file) || file;
  if (!required && !fs.existsSync(file)) return { entries: [], shown };
  return { entries: readEnvFile(file), shown };
}
