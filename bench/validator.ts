/**
 * Benchmark: the validator's cold start and its cost per object. Each measurement is a fresh
 * Node process (what `npm run synth` pays): its thread compiles the module, restores the
 * snapshot and warms up, then N objects are validated. Measured twice: asked at once (cold
 * start), and asked after a head start of main-thread work (as when synth starts the validator
 * first and builds the chart meanwhile: only the wait at the end adds to synth). Prints medians.
 *   npx tsx bench/validator.ts            (RUNS=5 by default; needs `npm run validator`)
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SIZES = [1, 20, 500];

/** N objects of the kinds the project writes, each valid, in a namespace that enforces "restricted". */
function objects(n: number): object[] {
  const namespace = 'bench';
  const podSpec = {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'registry.example/app:1', ports: [{ name: 'http', containerPort: 8000 }], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true } }],
  };
  const kinds = [
    (i: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, namespace }, spec: { selector: { matchLabels: { app: `web-${i}` } }, template: { metadata: { labels: { app: `web-${i}` } }, spec: podSpec } } }),
    (i: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${i}`, namespace }, spec: { selector: { app: `web-${i}` }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }),
    (i: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${i}`, namespace }, data: { KEY: `value-${i}` } }),
    (i: number) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: `web-${i}`, namespace }, spec: { minAvailable: 1, selector: { matchLabels: { app: `web-${i}` } } } }),
  ];
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
  return [ns, ...Array.from({ length: n - 1 }, (_, i) => kinds[i % kinds.length](i))];
}

/** One measurement: validate n objects, after `headStart` ms of main-thread work. */
function once(n: number, headStart: number): void {
  const started = performance.now();
  const cpu = process.cpuUsage();
  // Loaded here so that loading the runner counts too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require('../lib/checks/apiserver') as typeof import('../lib/checks/apiserver');
  const handle = api.findValidator(api.defaultLocateOptions(ROOT, process.env));
  if (!handle) throw new Error(api.VALIDATOR_NOT_INSTALLED);
  api.startValidator(handle);
  const input = objects(n);
  // Synth's own work meanwhile, on this thread.
  for (const until = performance.now() + headStart; performance.now() < until; );
  const asked = performance.now();
  const results = api.validateObjects(handle, input);
  const answered = performance.now();
  const refused = results.filter((r) => r.code !== 201);
  if (refused.length > 0) throw new Error(`the benchmark's objects were refused: ${refused[0].message}`);
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ wall: answered - started, wait: answered - asked, cpu: (used.user + used.system) / 1000 }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const runs = Number(process.env.RUNS ?? 5);
  const headStart = Number(process.env.HEAD_START_MS ?? 500);
  // The first run after a build takes the snapshot; it is not counted.
  spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, 'once', '1', '0'], { cwd: ROOT, encoding: 'utf8' });
  const sample = (n: number, head: number) => Array.from({ length: runs }, () => {
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, 'once', String(n), String(head)], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as Record<string, number>;
  });
  console.log(`| objects | cold: wall (ms) | cold: CPU (ms) | after ${headStart} ms of other work: wait (ms) | per object, cold (ms) |`);
  console.log(`|---|---|---|---|---|`);
  const cold1 = median(sample(1, 0).map((s) => s.wall));
  for (const n of SIZES) {
    const cold = sample(n, 0);
    const warm = sample(n, headStart);
    const wall = median(cold.map((s) => s.wall));
    console.log(`| ${n} | ${wall.toFixed(0)} | ${median(cold.map((s) => s.cpu)).toFixed(0)} | ${median(warm.map((s) => s.wait)).toFixed(0)} | ${n > 1 ? ((wall - cold1) / (n - 1)).toFixed(2) : '-'} |`);
  }
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\nmedian of ${runs} fresh processes each; node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${load}`);
}

if (process.argv[2] === 'once') once(Number(process.argv[3]), Number(process.argv[4]));
else main();
