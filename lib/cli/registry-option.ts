import { quote } from '../util/quote';
import { REGISTRY_ALLOWED, registryProblem } from '../util/image-reference';
import { UsageError } from '../util/explained-error';
import { CommandSpec, ParsedArgs, stringValue, usage } from './args';

/** `--registry`, checked: a registry host[:port][/path]; refused (exit 2) with what is allowed, never echoing credentials. */
export function registryValue(spec: CommandSpec, args: ParsedArgs): string | undefined {
  const value = stringValue(args, 'registry');
  if (value === undefined) return undefined;
  const problem = registryProblem(value, quote);
  if (problem) throw new UsageError(`npm run ${spec.name}: --registry ${problem}; allowed: ${REGISTRY_ALLOWED}\n${usage(spec)}`);
  return value;
}
