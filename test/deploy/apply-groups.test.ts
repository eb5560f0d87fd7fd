// How deploy splits the synthesized objects: scope comes from the API's kinds and the CRDs synth knew.
import { groupForApply } from '../../lib/deploy/apply';
import { DeployRefusal } from '../../lib/deploy/deploy-refusal';
import { customKindScopes } from '../../lib/model/api-scope';

const crd = (group: string, kind: string, scope: 'Namespaced' | 'Cluster') => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${kind.toLowerCase()}s.${group}` },
  spec: { group, scope, names: { kind, plural: `${kind.toLowerCase()}s` }, versions: [] },
});
const issuerCrd = crd('cert-manager.io', 'ClusterIssuer', 'Cluster');
const componentCrd = crd('dapr.io', 'Component', 'Namespaced');
const scopes = customKindScopes([issuerCrd, componentCrd]);

const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'todo' } },
  issuerCrd,
  { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt', namespace: 'todo' } },
  { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'kafka-pubsub' } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'backend', namespace: 'todo' } },
];

test('the Namespace and CRDs come first, outside the ApplySet; everything else is a member', () => {
  const groups = groupForApply(objects, 'todo', scopes);
  expect(groups.prerequisites.map((o) => o.kind)).toEqual(['Namespace', 'CustomResourceDefinition']);
  expect(groups.members.map((o) => o.kind)).toEqual(['ClusterIssuer', 'Component', 'ClusterRole', 'Deployment']);
});

test("a cluster-scoped custom kind (its CRD says scope: Cluster) is applied without a namespace, a namespaced one in the instance's", () => {
  const byKind = Object.fromEntries(groupForApply(objects, 'todo', scopes).members.map((o) => [o.kind, o]));
  expect(byKind.ClusterIssuer.metadata).toEqual({ name: 'letsencrypt' });
  expect(byKind.ClusterRole.metadata).toEqual({ name: 'reader' });
  expect(byKind.Component.metadata.namespace).toBe('todo');
  expect(byKind.Deployment.metadata.namespace).toBe('todo');
});

test('without its CRD a custom kind is taken as namespaced, as the API server defaults', () => {
  const member = groupForApply(objects, 'todo').members.find((o) => o.kind === 'ClusterIssuer');
  expect(member.metadata.namespace).toBe('todo');
});

test("a namespaced object in another namespace is refused, named; a cluster-scoped one's namespace is not looked at", () => {
  const elsewhere = [{ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'statestore', namespace: 'other' } }];
  expect(() => groupForApply(elsewhere, 'todo', scopes)).toThrow(DeployRefusal);
  expect(() => groupForApply(elsewhere, 'todo', scopes)).toThrow(/Component\/statestore: in namespace other, not the instance's namespace todo/);
  expect(() => groupForApply([{ ...objects[2], metadata: { name: 'x', namespace: 'other' } }], 'todo', scopes)).not.toThrow();
});
