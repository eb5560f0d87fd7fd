/**
 * The test cluster `.ci/cluster up` starts (a real kube-apiserver, controller-manager and
 * scheduler; kwok's node): where it is, and kubectl and Helm pointed at it. Test files that use
 * it declare `// Needs: cluster`; when it does not answer, the run stops before any test.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Where `.ci/cluster` keeps its state, as the script defaults it. */
export const CLUSTER_DIR = process.env.TODO_K8S_CLUSTER_DIR || '/tmp/todo-k8s-cluster';

export interface ClusterEnv {
  /** The admin kubeconfig (a static token in system:masters). */
  readonly kubeconfig: string;
  /** kubectl 1.35, from the npm package that ships it. */
  readonly kubectl: string;
  /** Helm 3.17 and Helm 4.1. */
  readonly helm3: string;
  readonly helm4: string;
  /** The server's version, e.g. v1.34.4. */
  readonly kubeVersion: string;
}

/** The exports `.ci/cluster up` wrote into its env file; undefined when it never ran. */
export function readClusterEnv(dir = CLUSTER_DIR): ClusterEnv | undefined {
  const file = path.join(dir, 'env');
  if (!fs.existsSync(file)) return undefined;
  const vars = Object.fromEntries(
    fs.readFileSync(file, 'utf8').split('\n').map((l) => /^export (\w+)=(.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m).map((m) => [m[1], m[2]]),
  );
  return { kubeconfig: vars.KUBECONFIG, kubectl: vars.TODO_K8S_KUBECTL, helm3: vars.TODO_K8S_HELM3, helm4: vars.TODO_K8S_HELM4, kubeVersion: vars.TODO_K8S_KUBE_VERSION };
}

/** One line saying why the cluster is unusable and how to start it; undefined when it answers. */
export function clusterProblem(): string | undefined {
  const env = readClusterEnv();
  const start = 'Start it with `bash .ci/cluster up` (build it first with `bash .ci/cluster-build`, about 25 minutes cold), or `bash .ci/run`.';
  if (!env) return `The test cluster was never started here (no ${path.join(CLUSTER_DIR, 'env')}). ${start}`;
  const r = spawnSync(env.kubectl, ['--kubeconfig', env.kubeconfig, '--request-timeout=5s', 'get', '--raw', '/readyz'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status === 0) return undefined;
  return `The test cluster's API server does not answer (KUBECONFIG=${env.kubeconfig}). ${start}`;
}

function requireEnv(): ClusterEnv {
  const env = readClusterEnv();
  if (!env) throw new Error(clusterProblem());
  return env;
}

export interface RunOptions {
  /** Standard input. */
  readonly input?: string;
  /** Working directory. @default the repository root */
  readonly cwd?: string;
  /** Extra environment. */
  readonly env?: Record<string, string>;
  /** Milliseconds before the command is killed. @default 180000 */
  readonly timeout?: number;
}

/** A command's outcome, with stdout and stderr as text. */
export type Run = SpawnSyncReturns<string>;

const ROOT = path.resolve(__dirname, '..', '..');

function run(binary: string, args: readonly string[], opts: RunOptions = {}): Run {
  const env = requireEnv();
  return spawnSync(binary, args, {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    input: opts.input,
    timeout: opts.timeout ?? 180_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KUBECONFIG: env.kubeconfig, HELM_CACHE_HOME: path.join(CLUSTER_DIR, 'helm-cache'), HELM_CONFIG_HOME: path.join(CLUSTER_DIR, 'helm-config'), HELM_DATA_HOME: path.join(CLUSTER_DIR, 'helm-data'), ...opts.env },
  });
}

/** kubectl 1.35 against the test cluster. */
export function kubectl(args: readonly string[], opts?: RunOptions): Run {
  return run(requireEnv().kubectl, args, opts);
}

/** kubectl, failing the test with its stderr when it exits non-zero; returns stdout. */
export function kubectlOk(args: readonly string[], opts?: RunOptions): string {
  const r = kubectl(args, opts);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.error ? String(r.error) : ''}`);
  return r.stdout;
}

/** Helm 3 or 4 against the test cluster. */
export function helm(version: 3 | 4, args: readonly string[], opts?: RunOptions): Run {
  const env = requireEnv();
  return run(version === 3 ? env.helm3 : env.helm4, args, opts);
}

/** A namespace name no other test uses: `<prefix>-<6 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * Deletes namespaces and waits until they are gone: the node is minikube-sized, so pods of a
 * finished test must not hold its capacity while the next one schedules.
 */
export function deleteNamespaces(...names: string[]): void {
  if (names.length > 0) kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=true', '--timeout=120s', ...names]);
}

/**
 * NodePorts are cluster-wide: each test file takes its own pair from a range keyed by a name,
 * so files running at the same time (or several checkouts' tests) do not collide.
 */
export function nodePortPair(key: string): { frontend: number; backend: number } {
  const slot = crypto.createHash('sha256').update(key).digest().readUInt16BE(0) % 600;
  return { frontend: 31000 + slot * 2, backend: 31001 + slot * 2 };
}
