/**
 * A scratch synth project whose output goes to the test cluster: its own namespace and
 * NodePorts (values file), synth through the real `npm run synth` pipeline, and the same
 * `kubectl apply -f dist` docs/configuration.md gives (the by-hand path).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, SynthProject, ROOT } from '../support/synth-project';
import { ClusterKind, clusterEnv, deleteNamespacesOn, kubectl, kubectlOk, nodePortPair, nodePortsInUse, Run, uniqueName } from '../support/cluster';

/** A .env with every key the shipped profiles read (values made up for the test). */
export const TEST_ENV_FILE = 'BETTER_AUTH_SECRET=test-only-secret-0123456789abcdef0123\nPOSTGRES_PASSWORD=testonlypassword42\nOPENAI_API_KEY=sk-test-only\n';

export type DeployCommandName = 'deploy' | 'status' | 'down';

export interface ClusterProjectOptions {
  /** Profile. @default 'local' */
  readonly profile?: 'local' | 'cloud';
  /** Extra values (YAML) layered over the profile and the namespace/port values. @default '' */
  readonly values?: string;
  /** A main.ts body to synthesize instead of the repository's own; `@lib` is replaced by lib/'s path. */
  readonly main?: string;
  /** Which test cluster the project goes to. @default 'kwok' */
  readonly cluster?: ClusterKind;
  /**
   * The host in the public URLs (where a browser reaches the NodePorts): the real node's
   * address, as `minikube ip` gives it. @default 'localhost'
   */
  readonly publicHost?: string;
}

export class ClusterProject {
  readonly namespace: string;
  readonly synth: SynthProject;
  readonly cluster: ClusterKind;
  /** The frontend's and backend's NodePorts. */
  readonly ports: { readonly frontend: number; readonly backend: number };
  private readonly profile: 'local' | 'cloud';
  private readonly baseValues: string;

  constructor(prefix: string, opts: ClusterProjectOptions = {}) {
    this.namespace = uniqueName(prefix);
    this.profile = opts.profile ?? 'local';
    this.cluster = opts.cluster ?? 'kwok';
    this.synth = new SynthProject();
    if (opts.main) this.setMain(opts.main);
    // A pair no Service holds: another file's namespace may still be going away with its own.
    const ports = (this.ports = nodePortPair(this.namespace, this.profile === 'local' ? nodePortsInUse(this.cluster) : undefined));
    const host = opts.publicHost ?? 'localhost';
    this.baseValues = this.profile === 'local'
      ? `namespace: ${this.namespace}\npublicUrls: { frontend: "http://${host}:${ports.frontend}", backend: "http://${host}:${ports.backend}" }\n` +
        `exposure: { kind: node-port, frontendNodePort: ${ports.frontend}, backendNodePort: ${ports.backend} }\n`
      : `namespace: ${this.namespace}\n` + fs.readFileSync(this.synth.cloudValues, 'utf8');
    this.setValues(opts.values ?? '');
  }

  /** Replaces the extra values (the namespace and ports stay). */
  setValues(extra: string): void {
    fs.writeFileSync(this.synth.path('values.yaml'), `${this.baseValues}${extra}\n`);
  }

  /** Replaces the project's main.ts with this one (for the user's own additions); `@lib` is its ./lib. */
  setMain(body: string): void {
    this.synth.writeMain(body.replace(/@lib/g, './lib'));
  }

  /** `npm run synth --profile P -f values.yaml`; fails the test with synth's stderr when it fails. */
  synthesize(): string {
    // A main.ts outside the repository resolves cdk8s and friends from the repository's node_modules.
    const r = this.synth.run('synth', ['--profile', this.profile, '-f', this.synth.path('values.yaml')], { NODE_PATH: path.join(ROOT, 'node_modules') });
    if (r.status !== 0) throw new Error(`synth failed:\n${r.stderr}`);
    return this.synth.path('dist');
  }

  /** The synthesized manifest file. */
  get manifestFile(): string {
    return this.synth.path('dist', 'todo.k8s.yaml');
  }

  /** docs/configuration.md's `kubectl apply -f dist` (the by-hand path). */
  apply(extra: string[] = []): Run {
    return kubectl(['apply', '-f', this.synth.path('dist'), ...extra], { cluster: this.cluster });
  }

  /** `kubectl rollout status` of every Deployment and StatefulSet in the namespace. */
  waitForRollouts(timeout = '120s'): void {
    const cluster = { cluster: this.cluster };
    const names = kubectlOk(['get', 'deployments,statefulsets', '-n', this.namespace, '-o', 'name'], cluster).split('\n').filter(Boolean);
    if (names.length === 0) throw new Error(`no workloads in namespace ${this.namespace}`);
    for (const name of names) {
      const r = kubectl(['rollout', 'status', name, '-n', this.namespace, `--timeout=${timeout}`], { ...cluster, timeout: 600_000 });
      if (r.status !== 0) {
        const pods = kubectl(['get', 'pods', '-n', this.namespace, '-o', 'wide'], cluster).stdout;
        const events = kubectl(['get', 'events', '-n', this.namespace, '--field-selector', 'type=Warning'], cluster).stdout;
        throw new Error(`${name} did not roll out in ${timeout}: ${r.stderr}\n${pods}\n${events}`);
      }
    }
  }

  /** Writes the project's .env (deploy reads it from the project root). */
  writeEnv(content: string = TEST_ENV_FILE): void {
    fs.writeFileSync(this.synth.path('.env'), content, { mode: 0o600 });
  }

  /** The command line and environment of `npm run deploy|status|down` in this project, against the test cluster. */
  private command(command: DeployCommandName, args: readonly string[]) {
    const cluster = clusterEnv(this.cluster);
    const config = ['--profile', this.profile, '-f', this.synth.path('values.yaml')];
    // Images are not built here (kwok runs no container): the lock, if any, is used as it is.
    const flags = command === 'deploy' ? ['--no-build', ...config, ...args] : [...config, ...args];
    const env = this.synth.env({ KUBECONFIG: cluster.kubeconfig, KUBECTL: cluster.kubectl, NODE_PATH: path.join(ROOT, 'node_modules') });
    return { argv: [CLI, command, '--', ...flags], env };
  }

  /** `npm run deploy|status|down -- ARGS` (deploy with --no-build), run to its end. */
  run(command: DeployCommandName, args: readonly string[] = [], timeoutMs = 240_000): Run {
    const { argv, env } = this.command(command, args);
    return spawnSync(process.execPath, argv, { cwd: this.synth.dir, env, encoding: 'utf8', timeout: timeoutMs });
  }

  /** The same, in the background: resolves with its exit code and output. */
  start(command: DeployCommandName, args: readonly string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const { argv, env } = this.command(command, args);
    const child = spawn(process.execPath, argv, { cwd: this.synth.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  }

  remove(): void {
    deleteNamespacesOn(this.cluster, this.namespace);
    this.synth.remove();
  }
}
