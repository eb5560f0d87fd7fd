// Needs: validator
/**
 * The validator (the API server's own validation, built from k8s.io/kubernetes as WebAssembly)
 * judges objects as the server does: what issue 21 found published is refused with the field
 * and the server's words, good objects of every kind pass, Pod Security "restricted" is applied
 * at the namespace's level, custom resources are checked against their definition (RE2 patterns,
 * CEL, enums, unknown fields), and a hostile object gets a clean answer. That the server says
 * exactly the same is test/cluster/validator-agrees.test.ts.
 */
import * as path from 'path';
import { kubeVersionIn, ObjectValidation, runValidator, validateObjects } from '../../../lib/checks/apiserver';
import { apiServerCheck } from '../../../lib/checks/api-server';
import { requireValidator } from '../../support/validator';
import { BAD_CASES, BAD_CRD_CASES, CaseContext, CUSTOM_CASES, deployment, EXISTING_CASES, gadget, gadgetCrd, GOOD_CASES, ISSUE_CASES, ValidatorCase } from './cases';

jest.setTimeout(5 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const handle = requireValidator();
const c: CaseContext = { ns: 'todo-unit', id: 'unit' };
const restricted = { 'pod-security.kubernetes.io/enforce': 'restricted' };
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: c.ns, labels: restricted } };

/** Every case in one run, as synth sends a whole chart: the Namespace and the definition first. */
const ALL = [...ISSUE_CASES, ...GOOD_CASES, ...BAD_CASES, ...EXISTING_CASES, ...BAD_CRD_CASES, ...CUSTOM_CASES];
let answers: Map<ValidatorCase, ObjectValidation>;
beforeAll(() => {
  const results = validateObjects(handle, [namespace, gadgetCrd(c), ...ALL.map((k) => k.object(c))]);
  expect(results.slice(0, 2).map((r) => r.code)).toEqual([201, 201]);
  answers = new Map(ALL.map((k, i) => [k, results[i + 2]]));
});

/** The field paths an answer names (a strict decoding error's fields included). */
function fieldsOf(r: ObjectValidation): string[] {
  return (r.errors ?? []).map((e) => e.field ?? '');
}

function expectAnswer(k: ValidatorCase): void {
  const r = answers.get(k)!;
  const seen = { code: r.code, fields: fieldsOf(r), message: r.message ?? '', podSecurity: (r.podSecurity ?? []).length > 0 };
  expect(seen).toEqual({
    code: k.code ?? 201,
    fields: k.field ? expect.arrayContaining([k.field]) : expect.anything(),
    message: k.says ? (typeof k.says === 'string' ? expect.stringContaining(k.says) : expect.stringMatching(k.says)) : expect.any(String),
    podSecurity: !!k.podSecurity,
  });
}

describe("what issue 21 found published: refused, naming the field, in the server's words", () => {
  test.each(ISSUE_CASES.map((k) => [k.name, k] as const))('%s', (_name, k) => {
    expectAnswer(k);
    const r = answers.get(k)!;
    // The message names the kind (with its group) and the object, as the server's Status does.
    expect(r.message).toMatch(/^(\w+)(\.[\w.]+)? "[^"]+" is invalid: /);
  });
});

describe('good objects of every kind the project writes pass', () => {
  test.each(GOOD_CASES.map((k) => [k.name, k] as const))('%s', (_name, k) => {
    expectAnswer(k);
    expect(answers.get(k)!.warnings ?? []).toEqual([]);
  });
});

describe('bad objects, cross-field rules included', () => {
  test.each(BAD_CASES.map((k) => [k.name, k] as const))('%s', (_name, k) => expectAnswer(k));
});

describe("the rules lib/checks' emulation was proven on (test/cluster/server-agrees.test.ts)", () => {
  test.each(EXISTING_CASES.map((k) => [k.name, k] as const))('%s', (_name, k) => expectAnswer(k));
});

