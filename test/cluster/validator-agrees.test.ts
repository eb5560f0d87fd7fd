// Needs: cluster, validator
/**
 * The validator against the real API server it was built from: every case of
 * test/checks/apiserver/cases.ts (good and bad, every kind the project writes, cross-field rules,
 * Pod Security, a CustomResourceDefinition and its custom resources), everything synth writes
 * for each profile, and with Dapr's real CRDs installed the Phase V objects and the Dapr traps a
 * server refuses, is sent to both as `kubectl create --dry-run=server --validate=strict` sends
 * it, in a namespace that enforces "restricted". They must give the same verdict (status code),
 * the same message and the same Pod Security verdicts. What only a running cluster knows is
 * listed once, in RUNTIME_ONLY, with why; nothing else is normalised.
 */
import * as crypto from 'crypto';
import { findValidator, defaultLocateOptions, ObjectValidation, runValidator, validateObjects } from '../../lib/checks/apiserver';
import { PROFILES } from '../../lib/model/settings/profiles';
import { serverDryRunCreate, serverRequest, ServerAnswer } from '../support/apiserver-request';
import { deleteNamespaces, kubectl, kubectlOk } from '../support/cluster';
import { Manifest, synthProfile } from '../support/synth';
import { BAD_CASES, BAD_CRD_CASES, CaseContext, CUSTOM_CASES, EXISTING_CASES, gadgetCrd, GOOD_CASES, ISSUE_CASES, ValidatorCase } from '../checks/apiserver/cases';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { daprCrds } from '../support/dapr';
import { synthChart } from '../support/synth';
import { phaseVCloud, phaseVLocal } from '../phase-v/helpers/settings';

jest.setTimeout(10 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..');
const handle = findValidator(defaultLocateOptions(ROOT, process.env))!;

/**
 * What the server knows only because it runs, and the validator cannot: each is normalised out
 * of the comparison, or a case avoids it, and docs/validator.md lists it.
 */
export const RUNTIME_ONLY = [
  { what: 'names generated from metadata.generateName', why: 'a random suffix per request', normalise: (s: string) => s.replace(/\b(web-)[a-z0-9]{5}\b/g, '$1xxxxx') },
  { what: 'uids', why: 'random per object', normalise: (s: string) => s.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uid>') },
  { what: 'name clashes (AlreadyExists)', why: 'only the cluster holds the stored objects: cluster-wide names carry a per-run suffix here', normalise: (s: string) => s },
  { what: 'NodePorts and cluster IPs in use', why: 'only the cluster knows the allocations; a dry run checks neither the NodePort range nor whether a port is taken (a real create does)', normalise: (s: string) => s },
  { what: 'whether the namespace and its ServiceAccount exist, quotas, limit ranges, priority classes, webhooks', why: 'admission plugins that read the cluster (NamespaceLifecycle, ServiceAccount, ResourceQuota, LimitRanger, Priority, webhooks): the test namespace exists and has its default ServiceAccount', normalise: (s: string) => s },
];
const normalise = (s: string) => RUNTIME_ONLY.reduce((t, r) => r.normalise(t), s);

const id = crypto.randomBytes(3).toString('hex');
const c: CaseContext = { ns: `valagree-${id}`, id };
const namespaceObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: c.ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } } };
const crdName = gadgetCrd(c).metadata.name;
/** The cluster's Service IP range, as its ServiceCIDR says (the validator defaults to minikube's). */
let serviceClusterIPRange: string;

beforeAll(async () => {
  serviceClusterIPRange = kubectlOk(['get', 'servicecidr', 'kubernetes', '-o', 'jsonpath={.spec.cidrs[0]}']).trim();
  kubectlOk(['create', '-f', '-'], { input: JSON.stringify(namespaceObject) });
  // The ServiceAccount admission plugin refuses a Pod until the namespace's default ServiceAccount exists.
  for (let i = 0; i < 120 && kubectl(['get', 'serviceaccount', 'default', '-n', c.ns]).status !== 0; i++) await new Promise((r) => setTimeout(r, 500));
});
afterAll(() => {
  deleteNamespaces(c.ns);
  kubectl(['delete', 'customresourcedefinition', crdName, '--ignore-not-found', '--wait=false']);
});

/** The resource path the validator found for an object, as kubectl builds it. */
function resourcePath(r: ObjectValidation): string {
  const slash = r.apiVersion.indexOf('/');
  const base = slash < 0 ? `/api/${r.apiVersion}` : `/apis/${r.apiVersion}`;
  return r.namespaced ? `${base}/namespaces/${r.namespace}/${r.resource}` : `${base}/${r.resource}`;
}

