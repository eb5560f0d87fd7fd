/**
 * Where the validator's build is: `validator/build` (npm run validator) writes it into the
 * project's cache, keyed by the Kubernetes version and a hash of validator/'s files, so a build
 * of other sources or another version is never taken for this one.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What finds a build. */
export interface LocateOptions {
  /** The cache `validator/build` writes into (`TODO_K8S_CACHE`). */
  readonly cacheDir: string;
  /** The Kubernetes version the validator is built from, e.g. `v1.34.4`. */
  readonly kubeVersion: string;
  /** The validator's sources (the project's `validator/` folder), whose files key the build. */
  readonly sourceDir: string;
}

/** A found build, compiled on first use and reused after. */
export interface ValidatorHandle {
  readonly wasmFile: string;
  readonly kubeVersion: string;
}

/** The command that builds the validator, for messages. */
export const VALIDATOR_BUILD_COMMAND = 'npm run validator';

/** One line for when there is no build: what did not run, and the command that gets it. */
export const VALIDATOR_NOT_INSTALLED = `the API server's own validation did not run: the validator is not built on this machine (run \`${VALIDATOR_BUILD_COMMAND}\`, once per Kubernetes version)`;

/**
 * The hash `validator/build` keys its output by: sha256 of one `<sha256 of file>  <path>` line
 * per file under the folder (paths relative to it, sorted bytewise), first 16 hex digits.
 */
export function sourceHash(sourceDir: string): string {
  const files = filesUnder(sourceDir).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1));
  const lines = files.map((file) => `${crypto.createHash('sha256').update(fs.readFileSync(path.join(sourceDir, file))).digest('hex')}  ${file}\n`).join('');
  return crypto.createHash('sha256').update(lines).digest('hex').slice(0, 16);
}

function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return filesUnder(dir, rel);
    return e.isFile() ? [rel] : [];
  });
}

/** Where the build of these sources for this version is (whether or not it exists). */
export function validatorWasmPath(options: LocateOptions): string {
  return path.join(options.cacheDir, `validator-${options.kubeVersion}`, `validator-${sourceHash(options.sourceDir)}.wasm`);
}

/** The build for these sources and version, or undefined when `npm run validator` has not made it. */
export function findValidator(options: LocateOptions): ValidatorHandle | undefined {
  if (!fs.existsSync(options.sourceDir)) return undefined;
  const wasmFile = validatorWasmPath(options);
  return fs.existsSync(wasmFile) ? { wasmFile, kubeVersion: options.kubeVersion } : undefined;
}

/**
 * The options `validator/build` itself uses, for a project at `root`: `TODO_K8S_CACHE`, else
 * `$XDG_CACHE_HOME/todo-k8s`, else `~/.cache/todo-k8s`; `KUBE_VERSION`, else the one
 * `.ci/cluster-versions` names.
 */
export function defaultLocateOptions(root: string, env: NodeJS.ProcessEnv): LocateOptions {
  const cacheDir = env.TODO_K8S_CACHE || path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache'), 'todo-k8s');
  const kubeVersion = env.KUBE_VERSION || kubeVersionIn(path.join(root, '.ci', 'cluster-versions'));
  return { cacheDir, kubeVersion, sourceDir: path.join(root, 'validator') };
}

/** The Kubernetes version a `.ci/cluster-versions` file sets (`: "${KUBE_VERSION:=v1.34.4}"`). */
export function kubeVersionIn(file: string): string {
  const match = /^:\s*"\$\{KUBE_VERSION:=(v[0-9][^}"]*)\}"/m.exec(fs.readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${file} does not set KUBE_VERSION (expected a line : "\${KUBE_VERSION:=v1.x.y}")`);
  return match[1];
}
