import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ClusterProject } from '../../cluster/cluster-project';
import { clusterEnv, kubectl, kubectlOk, Run } from '../../support/cluster';

/** The repository root: bin/, dockerfiles/ and node_modules are used from here. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The real node of `.ci/cluster up --node real`: how images reach it, how a project is deployed
 * to it, and what its pods report. Every kubectl call here goes to the real instance.
 */
const REAL = { cluster: 'real' } as const;

/** kubectl against the real node's cluster; stdout, or an error with kubectl's stderr. */
export const realKubectl = (args: readonly string[], timeout?: number): string => kubectlOk(args, { ...REAL, timeout });

/** The node's InternalIP (its own bridge's address), where NodePorts are served. */
export function nodeAddress(): string {
  const ip = realKubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}']).trim();
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) throw new Error(`the real node reports no InternalIP (got "${ip}")`);
  return ip;
}

/** A reference as containerd stores it: `todo-backend:dev` is `docker.io/library/todo-backend:dev`. */
function containerdName(ref: string): string {
  if (/^[^/]+[.:][^/]*\//.test(ref)) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}

/** Removes images from the node's containerd (what deploy delivered or the kubelet pulled for a test), so the next run gets them again. */
export function unloadImages(references: readonly string[]): void {
  const socket = clusterEnv('real').nodeContainerd;
  if (!socket) return;
  spawnSync('ctr', ['--address', socket, '-n', 'k8s.io', 'images', 'rm', ...references.map(containerdName)], { stdio: 'ignore' });
}

/** Writes the project's .env from `dotenv`. */
function writeDotenv(project: ClusterProject, dotenv: Record<string, string>): string {
  const envFile = project.synth.path('.env');
  fs.writeFileSync(envFile, Object.entries(dotenv).map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
  return envFile;
}

/**
 * `npm run deploy -- --no-build --update-secret` of a project on the real node, with `dotenv` as
 * its .env: deploy delivers the images the project's lock names (built beforehand, as by
 * `npm run images`), or the kubelet pulls what the settings name from a registry. Resolves
 * with deploy's outcome: its wait and diagnoses ran against the real kubelet.
 */
export function deployToCluster(project: ClusterProject, dotenv: Record<string, string>, timeout = '300s'): Run {
  if (project.cluster !== 'real') throw new Error('deployToCluster: the project is not for the real node (cluster: "real")');
  writeDotenv(project, dotenv);
  return project.run('deploy', ['--update-secret', '--timeout', timeout], 480_000);
}

/**
 * What deploy refuses at .env (a URL-special password, a missing key), applied anyway, the way
 * a hand-made Secret would be: `kubectl apply` of the dist and the Secret, so the test sees what
 * the kubelet does with it.
 */
export function applyBypassingDeploy(project: ClusterProject, dotenv: Record<string, string>): void {
  realKubectl(['apply', '--server-side', '--field-manager', 'todo-k8s-test', '--force-conflicts', '-f', project.synth.path('dist')]);
  const envFile = writeDotenv(project, dotenv);
  const secret = realKubectl(['-n', project.namespace, 'create', 'secret', 'generic', 'todo-secrets', `--from-env-file=${envFile}`, '--dry-run=client', '-o', 'yaml']);
  // Replaced whole: keys deploy wrote must go too (server-side apply would keep another manager's).
  realKubectl(['delete', 'secret', 'todo-secrets', '-n', project.namespace, '--ignore-not-found']);
  const r = kubectl(['create', '-f', '-'], { ...REAL, input: secret });
  if (r.status !== 0) throw new Error(`creating the Secret failed: ${r.stderr}`);
}

/** A pod's phase and each container's state as kubectl shows them (init containers first). */
export interface PodState {
  readonly name: string;
  readonly phase: string;
  readonly ready: boolean;
  readonly node?: string;
  readonly containers: { readonly name: string; readonly init: boolean; readonly state: string; readonly reason?: string; readonly message?: string; readonly restarts: number }[];
}

export function podStates(namespace: string, selector?: string): PodState[] {
  const pods = JSON.parse(realKubectl(['get', 'pods', '-n', namespace, ...(selector ? ['-l', selector] : []), '-o', 'json'])).items as any[];
  return pods.map((p) => ({
    name: p.metadata.name,
    phase: p.status.phase,
    ready: p.status.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True',
    node: p.spec.nodeName,
    containers: [
      ...(p.status.initContainerStatuses ?? []).map((c: any) => ({ c, init: true })),
      ...(p.status.containerStatuses ?? []).map((c: any) => ({ c, init: false })),
    ].map(({ c, init }) => {
      const [state, detail] = Object.entries(c.state ?? {})[0] ?? ['unknown', {}];
      return { name: c.name, init, state, reason: (detail as any).reason, message: (detail as any).message, restarts: c.restartCount };
    }),
  }));
}

/** Polls `check` every second until it returns a value, or throws with the last pod states. */
export async function waitFor<T>(what: string, namespace: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const pods = kubectl(['get', 'pods', '-n', namespace, '-o', 'wide'], REAL).stdout;
      const events = kubectl(['get', 'events', '-n', namespace, '--sort-by=.lastTimestamp'], REAL).stdout.split('\n').slice(-25).join('\n');
      throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${pods}\n${events}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * `npm run deploy -- --update-secret` of a project on the real node as a user runs it, building:
 * the sources the project's settings name, the images built from them with the project's
 * Dockerfiles (copied beside its main.ts, as in a checkout) and delivered to the node by deploy
 * itself, then the rollout. `extra` adds flags (e.g. `--port-forward`); `until` ends a command
 * that does not end by itself (port-forward) once its stderr shows it.
 */
export function deployBuilding(project: ClusterProject, dotenv: Record<string, string>, extra: readonly string[] = [], until?: RegExp, timeoutMs = 1_500_000): Promise<Run> {
  if (project.cluster !== 'real') throw new Error('deployBuilding: the project is not for the real node (cluster: "real")');
  writeDotenv(project, dotenv);
  const dockerfiles = project.synth.path('dockerfiles');
  if (!fs.existsSync(dockerfiles)) fs.cpSync(path.join(ROOT, 'dockerfiles'), dockerfiles, { recursive: true });
  const cluster = clusterEnv('real');
  // Deploy finds the node's containerd itself, from the node's cri-socket annotation.
  const env = project.synth.env({ KUBECONFIG: cluster.kubeconfig, KUBECTL: cluster.kubectl, NODE_PATH: path.join(ROOT, 'node_modules'), CI: 'true' });
  const argv = [path.join(ROOT, 'bin', 'todo-k8s.js'), 'deploy', '--profile', 'local', '-f', project.synth.path('values.yaml'), '--update-secret', '--timeout', '300s', ...extra];
  const child = spawn(process.execPath, argv, { cwd: project.synth.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (until && until.test(stderr)) child.kill('SIGINT');
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  return new Promise((resolve) => child.on('close', (status, signal) => {
    clearTimeout(timer);
    resolve({ status, signal, stdout, stderr, pid: child.pid ?? 0, output: [null, stdout, stderr], error: undefined } as unknown as Run);
  }));
}