/** What the server says of a kind the validator serves no resource for: is it in discovery? */
async function serverServesKind(apiVersion: string, kind: string): Promise<boolean> {
  const answer = await serverRequest('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
  return answer.code === 200 && (answer.body.resources ?? []).some((r: { kind: string; name: string }) => r.kind === kind && !r.name.includes('/'));
}

/** The comparable parts of an answer. */
function verdict(code: number, message: string | undefined, warnings: readonly string[]) {
  return {
    code,
    message: normalise(message ?? ''),
    podSecurity: warnings.filter((w) => w.startsWith('would violate PodSecurity')).map(normalise),
    otherWarnings: warnings.filter((w) => !w.startsWith('would violate PodSecurity')).map(normalise),
  };
}

async function expectAgreement(name: string, object: unknown, ours: ObjectValidation): Promise<ServerAnswer | undefined> {
  if (ours.reason === 'NoKindMatch') {
    expect({ name, served: await serverServesKind(ours.apiVersion, ours.kind) }).toEqual({ name, served: false });
    return undefined;
  }
  expect({ name, resource: ours.resource }).toEqual({ name, resource: expect.stringMatching(/^[a-z0-9]+$/) });
  const theirs = await serverDryRunCreate(resourcePath(ours), object);
  const theirMessage = theirs.code >= 300 ? String(theirs.body?.message ?? theirs.body) : undefined;
  expect({ name, ...verdict(ours.code, ours.message, ours.warnings ?? []) }).toEqual({ name, ...verdict(theirs.code, theirMessage, theirs.warnings) });
  return theirs;
}

const BUILT_IN = [...ISSUE_CASES, ...GOOD_CASES, ...BAD_CASES, ...EXISTING_CASES];

describe('every case: the validator and the server give the same verdict and the same words', () => {
  let ours: Map<ValidatorCase, ObjectValidation>;
  let crdAnswer: ObjectValidation;
  beforeAll(() => {
    const all = [...BUILT_IN, ...BAD_CRD_CASES, ...CUSTOM_CASES];
    const results = validateObjects(handle, [namespaceObject, gadgetCrd(c), ...all.map((k) => k.object(c))], { serviceClusterIPRange });
    crdAnswer = results[1];
    ours = new Map(all.map((k, i) => [k, results[i + 2]]));
  });

  test('there are at least 80 cases, good and bad, across every kind the project writes', () => {
    const kinds = new Set([...ours.keys()].map((k) => k.object(c).kind));
    for (const kind of ['Namespace', 'Deployment', 'StatefulSet', 'Service', 'ConfigMap', 'Secret', 'NetworkPolicy', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'Gadget']) expect(kinds).toContain(kind);
    expect(ours.size).toBeGreaterThanOrEqual(80);
    expect([...ours.values()].filter((r) => r.code === 201).length).toBeGreaterThanOrEqual(20);
  });

  test.each(BUILT_IN.map((k) => [k.name, k] as const))('%s', async (name, k) => {
    await expectAgreement(name, k.object(c), ours.get(k)!);
  });

  describe('a CustomResourceDefinition and its custom resources', () => {
    test.each(BAD_CRD_CASES.map((k) => [k.name, k] as const))('%s', async (name, k) => {
      await expectAgreement(name, k.object(c), ours.get(k)!);
    });

    test('the definition itself (a dry run, before it is installed)', async () => {
      await expectAgreement('gadget CRD', gadgetCrd(c), crdAnswer);
    });

    describe('with the definition installed', () => {
      beforeAll(() => {
        kubectlOk(['create', '-f', '-'], { input: JSON.stringify(gadgetCrd(c)) });
        kubectlOk(['wait', '--for=condition=Established', `customresourcedefinition/${crdName}`, '--timeout=60s']);
      });

      test.each(CUSTOM_CASES.map((k) => [k.name, k] as const))('%s', async (name, k) => {
        await expectAgreement(name, k.object(c), ours.get(k)!);
      });
    });
  });
});

describe('what synth writes: accepted by both, no Pod Security warning', () => {
  /** The profile's objects in the test's namespace (the Namespace renamed, its labels kept). */
  const moved = (objects: readonly Manifest[], ns: string) => objects.map((o) => (o.kind === 'Namespace' ? { ...o, metadata: { ...o.metadata, name: ns } } : o.metadata?.namespace ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o));

  test.each(Object.keys(PROFILES))('profile %s', async (profile) => {
    const objects = moved(synthProfile(profile), c.ns).filter((o) => o.kind !== 'Namespace');
    const results = validateObjects(handle, [namespaceObject, ...objects], { serviceClusterIPRange }).slice(1);
    expect(results.filter((r) => r.code !== 201 || (r.warnings ?? []).length > 0)).toEqual([]);
    for (const [i, o] of objects.entries()) await expectAgreement(`${profile}: ${o.kind}/${o.metadata.name}`, o, results[i]);
  });
});

describe("Phase V: Dapr's real CRDs installed, the objects the project writes for it and the traps the server refuses", () => {
  const crds = daprCrds() as any[];
  /** The Dapr CRDs this test installed (one the cluster had already stays). */
  const installed: string[] = [];
  const moved = (o: Manifest) => (o.metadata?.namespace ? { ...o, metadata: { ...o.metadata, namespace: c.ns } } : o);
  const phaseV = (settings: typeof phaseVLocal) => synthChart(new TodoChart(Testing.app(), 'todo', { config: settings() })).filter((o) => o.kind !== 'Namespace').map(moved);
  const component = (name: string, spec: object, extra: object = {}) => ({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name, namespace: c.ns }, spec, ...extra });
  /** Phase V's traps a server refuses (the ones it accepts are synth's own checks: test/checks/dapr-traps.test.ts). */
  const BAD = [
    { name: 'Component with scopes under spec', object: component('scoped', { type: 'pubsub.kafka', version: 'v1', metadata: [], scopes: ['backend'] }) },
    { name: 'Component without spec.type', object: component('typeless', { version: 'v1', metadata: [] }) },
    { name: 'Subscription v2alpha1 without routes', object: { apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription', metadata: { name: 'routeless', namespace: c.ns }, spec: { pubsubname: 'kafka-pubsub', topic: 'task-events' } } },
    { name: 'Component with a metadata item that is not an object', object: component('listy', { type: 'state.postgresql', version: 'v1', metadata: ['connectionString'] }) },
  ];

  beforeAll(() => {
    for (const crd of crds) {
      if (kubectl(['get', 'customresourcedefinition', crd.metadata.name]).status === 0) continue;
      kubectlOk(['create', '-f', '-'], { input: JSON.stringify(crd) });
      installed.push(crd.metadata.name);
    }
    if (installed.length > 0) kubectlOk(['wait', '--for=condition=Established', ...installed.map((n) => `customresourcedefinition/${n}`), '--timeout=60s']);
  });
  afterAll(() => {
    if (installed.length > 0) kubectl(['delete', 'customresourcedefinition', ...installed, '--ignore-not-found', '--wait=true', '--timeout=60s']);
  });

  test.each([['local, in-cluster Kafka', phaseVLocal], ['cloud route, managed Kafka', phaseVCloud]] as const)('the Phase V app (%s): every object, Components and Subscriptions included', async (_name, settings) => {
    const objects = phaseV(settings);
    expect(objects.filter((o) => o.apiVersion.startsWith('dapr.io/')).length).toBeGreaterThanOrEqual(2);
    const results = validateObjects(handle, [namespaceObject, ...crds, ...objects], { serviceClusterIPRange }).slice(1 + crds.length);
    expect(results.filter((r) => r.code !== 201)).toEqual([]);
    for (const [i, o] of objects.entries()) await expectAgreement(`${o.kind}/${o.metadata.name}`, o, results[i]);
  });

  test.each(BAD.map((k) => [k.name, k] as const))('%s', async (name, k) => {
    const [ours] = validateObjects(handle, [namespaceObject, ...crds, k.object], { serviceClusterIPRange }).slice(1 + crds.length);
    expect(ours.code).toBeGreaterThanOrEqual(400);
    await expectAgreement(name, k.object, ours);
  });
});

describe('what the server serves', () => {
  test('the server runs the Kubernetes version the validator was built from', async () => {
    const server = (await serverRequest('GET', '/version')).body.gitVersion;
    expect(runValidator(handle, { objects: [] }).kubernetesVersion).toBe(server);
  });

  /**
   * Built-in resources the validator leaves out on purpose: reviews are questions to the
   * server, not objects a manifest stores; APIService belongs to the aggregator; a Binding is
   * the scheduler's act of placing a pod.
   */
  const LEFT_OUT = new Set(['authentication.k8s.io', 'authorization.k8s.io', 'apiregistration.k8s.io']);
  const LEFT_OUT_KINDS = new Set(['/v1 Binding']);

  test('the creatable built-in resources of the server are the validator\'s, with the same scope', async () => {
    const served = runValidator(handle, { objects: [], discovery: true }).resources!;
    const ours = new Set(served.map((r) => `${r.group}/${r.version} ${r.kind} ${r.resource} ${r.namespaced ? 'namespaced' : 'cluster'}`));
    const groups = (await serverRequest('GET', '/apis')).body.groups as { name: string; versions: { groupVersion: string }[] }[];
    const theirs = new Set<string>();
    for (const gv of ['v1', ...groups.flatMap((g) => (LEFT_OUT.has(g.name) ? [] : g.versions.map((v) => v.groupVersion)))]) {
      const list = (await serverRequest('GET', gv === 'v1' ? '/api/v1' : `/apis/${gv}`)).body;
      const group = gv.includes('/') ? gv.slice(0, gv.indexOf('/')) : '';
      if (group.endsWith('.todo-k8s.dev') || group === 'dapr.io') continue; // custom: the tests' own definitions, Dapr's
      for (const r of list.resources as { name: string; kind: string; namespaced: boolean; verbs: string[] }[]) {
        if (r.name.includes('/') || !r.verbs.includes('create') || LEFT_OUT_KINDS.has(`${group}/${gv.slice(gv.indexOf('/') + 1)} ${r.kind}`)) continue;
        theirs.add(`${group}/${gv.slice(gv.indexOf('/') + 1)} ${r.kind} ${r.name} ${r.namespaced ? 'namespaced' : 'cluster'}`);
      }
    }
    expect([...ours].sort()).toEqual([...theirs].sort());
  });
});