describe('CustomResourceDefinitions and their custom resources, as the apiextensions server checks them', () => {
  test.each([...BAD_CRD_CASES, ...CUSTOM_CASES].map((k) => [k.name, k] as const))('%s', (_name, k) => expectAnswer(k));

  test('an unknown field is named as a cause, in the words of strict decoding', () => {
    const unknown = answers.get(CUSTOM_CASES.find((k) => k.name === 'a gadget with an unknown field')!)!;
    expect(unknown.errors).toEqual([{ reason: 'FieldValueUnknown', field: 'spec.colour', message: 'unknown field "spec.colour"' }]);
  });

  test("a pattern JavaScript's RegExp cannot even compile is RE2's, and works", () => {
    expect(() => new RegExp('(?i)^[a-z\\_]+$')).toThrow(SyntaxError);
    const good = CUSTOM_CASES.find((k) => k.name === 'a gadget that fits its definition')!;
    expect(answers.get(good)!.code).toBe(201);
  });

  test('a catastrophic-backtracking pattern is matched in linear time', () => {
    const started = Date.now();
    const [r] = validateObjects(handle, [gadgetCrd(c), gadget(c, { size: 1, code: `${'a'.repeat(5000)}!` })]).slice(1);
    expect(r.errors?.map((e) => e.field)).toEqual(['spec.code']);
    // A backtracking engine needs about 2^5000 steps for this; RE2 a few thousand.
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  test('scope comes from the definition: a cluster-scoped kind is namespaced: false', () => {
    const cluster = gadgetCrd(c, 'Cluster', 'Gizmo');
    const gizmo = { apiVersion: `${cluster.spec.group}/v1`, kind: 'Gizmo', metadata: { name: 'z1' }, spec: { size: 1 } };
    const [crd, answer] = validateObjects(handle, [cluster, gizmo]);
    expect(crd.code).toBe(201);
    expect(answer).toMatchObject({ code: 201, namespaced: false, namespace: '', resource: 'gizmos' });
    expect(validateObjects(handle, [gadgetCrd(c), gadget(c, { size: 1 })])[1]).toMatchObject({ namespaced: true, namespace: c.ns, resource: 'gadgets' });
  });

  test('a custom resource whose definition is not in the input says so; an unserved version is no match', () => {
    const [missing] = validateObjects(handle, [gadget(c, { size: 1 })]);
    expect(missing).toMatchObject({ code: 404, reason: 'NoCustomResourceDefinition' });
    expect(missing.message).toContain(`no CustomResourceDefinition of Gadget.${gadgetCrd(c).spec.group} is in the input`);
    const v2 = { ...gadget(c, { size: 1 }), apiVersion: `${gadgetCrd(c).spec.group}/v2` };
    const [, unserved] = validateObjects(handle, [gadgetCrd(c), v2]);
    expect(unserved).toMatchObject({ code: 404, reason: 'NoKindMatch' });
    expect(unserved.message).toContain('serves v1');
    // An invalid definition serves nothing.
    const [bad, orphan] = validateObjects(handle, [BAD_CRD_CASES[0].object(c), { ...gadget(c, { size: 1 }), kind: 'Widget' }]);
    expect([bad.code, orphan.reason]).toEqual([422, 'NoCustomResourceDefinition']);
  });
});

describe('Pod Security "restricted" at the namespace level', () => {
  const escalating = (ns: string) => deployment({ ns, id: c.id }, (_d, _s, ct) => (ct.securityContext.allowPrivilegeEscalation = true));

  test("a workload is warned about in the server's words; a namespace the input does not hold takes the default level", () => {
    const [, warned] = validateObjects(handle, [namespace, escalating(c.ns)]);
    expect(warned.podSecurity).toEqual(['would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)']);
    expect(validateObjects(handle, [escalating('elsewhere')])[0].podSecurity ?? []).toEqual([]);
    expect(validateObjects(handle, [escalating('elsewhere')], { defaultPodSecurity: { enforce: 'restricted' } })[0].podSecurity).toHaveLength(1);
    expect(validateObjects(handle, [escalating('elsewhere')], { defaultPodSecurity: { enforce: 'baseline', version: 'v1.34' } })[0].podSecurity ?? []).toEqual([]);
  });

  test('every pod template is evaluated: StatefulSet, Job, CronJob, ReplicaSet, DaemonSet, ReplicationController, PodTemplate', () => {
    const spec = { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'app', image: 'x', securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } }] };
    const tpl = (l: string, restartPolicy?: string) => ({ metadata: { labels: { app: l } }, spec: { ...spec, ...(restartPolicy ? { restartPolicy } : {}) } });
    const m = (name: string) => ({ name, namespace: c.ns });
    const objects = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: m('s'), spec: { serviceName: 's', selector: { matchLabels: { app: 's' } }, template: tpl('s') } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: m('r'), spec: { selector: { matchLabels: { app: 'r' } }, template: tpl('r') } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: m('d'), spec: { selector: { matchLabels: { app: 'd' } }, template: tpl('d') } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: m('j'), spec: { template: tpl('j', 'Never') } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: m('cj'), spec: { schedule: '@daily', jobTemplate: { spec: { template: tpl('cj', 'Never') } } } },
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: m('rc'), spec: { selector: { app: 'rc' }, template: tpl('rc') } },
      { apiVersion: 'v1', kind: 'PodTemplate', metadata: m('pt'), template: tpl('pt') },
    ];
    const results = validateObjects(handle, [namespace, ...objects]).slice(1);
    expect(results.map((r) => [r.kind, r.code, r.podSecurity])).toEqual(objects.map((o) => [o.kind, 201, [expect.stringContaining('unrestricted capabilities (container "app" must not include "NET_ADMIN" in securityContext.capabilities.add)')]]));
  });
});

