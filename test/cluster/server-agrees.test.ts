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
import { checkManifests, CheckViolation, objectRef } from '../../lib/checks';
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
const backend = local.find((o) => o.kind === 'Deployment' && o.metadata.name === 'backend')!;

let ruleNamespace: string;
beforeAll(() => {
  ruleNamespace = createNamespaceLike(local, 'rules');
});

/** The backend Deployment, changed by `mutate` (given a copy). */
function deployment(mutate: (d: any) => void): Manifest {
  const d = structuredClone(backend);
  d.metadata.namespace = ruleNamespace;
  mutate(d);
  return d;
}

/** A Pod with the backend's pod spec, changed by `mutate` (given the Pod's copy). */
function pod(mutate: (spec: any, pod: any) => void): Manifest {
  const p: any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: uniqueName('rule'), namespace: ruleNamespace, labels: { probe: 'rule' } }, spec: structuredClone(backend.spec.template.spec) };
  mutate(p.spec, p);
  return p;
}

/** What lib/checks says of the object, in the chart's namespace context. */
function ourViolations(obj: Manifest): CheckViolation[] {
  const ns = local.find((o) => o.kind === 'Namespace')!;
  const id = objectRef(obj);
  return checkManifests([{ ...ns, metadata: { ...ns.metadata, name: ruleNamespace } }, obj], config).filter((v) => v.object === id);
}

const container = (spec: any) => spec.containers[0];
const sc = (spec: any) => (container(spec).securityContext ??= {});

interface PodRule {
  /** The rule, as docs/checks.md names it. */
  readonly rule: string;
  readonly mutate: (spec: any, pod: any) => void;
  /** What lib/checks' message says. */
  readonly ours: RegExp;
  /**
   * Refused by API validation before admission, as a Deployment too (not only warned).
   * @default false
   */
  readonly invalid?: RegExp;
}

/** Pod Security "restricted" (and "baseline") controls: PodSecurity admission refuses the Pod. */
const POD_SECURITY: PodRule[] = [
  { rule: 'host namespaces', mutate: (s) => (s.hostNetwork = true), ours: /hostNetwork is true/ },
  { rule: 'host namespaces (PID)', mutate: (s) => (s.hostPID = true), ours: /hostPID is true/ },
  // (privileged with allowPrivilegeEscalation: false is invalid before admission sees it)
  { rule: 'privileged', mutate: (s) => { sc(s).privileged = true; delete sc(s).allowPrivilegeEscalation; }, ours: /privileged/ },
  { rule: 'hostPath volumes', mutate: (s) => (s.volumes ??= []).push({ name: 'host', hostPath: { path: '/etc' } }), ours: /hostPath/ },
  { rule: 'volume types', mutate: (s) => (s.volumes ??= []).push({ name: 'nfs', nfs: { server: 'nfs.example', path: '/' } }), ours: /uses nfs/ },
  { rule: 'host ports', mutate: (s) => (container(s).ports[0].hostPort = 8000), ours: /hostPort 8000/ },
  { rule: 'appArmor', mutate: (s) => (sc(s).appArmorProfile = { type: 'Unconfined' }), ours: /appArmorProfile\.type is Unconfined/ },
  { rule: 'seLinux', mutate: (s) => (sc(s).seLinuxOptions = { type: 'spc_t' }), ours: /seLinuxOptions sets type spc_t/ },
  { rule: 'procMount', mutate: (s) => (sc(s).procMount = 'Unmasked'), ours: /procMount is Unmasked/, invalid: /procMount: Invalid value: "Unmasked": `hostUsers` must be false/ },
  { rule: 'sysctls', mutate: (s) => ((s.securityContext ??= {}).sysctls = [{ name: 'kernel.msgmax', value: '65536' }]), ours: /kernel\.msgmax is not a safe sysctl/ },
  { rule: 'privilege escalation', mutate: (s) => (sc(s).allowPrivilegeEscalation = true), ours: /allowPrivilegeEscalation is not false/ },
  { rule: 'runAsNonRoot', mutate: (s) => { sc(s).runAsNonRoot = false; }, ours: /runAsNonRoot is false/ },
  { rule: 'runAsUser', mutate: (s) => (sc(s).runAsUser = 0), ours: /runAsUser is 0/ },
  { rule: 'seccomp', mutate: (s) => { delete s.securityContext.seccompProfile; sc(s).seccompProfile = { type: 'Unconfined' }; }, ours: /seccompProfile\.type is Unconfined/ },
  { rule: 'capabilities (drop)', mutate: (s) => (sc(s).capabilities = { drop: ['NET_RAW'] }), ours: /capabilities do not drop ALL/ },
  { rule: 'capabilities (add)', mutate: (s) => (sc(s).capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] }), ours: /adds capability SYS_ADMIN/ },
];

describe('Pod Security: refused by lib/checks and by PodSecurity admission', () => {
  test.each(POD_SECURITY.map((r) => [r.rule, r] as const))('%s', (_name, rule) => {
    const p = pod(rule.mutate);
    expect(ourViolations(p).map((v) => v.rule)).toContainEqual(expect.stringMatching(rule.ours));
    const created = kubectl(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(p) });
    expect(created.status).not.toBe(0);
    expect(created.stderr).toMatch(rule.invalid ?? /violates PodSecurity "restricted:latest"/);
    // A Deployment is admitted, with a warning naming the same violation (unless it is invalid).
    const d = deployment((dep) => rule.mutate(dep.spec.template.spec, dep.spec.template));
    const warned = serverDryRun([d]);
    if (rule.invalid) {
      expect(warned.status).not.toBe(0);
      expect(warned.stderr).toMatch(rule.invalid);
    } else {
      expect(warned.status).toBe(0);
      expect(warned.stderr).toMatch(/Warning: would violate PodSecurity "restricted:latest"/);
    }
  });
});

