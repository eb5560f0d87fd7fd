import { spawn } from 'child_process';
import { KindLoadError } from './errors';

/** Load the built images into a kind cluster's nodes (kind nodes do not share the host's image store). */
export interface KindOptions {
  readonly cluster: string;
  /** The kind executable; default `kind` from PATH. */
  readonly command?: string;
}

interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command without a shell; the output is kept for an error report, never the environment. */
function run(command: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Fails early, before anything is built, when the kind CLI cannot be run. */
export async function checkKindAvailable(kind: KindOptions): Promise<void> {
  const command = kind.command ?? 'kind';
  let result: RunResult;
  try {
    result = await run(command, ['version']);
  } catch (err) {
    throw new KindLoadError(
      `The kind CLI (\`${command}\`) cannot be run (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), but a kind cluster ` +
        `("${kind.cluster}") was requested by --kind-cluster or TODO_KIND_CLUSTER. Install kind (https://kind.sigs.k8s.io/) or drop the option.`,
    );
  }
  if (result.code !== 0) throw new KindLoadError(`\`${command} version\` failed (exit ${result.code}): ${result.output.trim()}`);
}

/** `kind load docker-image <refs...> --name <cluster>`. */
export async function loadIntoKind(kind: KindOptions, references: readonly string[]): Promise<void> {
  const command = kind.command ?? 'kind';
  const args = ['load', 'docker-image', ...references, '--name', kind.cluster];
  let result: RunResult;
  try {
    result = await run(command, args);
  } catch (err) {
    throw new KindLoadError(`\`${command} ${args.join(' ')}\` could not start: ${(err as Error).message}`);
  }
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-20).join('\n');
    throw new KindLoadError(`\`${command} ${args.join(' ')}\` failed (exit ${result.code}):\n${tail}`);
  }
}
