// Needs: cluster, validator
/**
 * The validator against the real API server it was built from: every case of
 * test/checks/apiserver/cases.ts (good and bad, every kind the project writes, cross-field rules,
 * Pod Security, a CustomResourceDefinition and its custom resources), and everything synth writes
 * for each profile, is sent to both as `kubectl create --dry-run=server --validate=strict` sends
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

jest.setTimeout(10 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..');
const handle = findValidator(defaultLocateOptions(ROOT))!;

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
      if (group.endsWith('.todo-k8s.dev')) continue; // the tests' own definitions
      for (const r of list.resources as { name: string; kind: string; namespaced: boolean; verbs: string[] }[]) {
        if (r.name.includes('/') || !r.verbs.includes('create') || LEFT_OUT_KINDS.has(`${group}/${gv.slice(gv.indexOf('/') + 1)} ${r.kind}`)) continue;
        theirs.add(`${group}/${gv.slice(gv.indexOf('/') + 1)} ${r.kind} ${r.name} ${r.namespaced ? 'namespaced' : 'cluster'}`);
      }
    }
    expect([...ours].sort()).toEqual([...theirs].sort());
  });
});
