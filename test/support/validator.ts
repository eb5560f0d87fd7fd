/**
 * The validator (validator/, the API server's own validation as WebAssembly) for tests that
 * declare `// Needs: validator`: built by `npm run validator` into the project's cache.
 */
import * as path from 'path';
import { defaultLocateOptions, findValidator, validatorWasmPath, ValidatorHandle, VALIDATOR_BUILD_COMMAND } from '../../lib/checks/apiserver';

const ROOT = path.resolve(__dirname, '..', '..');

/** One line saying the validator is not built and how to build it; undefined when it is. */
export function validatorProblem(): string | undefined {
  const options = defaultLocateOptions(ROOT, process.env);
  if (findValidator(options)) return undefined;
  return `The validator for Kubernetes ${options.kubeVersion} is not built for these sources (no ${validatorWasmPath(options)}). Build it with \`${VALIDATOR_BUILD_COMMAND}\` (about 10 minutes cold), or \`bash .ci/run\`.`;
}

/** The validator of this checkout; throws the one-line problem when it is not built. */
export function requireValidator(): ValidatorHandle {
  const handle = findValidator(defaultLocateOptions(ROOT, process.env));
  if (!handle) throw new Error(validatorProblem());
  return handle;
}