interface ObjectRule {
  readonly rule: string;
  /** The violating object. */
  readonly object: () => Manifest;
  readonly ours: RegExp;
  /** What the server answers. */
  readonly server: RegExp;
  /**
   * Only a real create finds it (a dry run allocates no NodePort, so it checks no range).
   * @default false
   */
  readonly realCreate?: boolean;
}

const service = (mutate: (s: any) => void): Manifest => {
  const s = structuredClone(local.find((o) => o.kind === 'Service' && o.metadata.name === 'backend')!);
  s.metadata.namespace = ruleNamespace;
  mutate(s);
  return s;
};

/** API server validation (schema, names, numbers): the create is refused. */
const API_SERVER: ObjectRule[] = [
  { rule: 'unknown field', object: () => deployment((d) => (d.spec.template.spec.containers[0].imagePullPolcy = 'Never')), ours: /unknown field "imagePullPolcy"/, server: /unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolcy"/ },
  { rule: 'field type', object: () => deployment((d) => (d.spec.replicas = 'two')), ours: /must be integer/, server: /spec\.replicas/ },
  { rule: 'negative replicas', object: () => deployment((d) => (d.spec.replicas = -1)), ours: /replicas is -1/, server: /spec\.replicas: Invalid value: -1/ },
  { rule: 'object name', object: () => deployment((d) => (d.metadata.name = 'My_Backend')), ours: /invalid name "My_Backend"/, server: /metadata\.name: Invalid value: "My_Backend"/ },
  { rule: 'Service name (DNS-1035)', object: () => service((s) => (s.metadata.name = '1backend')), ours: /invalid name "1backend"/, server: /metadata\.name: Invalid value: "1backend"/ },
  { rule: 'label value', object: () => deployment((d) => (d.metadata.labels['app.kubernetes.io/version'] = 'v1 beta')), ours: /invalid label value "v1 beta"/, server: /metadata\.labels: Invalid value: "v1 beta"/ },
  { rule: 'label key', object: () => deployment((d) => (d.metadata.labels['bad key'] = 'x')), ours: /invalid label key "bad key"/, server: /metadata\.labels: Invalid value: "bad key"/ },
  { rule: 'container name', object: () => deployment((d) => (d.spec.template.spec.containers[0].name = 'Backend_1')), ours: /invalid name "Backend_1"/, server: /containers\[0\]\.name: Invalid value: "Backend_1"/ },
  { rule: 'port name', object: () => deployment((d) => (d.spec.template.spec.containers[0].ports[0].name = 'http-api-server-main')), ours: /invalid port name "http-api-server-main"/, server: /ports\[0\]\.name: Invalid value: "http-api-server-main"/ },
  { rule: 'containerPort range', object: () => deployment((d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 70000)), ours: /containerPort 70000 is outside/, server: /containerPort: Invalid value: 70000/ },
  { rule: 'Service port range', object: () => service((s) => (s.spec.ports[0].port = 0)), ours: /port 0 is outside 1-65535/, server: /spec\.ports\[0\]\.port: (Invalid value: 0|Required value)/ },
  { rule: 'request above limit', object: () => deployment((d) => (d.spec.template.spec.containers[0].resources = { requests: { cpu: '2', memory: '128Mi' }, limits: { cpu: '1', memory: '128Mi' } })), ours: /request 2 is above the limit 1/, server: /must be less than or equal to cpu limit/ },
  { rule: 'nodePort on a ClusterIP Service', object: () => service((s) => { s.spec.type = 'ClusterIP'; s.spec.ports[0].nodePort = 31999; }), ours: /nodePort is set on a Service of type ClusterIP/, server: /nodePort: Forbidden: may not be used when `type` is 'ClusterIP'/ },
  { rule: 'nodePort range', object: () => service((s) => (s.spec.ports[0].nodePort = 80)), ours: /nodePort 80 is outside the cluster's NodePort range/, server: /provided port is not in the valid range/, realCreate: true },
  { rule: 'apiVersion not served (beta)', object: () => ({ apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'web', namespace: ruleNamespace }, spec: {} }), ours: /is not a stable API version/, server: /no matches for kind "Ingress" in version "networking\.k8s\.io\/v1beta1"/ },
  { rule: 'unknown kind', object: () => ({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'web', namespace: ruleNamespace } }), ours: /no Kubernetes 1\.30 schema for apiVersion apps\/v1, kind Deploymnet/, server: /no matches for kind "Deploymnet"/ },
];

describe('API server validation: refused by lib/checks and by the server', () => {
  test.each(API_SERVER.map((r) => [r.rule, r] as const))('%s', (_name, rule) => {
    const obj = rule.object();
    expect(ourViolations(obj).map((v) => v.rule)).toContainEqual(expect.stringMatching(rule.ours));
    const r = rule.realCreate ? kubectl(['create', '-f', '-'], { input: JSON.stringify(obj) }) : serverDryRun([obj]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(rule.server);
  });

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
];

test('docs/checks.md lists the rules that go beyond the API server', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'checks.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Beyond the API server'));
  for (const rule of BEYOND_THE_SERVER) expect(section).toContain(rule);
  for (const rule of [...POD_SECURITY, ...API_SERVER]) expect(doc).toContain(rule.rule.replace(/ \(.*\)$/, ''));
});
