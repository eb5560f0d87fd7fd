import { spawn, spawnSync } from 'child_process';
import { Readable } from 'stream';
import { spawnCommand } from './target/run-command';
import * as os from 'os';
import * as path from 'path';
import { ExplainedError } from '../util/explained-error';
import { InputFileError, formatBytes, readInputFile } from '../util/read-input-file';

/** The largest kubeconfig read: real ones are kilobytes, even with embedded certificates. */
const MAX_KUBECONFIG_BYTES = 16 << 20;
/** How long `kubectl version --client` may take: it reads only the kubeconfig and answers at once. */
const VERSION_TIMEOUT_MS = 30_000;

/**
 * The oldest kubectl deploy accepts: ApplySet pruning (`--applyset`, KUBECTL_APPLYSET) came in
 * 1.27. Debian's kubectl (1.20) is refused with this number rather than failing on a flag.
 */
export const MIN_KUBECTL_MINOR = 27;

/** The kubectl that deploy, status and down run, and how it was chosen. */
export interface KubectlOptions {
  /**
   * The kubectl binary.
   * @default env KUBECTL, else `kubectl` on PATH
   */
  readonly binary?: string;
  /**
   * The kube context every call uses (`--context`).
   * @default the kubeconfig's current context
   */
  readonly context?: string;
  /**
   * The environment kubectl runs in (KUBECONFIG and exec credential plugins read it).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** What one kubectl call gave back. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A kubectl call failed; the message is kubectl's own (stderr), which never holds a Secret's data. */
export class KubectlError extends ExplainedError {
  constructor(readonly args: readonly string[], readonly result: KubectlResult) {
    super(`kubectl ${args.filter((a) => !a.startsWith('--context')).slice(0, 3).join(' ')} failed: ${result.stderr.trim() || `exit code ${result.code}`}`);
    this.name = 'KubectlError';
  }
}

/** kubectl is missing or too old: the message says which one was tried and how to get another. */
export class KubectlUnusableError extends ExplainedError {
  constructor(message: string) {
    super(message);
    this.name = 'KubectlUnusableError';
  }
}

/**
 * The user's kubectl: every call goes through it (no HTTP of our own to the API server), so
 * deploy talks to the cluster exactly as `kubectl apply` would, with the same kubeconfig,
 * context and credential plugins (GKE's, EKS's), and ApplySet pruning is kubectl's own.
 */
export class Kubectl {
  readonly binary: string;
  readonly context?: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: KubectlOptions = {}) {
    const env = options.env ?? process.env;
    this.binary = options.binary ?? (env.KUBECTL || 'kubectl');
    this.context = options.context;
    // ApplySet is still behind this switch in kubectl 1.27-1.35.
    this.env = { ...env, KUBECTL_APPLYSET: 'true' };
  }

  /** `kubectl [--context C] ARGS`; resolves with the exit code and output, never throws on a non-zero exit. */
  async run(args: readonly string[], input?: string): Promise<KubectlResult> {
    try {
      const result = await spawnCommand(this.binary, [...(this.context ? [`--context=${this.context}`] : []), ...args], { stdin: Readable.from([input ?? '']), env: this.env as Record<string, string> });
      return { ...result, code: result.code ?? 1 };
    } catch (err) {
      throw (err as NodeJS.ErrnoException).code === 'ENOENT' ? this.notFound() : err;
    }
  }

  /** Like run, but a non-zero exit throws KubectlError. */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0) throw new KubectlError(args, result);
    return result.stdout;
  }

  /** `kubectl ... -o json`, parsed. */
  async json<T = any>(args: readonly string[], input?: string): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'], input)) as T;
  }

  /** A long-running kubectl (port-forward, logs -f): the child process, its output piped. */
  spawn(args: readonly string[]) {
    return spawn(this.binary, [...(this.context ? [`--context=${this.context}`] : []), ...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Refuses a kubectl that is missing or older than 1.MIN_KUBECTL_MINOR, naming the binary. */
  checkVersion(): void {
    this.checkKubeconfig();
    const result = spawnSync(this.binary, ['version', '--client', '-o', 'json'], { env: this.env, encoding: 'utf8', timeout: VERSION_TIMEOUT_MS, killSignal: 'SIGKILL' });
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw this.notFound();
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
      throw new KubectlUnusableError(`${this.binary} version --client did not answer in ${VERSION_TIMEOUT_MS / 1000}s; check that it runs (and what KUBECONFIG names), or point KUBECTL=/path/to/kubectl at another.`);
    }
    let minor = NaN;
    let shown = 'an unknown version';
    try {
      const info = JSON.parse(result.stdout).clientVersion;
      minor = parseInt(String(info.minor), 10);
      shown = info.gitVersion ?? `1.${info.minor}`;
    } catch {
      // kubectl before 1.11 has no `-o json` for version: too old either way.
    }
    if (!(minor >= MIN_KUBECTL_MINOR)) {
      throw new KubectlUnusableError(
        `${this.binary} is ${shown}; deploy needs kubectl 1.${MIN_KUBECTL_MINOR} or newer (server-side apply with ApplySet pruning). ` +
          'Install a current kubectl (https://kubernetes.io/docs/tasks/tools/) or point KUBECTL=/path/to/kubectl at one.',
      );
    }
  }

  /**
   * Refuses a kubeconfig kubectl would hang on or exhaust memory with (a FIFO, /dev/zero, a
   * huge file), as values files and .env are: every file KUBECONFIG lists (missing ones are
   * skipped, as kubectl skips them), else ~/.kube/config.
   */
  private checkKubeconfig(): void {
    const listed = this.env.KUBECONFIG ? this.env.KUBECONFIG.split(path.delimiter).filter(Boolean) : undefined;
    const files = listed ?? [path.join(this.env.HOME || os.homedir(), '.kube', 'config')];
    for (const file of files) {
      try {
        readInputFile(file, MAX_KUBECONFIG_BYTES);
      } catch (err) {
        if (!(err instanceof InputFileError)) throw err;
        if (err.problem === 'ENOENT' || err.problem === 'ENOTDIR') continue;
        const from = listed ? 'KUBECONFIG names' : 'the default kubeconfig';
        const what = err.problem === 'TOO_LARGE' ? `is larger than ${formatBytes(MAX_KUBECONFIG_BYTES)}` : err.description;
        throw new KubectlUnusableError(`${from} ${JSON.stringify(file)}, which ${what}; kubectl would hang or fail reading it. Point KUBECONFIG at your kubeconfig file (a regular file).`);
      }
    }
  }

  private notFound(): KubectlUnusableError {
    return new KubectlUnusableError(`${this.binary}: not found. deploy talks to the cluster through kubectl 1.${MIN_KUBECTL_MINOR}+: install it (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL=/path/to/kubectl.`);
  }
}
