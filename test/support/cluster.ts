/**
 * The test clusters `.ci/cluster up` starts (a real kube-apiserver, controller-manager and
 * scheduler each): where they are, and kubectl and Helm pointed at them. Two instances:
 * - `kwok` (`bash .ci/cluster up`): kwok's node, no container runs; test files declare
 *   `// Needs: cluster`;
 * - `real` (`bash .ci/cluster up --node real`): a real kubelet, containerd and CoreDNS; test
 *   files declare `// Needs: real-node`.
 * When a declared one does not answer, the run stops before any test.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const dirs = require('./cluster-dirs') as typeof import('./cluster-dirs');
/** Where `.ci/cluster` keeps the kwok instance's state, as the script defaults it. */
export const CLUSTER_DIR: string = dirs.CLUSTER_DIR;
/** Where `.ci/cluster up --node real` keeps the real node's instance. */
export const REAL_CLUSTER_DIR: string = dirs.REAL_CLUSTER_DIR;

/** Which instance: kwok's node, or the real node. */
export type ClusterKind = 'kwok' | 'real';

export const clusterDir = (kind: ClusterKind): string => (kind === 'real' ? REAL_CLUSTER_DIR : CLUSTER_DIR);

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
  /** The real node's containerd socket (images are imported into its namespace k8s.io); real instance only. */
  readonly nodeContainerd?: string;
}

/** The exports `.ci/cluster up` wrote into its env file; undefined when it never ran. */
export function readClusterEnv(dir = CLUSTER_DIR): ClusterEnv | undefined {
  const file = path.join(dir, 'env');
  if (!fs.existsSync(file)) return undefined;
  const vars = Object.fromEntries(
    fs.readFileSync(file, 'utf8').split('\n').map((l) => /^export (\w+)=(.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m).map((m) => [m[1], m[2]]),
  );
  return { kubeconfig: vars.KUBECONFIG, kubectl: vars.TODO_K8S_KUBECTL, helm3: vars.TODO_K8S_HELM3, helm4: vars.TODO_K8S_HELM4, kubeVersion: vars.TODO_K8S_KUBE_VERSION, nodeContainerd: vars.TODO_K8S_NODE_CONTAINERD };
}

/** One line saying why the cluster is unusable and how to start it; undefined when it answers. */
export function clusterProblem(kind: ClusterKind = 'kwok'): string | undefined {
  const dir = clusterDir(kind);
  const env = readClusterEnv(dir);
  const what = kind === 'real' ? "The test cluster's real node" : 'The test cluster';
  const start = kind === 'real'
    ? 'Start it with `bash .ci/cluster up --node real` (as root; build it first with `bash .ci/cluster-build all`, about 30 minutes cold), or `bash .ci/run`.'
    : 'Start it with `bash .ci/cluster up` (build it first with `bash .ci/cluster-build`, about 25 minutes cold), or `bash .ci/run`.';
  if (!env) return `${what} was never started here (no ${path.join(dir, 'env')}). ${start}`;
  const args = ['--kubeconfig', env.kubeconfig, '--request-timeout=5s'];
  const r = kind === 'real'
    ? spawnSync(env.kubectl, [...args, 'get', 'node', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}'], { encoding: 'utf8', timeout: 10_000 })
    : spawnSync(env.kubectl, [...args, 'get', '--raw', '/readyz'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status === 0 && (kind === 'kwok' || r.stdout.trim() === 'True')) return undefined;
  if (r.status === 0) return `${what} is not Ready (KUBECONFIG=${env.kubeconfig}; see ${path.join(dir, 'logs')}). ${start}`;
  return `${what}'s API server does not answer (KUBECONFIG=${env.kubeconfig}). ${start}`;
}

function requireEnv(kind: ClusterKind = 'kwok'): ClusterEnv {
  const env = readClusterEnv(clusterDir(kind));
  if (!env) throw new Error(clusterProblem(kind));
  return env;
}

/** The exports of one instance's env file; throws the one-line problem when it never ran. */
export const clusterEnv = (kind: ClusterKind = 'kwok'): ClusterEnv => requireEnv(kind);

export interface RunOptions {
  /** Standard input. */
  readonly input?: string;
  /** Working directory. @default the repository root */
  readonly cwd?: string;
  /** Extra environment. */
  readonly env?: Record<string, string>;
  /** Milliseconds before the command is killed. @default 180000 */
  readonly timeout?: number;
  /** Which instance. @default 'kwok' */
  readonly cluster?: ClusterKind;
}

/** A command's outcome, with stdout and stderr as text. */
export type Run = SpawnSyncReturns<string>;

const ROOT = path.resolve(__dirname, '..', '..');

function run(binary: string, args: readonly string[], opts: RunOptions = {}): Run {
  const env = requireEnv(opts.cluster);
  const dir = clusterDir(opts.cluster ?? 'kwok');
  return spawnSync(binary, args, {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    input: opts.input,
    timeout: opts.timeout ?? 180_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KUBECONFIG: env.kubeconfig, HELM_CACHE_HOME: path.join(dir, 'helm-cache'), HELM_CONFIG_HOME: path.join(dir, 'helm-config'), HELM_DATA_HOME: path.join(dir, 'helm-data'), ...opts.env },
  });
}

/** kubectl 1.35 against the test cluster. */
export function kubectl(args: readonly string[], opts?: RunOptions): Run {
  return run(requireEnv(opts?.cluster).kubectl, args, opts);
}

/** kubectl, failing the test with its stderr when it exits non-zero; returns stdout. */
export function kubectlOk(args: readonly string[], opts?: RunOptions): string {
  const r = kubectl(args, opts);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.error ? String(r.error) : ''}`);
  return r.stdout;
}

/** Helm 3 or 4 against the test cluster. */
export function helm(version: 3 | 4, args: readonly string[], opts?: RunOptions): Run {
  const env = requireEnv(opts?.cluster);
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
  deleteNamespacesOn('kwok', ...names);
}

/** deleteNamespaces on the given instance. */
export function deleteNamespacesOn(cluster: ClusterKind, ...names: string[]): void {
  if (names.length > 0) kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=true', '--timeout=120s', ...names], { cluster });
}

/**
 * NodePorts are cluster-wide: each test file takes its own pair from a range keyed by a name,
 * so files running at the same time (or several checkouts' tests) do not collide. `taken` ports
 * (a Service still holds them, say in a namespace being deleted) are skipped: the next free
 * slot after the name's is used.
 */
export function nodePortPair(key: string, taken: ReadonlySet<number> = new Set()): { frontend: number; backend: number } {
  const first = crypto.createHash('sha256').update(key).digest().readUInt16BE(0) % 600;
  for (let i = 0; i < 600; i++) {
    const slot = (first + i) % 600;
    const pair = { frontend: 31000 + slot * 2, backend: 31001 + slot * 2 };
    if (!taken.has(pair.frontend) && !taken.has(pair.backend)) return pair;
  }
  throw new Error('nodePortPair: every NodePort from 31000 to 32199 is taken');
}

/** The NodePorts every Service of that test cluster holds now. */
export function nodePortsInUse(cluster: ClusterKind): Set<number> {
  const out = kubectlOk(['get', 'services', '--all-namespaces', '-o', 'jsonpath={..nodePort}'], { cluster });
  return new Set(out.split(/\s+/).filter(Boolean).map(Number));
}