describe('what a kind is comes from the server', () => {
  test('namespaced or not, its resource, and kinds or versions it does not serve', () => {
    const byKind = Object.fromEntries(validateObjects(handle, [GOOD_CASES[0].object(c), GOOD_CASES[1].object(c), GOOD_CASES.find((k) => k.name === 'ClusterRole')!.object(c)]).map((r) => [r.kind, r]));
    expect(byKind.Namespace).toMatchObject({ namespaced: false, namespace: '', resource: 'namespaces' });
    expect(byKind.Deployment).toMatchObject({ namespaced: true, namespace: c.ns, resource: 'deployments' });
    expect(byKind.ClusterRole).toMatchObject({ namespaced: false, namespace: '', resource: 'clusterroles' });
    const old = validateObjects(handle, [{ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'x' } }, { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'x' } }]);
    expect(old.map((r) => [r.reason, r.message])).toEqual([
      ['NoKindMatch', 'no matches for kind "Ingress" in version "extensions/v1beta1"'],
      ['NoKindMatch', 'no matches for kind "PodSecurityPolicy" in version "policy/v1beta1"'],
    ]);
  });

  test('a namespaced object without a namespace lands in the given one, as kubectl puts it in its current namespace', () => {
    const { metadata, ...rest } = GOOD_CASES[1].object(c);
    const object = { ...rest, metadata: { name: metadata.name } };
    expect(validateObjects(handle, [object])[0].namespace).toBe('default');
    expect(validateObjects(handle, [object], { namespace: 'todo' })[0].namespace).toBe('todo');
  });

  test('the served built-in resources are discovery\'s, and the version is the test cluster\'s', () => {
    const out = runValidator(handle, { objects: [], discovery: true });
    expect(out.kubernetesVersion).toBe(kubeVersionIn(path.join(ROOT, '.ci', 'cluster-versions')));
    const served = new Map(out.resources!.map((r) => [`${r.group}/${r.version}/${r.kind}`, r]));
    expect(served.get('apps/v1/Deployment')).toMatchObject({ resource: 'deployments', namespaced: true });
    expect(served.get('autoscaling/v2/HorizontalPodAutoscaler')).toMatchObject({ resource: 'horizontalpodautoscalers', namespaced: true });
    expect(served.get('apiextensions.k8s.io/v1/CustomResourceDefinition')).toMatchObject({ namespaced: false });
    expect(served.has('batch/v1beta1/CronJob')).toBe(false);
  });
});

describe('hostile input gets a clean answer', () => {
  /** `{ a: { a: ... { a: 1 } } }`, `depth` levels. */
  const nested = (depth: number) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  test('an object 2,000 levels deep, built-in or custom, is answered as the server answers it', () => {
    const deepConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep', namespace: c.ns }, data: nested(2000) };
    const deepGadget = gadget(c, { size: 1, extra: nested(2000) }, 'deep');
    const [configMap, , custom, after] = validateObjects(handle, [deepConfigMap, gadgetCrd(c), deepGadget, GOOD_CASES[1].object(c)]);
    expect(configMap).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(configMap.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal object into Go struct field ConfigMap.data of type string');
    // Kept as it is under x-kubernetes-preserve-unknown-fields, as the server keeps it.
    expect(custom).toMatchObject({ code: 201, kind: 'Gadget', name: 'deep' });
    expect(after.code).toBe(201);
  });

  test('an object deeper than JavaScript itself can write is refused alone, with the reason', () => {
    const [deep, after] = validateObjects(handle, [gadget(c, { size: 1, extra: nested(20_000) }, 'deeper'), GOOD_CASES[1].object(c)]);
    expect(deep).toMatchObject({ code: 422, reason: 'TooDeep', kind: 'Gadget', name: 'deeper', message: 'the object is nested too deeply for the validator to read (its stack ran out)' });
    expect(after.code).toBe(201);
  });

  test('values that are not objects, and objects without apiVersion or kind', () => {
    const results = validateObjects(handle, ['a string', 42, null, { kind: 'ConfigMap', metadata: { name: 'x' } }, { apiVersion: 'v1', metadata: { name: 'x' } }]);
    expect(results.map((r) => [r.code, r.reason, r.message])).toEqual([
      [400, 'BadRequest', 'the object is not a JSON object'],
      [400, 'BadRequest', 'the object is not a JSON object'],
      [400, 'BadRequest', 'the object is not a JSON object'],
      [400, 'BadRequest', 'error validating data: [apiVersion not set]'],
      [400, 'BadRequest', 'error validating data: [kind not set]'],
    ]);
  });
});

test("an APIService (the aggregator's kind, left out of the validator) is said to be checked by the cluster, not refused as a custom kind", () => {
  const apiService = {
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' },
    spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, service: { name: 'metrics-server', namespace: 'kube-system' } },
  };
  const violations = apiServerCheck(handle, [apiService as any], []);
  expect(violations).toEqual([expect.objectContaining({ object: 'APIService/v1beta1.metrics.k8s.io', severity: 'warning', rule: expect.stringMatching(/^not validated at synth: APIService/) })]);
});
