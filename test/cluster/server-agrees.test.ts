// Needs: cluster
/**
 * lib/checks against the real API server, both ways:
 * - every object synth writes (both profiles, docs/extending.md's snippets) passes a server-side
 *   dry run with strict field validation and no warning, and a real Pod made from each pod
 *   template is admitted in a namespace that enforces "restricted";
 * - for every rule of lib/checks that the API server or PodSecurity admission also enforces, a
 *   violating object is refused by the synth-time checks and by the server (a Pod is refused; a
 *   Deployment is admitted with a warning, as controllers are).
 * The rules that deliberately go beyond the server are listed in BEYOND_THE_SERVER and in
 * docs/checks.md.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { checkManifests } from '../../lib/checks';
import { podTemplates } from '../../lib/checks/pods';
import { PROFILES } from '../../lib/model/settings/profiles';
import { validateConfig } from '../../lib/model/settings/validate';
import { deleteNamespaces, kubectl, kubectlOk, uniqueName } from '../support/cluster';
import { readCaptured } from '../support/capture';
import { extendingMains } from '../support/docs';
import { Manifest, synthProfile } from '../support/synth';
import { ClusterProject } from './cluster-project';

const ROOT = path.resolve(__dirname, '..', '..');
const yamlOf = (objects: readonly object[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');
const namespaces: string[] = [];
afterAll(() => deleteNamespaces(...namespaces));

/** Creates the synthesized Namespace (its Pod Security labels included) under another name, for real. */
function createNamespaceLike(objects: readonly Manifest[], prefix: string): string {
  const name = uniqueName(prefix);
  namespaces.push(name);
  const ns = objects.find((o) => o.kind === 'Namespace');
  if (!ns) throw new Error('no Namespace synthesized');
  kubectlOk(['create', '-f', '-'], { input: JSON.stringify({ ...ns, metadata: { ...ns.metadata, name } }) });
  return name;
}

/** The objects moved into namespace `name` (everything but the Namespace). */
const into = (objects: readonly Manifest[], name: string) =>
  objects.filter((o) => o.kind !== 'Namespace').map((o) => (o.metadata?.namespace ? { ...o, metadata: { ...o.metadata, namespace: name } } : o));

/** `kubectl create --dry-run=server --validate=strict`: the server's answer without storing anything. */
const serverDryRun = (objects: readonly object[]) => kubectl(['create', '--dry-run=server', '--validate=strict', '-o', 'name', '-f', '-'], { input: yamlOf(objects) });

