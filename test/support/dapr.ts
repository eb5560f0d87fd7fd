/**
 * Dapr's control plane on the test cluster's real node, as `bash .ci/dapr up` installs it (Dapr's
 * own Helm chart from the Go module cache, images built by .ci/dapr-build): where its chart and
 * CRDs are, and whether it is Ready. Test files declare `// Needs: dapr` (with `real-node`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { clusterDir, readClusterEnv } from './cluster';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { daprInstallPid } = require('./dapr-install') as typeof import('./dapr-install');

export interface DaprEnv {
  /** e.g. v1.16.0 */
  readonly version: string;
  readonly namespace: string;
  /** charts/dapr in the Go module cache. */
  readonly chartDir: string;
  /** charts/dapr/crds in the Go module cache: Dapr's CustomResourceDefinitions. */
  readonly crdsDir: string;
  /** The daprd image the injector puts into pods. */
  readonly sidecarImage: string;
}

const START = 'Install it with `bash .ci/dapr up` (after `bash .ci/cluster up --node real`; it builds Dapr first: 700 s of CPU cold, 10-30 minutes on 2 cores), or `bash .ci/run`.';

/** The exports `.ci/dapr up` wrote; undefined when it never ran on this cluster. */
export function readDaprEnv(dir = clusterDir('real')): DaprEnv | undefined {
  const file = path.join(dir, 'dapr', 'env');
  if (!fs.existsSync(file)) return undefined;
  const vars = Object.fromEntries(
    fs.readFileSync(file, 'utf8').split('\n').map((l) => /^export (\w+)=(.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m).map((m) => [m[1], m[2]]),
  );
  return { version: vars.TODO_K8S_DAPR_VERSION, namespace: vars.TODO_K8S_DAPR_NAMESPACE, chartDir: vars.TODO_K8S_DAPR_CHART, crdsDir: vars.TODO_K8S_DAPR_CRDS, sidecarImage: vars.TODO_K8S_DAPR_SIDECAR_IMAGE };
}

/** The env, or an error saying how to install Dapr. */
export function daprEnv(): DaprEnv {
  const env = readDaprEnv();
  if (!env) throw new Error(daprProblem());
  return env;
}

/**
 * One line saying why Dapr's control plane is unusable and how to install it; undefined when
 * Ready, and while `.ci/dapr up` still runs (the files that need it wait for it to end,
 * test/support/dapr-install.js).
 */
export function daprProblem(): string | undefined {
  if (daprInstallPid() !== undefined) return undefined;
  const env = readDaprEnv();
  const cluster = readClusterEnv(clusterDir('real'));
  if (!env || !cluster) return `Dapr's control plane was never installed on the real node's cluster (no ${path.join(clusterDir('real'), 'dapr', 'env')}). ${START}`;
  if (!fs.existsSync(env.crdsDir)) return `Dapr's chart is not in the Go module cache (${env.chartDir}). ${START}`;
  const r = spawnSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, '--request-timeout=5s', '-n', env.namespace, 'get', 'deployments,statefulsets', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.readyReplicas}/{.spec.replicas} {end}'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return `Dapr's control plane does not answer (${(r.stderr || '').trim().split('\n')[0]}). ${START}`;
  const notReady = r.stdout.trim().split(/\s+/).filter((w) => w && !/^[^=]+=(\d+)\/\1$/.test(w));
  if (r.stdout.trim() === '' || notReady.length > 0) return `Dapr's control plane is not Ready in ${env.namespace} (${notReady.join(', ') || 'nothing there'}). ${START}`;
  return undefined;
}

/**
 * Dapr's CustomResourceDefinitions, as parsed objects: from the installed control plane's chart
 * when `.ci/dapr up` ran, else from the Go module cache (`go mod download` of the tested version,
 * which fetches it from the module proxy once). Never copied into this repository.
 */
export function daprCrds(version = 'v1.16.0'): object[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Yaml = require('yaml') as typeof import('yaml');
  let dir = readDaprEnv()?.crdsDir;
  if (!dir || !fs.existsSync(dir)) {
    const r = spawnSync('go', ['mod', 'download', '-json', `github.com/dapr/dapr@${version}`], { encoding: 'utf8', cwd: require('os').tmpdir(), env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' }, timeout: 300_000 });
    const moduleDir = r.status === 0 ? JSON.parse(r.stdout).Dir : undefined;
    if (!moduleDir) throw new Error(`Dapr's CRDs: go mod download github.com/dapr/dapr@${version} failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
    dir = path.join(moduleDir, 'charts', 'dapr', 'crds');
  }
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => Yaml.parseAllDocuments(fs.readFileSync(path.join(dir!, f), 'utf8')).map((d) => d.toJS()).filter((d) => d?.kind === 'CustomResourceDefinition'));
}
