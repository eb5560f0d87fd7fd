/**
 * Which objects live in a namespace: the API's own kinds by one list, custom kinds by their
 * CustomResourceDefinition's `spec.scope`. Synth strips the chart's namespace from cluster-scoped
 * objects, deploy applies and prunes them without one, and messages name an object as
 * `namespace/Kind/name` or, cluster-scoped, `Kind/name`.
 */

/**
 * The API's cluster-scoped kinds (test/cluster/api-scope.test.ts compares this list with the test
 * cluster's `kubectl api-resources --namespaced=false`; it also holds the kinds of alpha and beta
 * APIs a cluster may turn on).
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ClusterTrustBundle', 'ComponentStatus',
  'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'DeviceClass', 'FlowSchema', 'IngressClass', 'IPAddress',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration', 'Namespace', 'Node',
  'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration', 'ResourceSlice', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectReview', 'SelfSubjectRulesReview', 'ServiceCIDR', 'StorageClass', 'StorageVersion', 'StorageVersionMigration',
  'SubjectAccessReview', 'TokenReview', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment', 'VolumeAttributesClass',
]);

/** An object's API group: `apps` for `apps/v1`, '' for the core group's `v1`. */
export function apiGroup(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** The scope of custom kinds, by `group/Kind`, from the CustomResourceDefinitions known. */
export type CustomKindScopes = ReadonlyMap<string, 'Namespaced' | 'Cluster'>;

/** `group/Kind` -> scope of every CustomResourceDefinition among `objects`. */
export function customKindScopes(crds: readonly any[]): Map<string, 'Namespaced' | 'Cluster'> {
  const scopes = new Map<string, 'Namespaced' | 'Cluster'>();
  for (const crd of crds) {
    const group = crd?.spec?.group;
    const kind = crd?.spec?.names?.kind;
    if (typeof group === 'string' && typeof kind === 'string') scopes.set(`${group}/${kind}`, crd.spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced');
  }
  return scopes;
}

/** Whether an object is namespaced: its CRD's scope for a custom kind, else the API's list. */
export function isNamespaced(obj: { apiVersion?: unknown; kind?: unknown }, custom: CustomKindScopes = new Map()): boolean {
  const scope = custom.get(`${apiGroup(obj?.apiVersion)}/${String(obj?.kind)}`);
  if (scope) return scope === 'Namespaced';
  return !CLUSTER_SCOPED_KINDS.has(String(obj?.kind));
}

/**
 * How messages name an object: `namespace/Kind/name`, or `Kind/name` when it is cluster-scoped
 * or has no namespace (yet). Several instances in one app stay apart this way.
 */
export function objectRef(obj: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }): string {
  const ns = obj?.metadata?.namespace;
  const id = `${String(obj?.kind)}/${String(obj?.metadata?.name ?? '?')}`;
  return typeof ns === 'string' && ns ? `${ns}/${id}` : id;
}