/** A Pod as a workload's controller would create it from its template. */
function podFrom(template: ReturnType<typeof podTemplates>[number], namespace: string): Manifest {
  const claims = (template.workload.spec?.volumeClaimTemplates ?? []).map((c: any) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-probe` } }));
  const spec = { ...template.spec, volumes: [...(template.spec.volumes ?? []), ...claims] };
  if (template.workload.kind === 'Job' || template.workload.kind === 'CronJob') spec.restartPolicy = spec.restartPolicy ?? 'Never';
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: uniqueName(template.workload.metadata.name), namespace, labels: template.metadata.labels, annotations: template.metadata.annotations }, spec };
}

function expectAdmitted(objects: readonly Manifest[], prefix: string): void {
  const ns = createNamespaceLike(objects, prefix);
  const moved = into(objects, ns);
  const dry = serverDryRun(moved);
  expect(dry.stderr).toBe('');
  expect(dry.status).toBe(0);
  expect(dry.stdout.trim().split('\n')).toHaveLength(moved.length);
  for (const template of podTemplates(moved)) {
    const pod = podFrom(template, ns);
    const created = kubectl(['create', '-f', '-', '-o', 'name'], { input: JSON.stringify(pod) });
    expect({ owner: template.owner, stderr: created.stderr }).toEqual({ owner: template.owner, stderr: '' });
    expect(created.status).toBe(0);
  }
}

describe('what synth writes, the server accepts', () => {
  test.each(Object.keys(PROFILES))('profile %s: every object passes a strict server-side dry run; each pod template gives an admitted Pod', (profile) => {
    expectAdmitted(synthProfile(profile), `dry-${profile}`);
  });

  describe("docs/extending.md's snippets", () => {
    const mains = extendingMains();
    test('there are snippets to check', () => expect(mains.length).toBeGreaterThanOrEqual(6));
    test.each(mains.map((m, i) => [i, m.title, m.main] as const))('snippet %i (%s)', (_i, _title, main) => {
      const project = new ClusterProject('snippet', { main });
      try {
        project.synthesize();
        const objects = parseAllDocuments(fs.readFileSync(project.manifestFile, 'utf8')).map((d) => d.toJSON()).filter(Boolean);
        expectAdmitted(objects, 'snippet');
      } finally {
        project.synth.remove();
      }
    });
  });
});

describe("the extension cases of test/ (extend.test.ts, test/constructs/)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-capture-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every case the synth-time checks accept passes a strict server-side dry run, its pods admitted', () => {
    // The extension tests themselves, run with capture on: each chart they synthesize is written to dir.
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'test/constructs/'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TODO_TEST_CAPTURE_DIR: dir }, timeout: 300_000,
    });
    expect(run.status).toBe(0);
    const cases = readCaptured(dir);
    // The construct tests build charts in namespace todo without a Namespace object: give them the app's.
    const withNamespace = (m: readonly Manifest[]) => (m.some((o) => o.kind === 'Namespace') ? m : [local.find((o) => o.kind === 'Namespace')!, ...m]);
    const accepted = cases.filter((c) => checkManifests(withNamespace(c.manifests), c.config ?? config).length === 0);
    expect(cases.length).toBeGreaterThan(accepted.length);
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    // Dry runs store nothing, so one namespace serves every case.
    const ns = createNamespaceLike(local, 'ext');
    for (const c of accepted) {
      const objects = withNamespace(c.manifests);
      const moved = into(objects, ns).map((o) => (o.metadata && !o.metadata.namespace && o.kind !== 'Namespace' ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o));
      const dry = serverDryRun(moved);
      expect({ test: c.test, status: dry.status, stderr: dry.stderr }).toEqual({ test: c.test, status: 0, stderr: '' });
      for (const template of podTemplates(moved)) {
        const created = kubectl(['create', '--dry-run=server', '-f', '-', '-o', 'name'], { input: JSON.stringify(podFrom(template, ns)) });
        expect({ test: c.test, owner: template.owner, stderr: created.stderr }).toEqual({ test: c.test, owner: template.owner, stderr: '' });
      }
    }
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// Rule by rule: a violating object, refused by lib/checks and by the server.

const config = validateConfig(PROFILES.local, 'server-agrees test');
const local = synthProfile('local');

let ruleNamespace: string;
beforeAll(() => {
  ruleNamespace = createNamespaceLike(local, 'rules');
});


/** The backend Service in the rules' namespace, changed by `mutate` (given a copy). */
const service = (mutate: (s: any) => void): Manifest => {
  const s = structuredClone(local.find((o) => o.kind === 'Service' && o.metadata.name === 'backend')!);
  s.metadata.namespace = ruleNamespace;
  mutate(s);
  return s;
};

describe('what a real create refuses and a dry run does not (lib/checks, beyond the validator)', () => {
  test('the same nodePort on two Services: the second create is refused', () => {
    const a = service((s) => { s.metadata.name = 'np-a'; s.spec.ports[0].nodePort = 31998; });
    const b = service((s) => { s.metadata.name = 'np-b'; s.spec.ports[0].nodePort = 31998; });
    expect(checkManifests([a, b], config).map((v) => v.rule)).toContainEqual(expect.stringMatching(/nodePort 31998\/TCP is already taken by [\w-]+\/Service\/np-a/));
    kubectlOk(['create', '-f', '-'], { input: JSON.stringify(a) });
    const r = kubectl(['create', '-f', '-'], { input: JSON.stringify(b) });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/provided port is already allocated/);
  });
});

/**
 * Rules of lib/checks that the API server does not enforce, on purpose: the kubelet's, the
 * scheduler's, the app's and kubectl's, found before they fail at run time. docs/checks.md lists
 * them under "Beyond the API server".
 */
export const BEYOND_THE_SERVER = [
  'probe port name', // the kubelet fails the probe forever
  '`$(VAR)` references', // the kubelet passes the literal text
  'image user', // the kubelet refuses runAsNonRoot with a named USER; a wrong uid breaks file access
  'in-cluster URLs', // the app cannot connect
  'Ingress backends', // the controller answers 503
  'namespaces and apply order', // kubectl apply creates in file order
  'node fit', // the scheduler leaves pods Pending
  'public URLs and NodePorts', // the browser cannot reach the app
  'Ingress routes and TLS', // the controller routes one of two
  'shared namespaces', // applying would relabel a shared namespace
  'secret values', // a credential would be written into dist/
  'NodePort range and clashes', // a real create refuses them; a dry run allocates nothing
];

test('docs/checks.md lists the rules that go beyond the API server', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'checks.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Beyond the API server'));
  for (const rule of BEYOND_THE_SERVER) expect(section).toContain(rule);
});
