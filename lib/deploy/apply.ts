import { apiGroup, CustomKindScopes, isNamespaced } from '../model/api-scope';
import { builtInKindNamed } from './kind-names';
import { DeployRefusal } from './deploy-refusal';
import { FIELD_MANAGER } from './field-manager';
import { Kubectl, KubectlError } from './kubectl';
import { recogniseRefusal } from './refused-updates';

/** The ApplySet parent of one instance: a ConfigMap in its namespace that lists what deploy applied. */
export function applySetParent(instance: string): string {
  return `configmaps/${instance}-applyset`;
}

/** An object's identity for reports: `Deployment/backend` (namespace left out: one namespace per instance). */
export function objectId(o: any): string {
  return `${o.kind}/${o.metadata?.name}`;
}

/** The synthesized objects split the way deploy applies them. */
export interface ApplyGroups {
  /** What the rest needs first (the Namespace, CRDs): applied before the ApplySet, never pruned. */
  readonly prerequisites: readonly any[];
  /** The instance's ApplySet: its namespaced objects (in its namespace) and any other cluster-scoped ones; pruned. */
  readonly members: readonly any[];
}

/**
 * Kinds applied first and outside the ApplySet: nothing can be applied into a Namespace before it
 * exists, nor a custom resource before its CRD (kubectl cannot map its kind), and pruning a CRD
 * would delete every object of its kind in the cluster, other instances' included.
 */
const PREREQUISITE_KINDS = new Set(['Namespace', 'CustomResourceDefinition']);

/**
 * Splits the objects. Every other object is a member of the instance's ApplySet: a namespaced one
 * (by the API's kinds and the CRDs' scopes, model/api-scope.ts) in the instance's namespace, a
 * cluster-scoped one (a user's ValidatingAdmissionPolicy or ClusterIssuer) without a namespace;
 * kubectl prunes both. A namespaced object outside the instance's namespace is refused: the
 * ApplySet (and so pruning and `down`) covers one namespace.
 */
export function groupForApply(manifests: readonly any[], namespace: string, scopes: CustomKindScopes = new Map()): ApplyGroups {
  const first = manifests.filter((o) => PREREQUISITE_KINDS.has(o.kind) && apiGroup(o.apiVersion) === (o.kind === 'Namespace' ? '' : 'apiextensions.k8s.io'));
  const members = manifests.filter((o) => !first.includes(o));
  const inNamespace = (o: any) => isNamespaced(o, scopes);
  const elsewhere = members.filter((o) => inNamespace(o) && (o.metadata?.namespace ?? namespace) !== namespace);
  if (elsewhere.length > 0) {
    throw new DeployRefusal(`${elsewhere.map(objectId).join(', ')}: in namespace ${elsewhere[0].metadata.namespace}, not the instance's namespace ${namespace}.`, [
      'deploy applies, prunes and deletes one namespace per instance: put these objects in it, or deploy them separately.',
    ]);
  }
  const placed = (o: any) => {
    if (inNamespace(o)) return { ...o, metadata: { ...o.metadata, namespace } };
    const { namespace: _dropped, ...metadata } = o.metadata ?? {};
    return { ...o, metadata };
  };
  return { prerequisites: first, members: members.map(placed) };
}

/** What an apply changed, told by the objects' resourceVersions before and after. */
export interface ApplyReport {
  readonly created: readonly string[];
  readonly configured: readonly string[];
  readonly unchanged: readonly string[];
  readonly pruned: readonly string[];
}

const list = (objects: readonly any[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });

/** resourceVersion of each object that exists, by objectId. */
async function resourceVersions(kubectl: Kubectl, objects: readonly any[]): Promise<Map<string, string>> {
  if (objects.length === 0) return new Map();
  // `kubectl get -f -` reads the objects' kinds, names and namespaces; missing ones are skipped.
  const result = await kubectl.run(['get', '-f', '-', '--ignore-not-found', '-o', 'json'], list(objects));
  if (result.code !== 0) throw new KubectlError(['get', '-f', '-'], result);
  const out = result.stdout.trim() ? JSON.parse(result.stdout) : { kind: 'List', items: [] };
  const items: any[] = out.kind === 'List' ? out.items : [out];
  return new Map(items.map((o) => [objectId(o), o.metadata.resourceVersion]));
}

/** Does the namespace exist yet? */
export async function namespaceExists(kubectl: Kubectl, namespace: string): Promise<boolean> {
  const r = await kubectl.run(['get', 'namespace', namespace, '-o', 'name', '--ignore-not-found']);
  if (r.code !== 0) throw new KubectlError(['get', 'namespace', namespace], r);
  return r.stdout.trim() !== '';
}

/**
 * A server-side dry run of the whole apply: the API server runs admission and validation and
 * says what it would refuse, and nothing is stored. A refused update (immutable fields) is named
 * with its setting and what to do.
 *
 * The server refuses a dry run of an object whose namespace does not exist, so on a first deploy
 * the instance's Namespace (dry-run first, with the other prerequisites) is created before
 * its objects are tried; when they are refused, that Namespace, empty and made by this run, is
 * deleted again and the cluster is as it was. Returns whether the Namespace was created.
 */
export async function dryRunApply(kubectl: Kubectl, groups: ApplyGroups, namespace: string, namespaceIsThere: boolean): Promise<{ createdNamespace: boolean }> {
  if (namespaceIsThere) {
    await dryRun(kubectl, [...groups.prerequisites, ...groups.members], namespace);
    return { createdNamespace: false };
  }
  await dryRun(kubectl, groups.prerequisites, namespace);
  const namespaceObject = groups.prerequisites.find((o) => o.kind === 'Namespace' && o.metadata?.name === namespace);
  if (!namespaceObject || groups.members.length === 0) return { createdNamespace: false };
  await kubectl.ok(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], list([namespaceObject]));
  try {
    await dryRun(kubectl, groups.members, namespace);
  } catch (refusal) {
    const removed = await kubectl.run(['delete', 'namespace', namespace, '--wait=true', '--timeout=60s']);
    if (refusal instanceof DeployRefusal) {
      const what = removed.code === 0 ? `Namespace ${namespace}, created by this deploy for the dry run, was deleted again.` : `Namespace ${namespace}, created by this deploy for the dry run, could not be deleted (${removed.stderr.trim()}): \`kubectl delete namespace ${namespace}\` removes it; it is empty.`;
      throw new DeployRefusal(refusal.headline, [...refusal.details, what]);
    }
    throw refusal;
  }
  return { createdNamespace: true };
}

async function dryRun(kubectl: Kubectl, objects: readonly any[], namespace: string): Promise<void> {
  if (objects.length === 0) return;
  const result = await kubectl.run(['apply', '--server-side', '--dry-run=server', `--field-manager=${FIELD_MANAGER}`, '-f', '-', '-o', 'name'], list(objects));
  if (result.code === 0) return;
  const lines = result.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const details: string[] = [];
  for (const line of lines) {
    const refused = recogniseRefusal(line);
    details.push(refused ? `- ${refused.rule.setting(refused.name)} changed, which the server refuses on an existing object: ${line.replace(/^Error from server \(\w+\): /, '')}\n    what to do: ${refused.rule.advice(refused.name, namespace)}` : `- ${line.replace(/^Error from server \(\w+\): /, '')}`);
  }
  throw new DeployRefusal('The API server would refuse this deploy (server-side dry run; nothing was changed):', details);
}

/**
 * Applies by server-side apply under deploy's own field manager: the prerequisites
 * (the Namespace, CRDs) first, then the rest as one ApplySet whose members no longer
 * synthesized are pruned; objects outside the ApplySet (another tool's, the Secret, the
 * database's claims) are never touched. `afterNamespace` runs once the Namespace exists (deploy writes the Secret there). Reports what changed by resourceVersion: an unchanged
 * object is not written by the server, so a repeated deploy changes nothing.
 */
export async function applyObjects(kubectl: Kubectl, groups: ApplyGroups, namespace: string, instance: string, afterNamespace: () => Promise<void> = async () => undefined): Promise<ApplyReport> {
  // One read of every object (the namespaced ones carry their namespace), before and after.
  const all = [...groups.prerequisites, ...groups.members];
  const before = await resourceVersions(kubectl, all);
  const ssa = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'];
  if (groups.prerequisites.length > 0) await kubectl.ok(ssa, list(groups.prerequisites));
  // The Secret, between the Namespace and the pods that read it.
  await afterNamespace();
  const applied = await kubectl.run([...ssa, '-n', namespace, `--applyset=${applySetParent(instance)}`, '--prune'], list(groups.members));
  if (applied.code !== 0) throw new KubectlError(['apply', '--server-side', `--applyset`], applied);
  const pruned = applied.stdout.split('\n').map((l) => /^([a-z0-9-]+)(?:\.[\w.-]+)?\/(\S+) pruned$/.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null).map((m) => `${kindOf(m[1])}/${m[2]}`);
  const after = await resourceVersions(kubectl, all);
  const report = { created: [] as string[], configured: [] as string[], unchanged: [] as string[], pruned };
  for (const [id, version] of after) {
    if (!before.has(id)) report.created.push(id);
    else if (before.get(id) !== version) report.configured.push(id);
    else report.unchanged.push(id);
  }
  return report;
}

/** `deployment.apps` → `Deployment` (kubectl prints resources in lower case). */
function kindOf(resource: string): string {
  const name = resource.split('.')[0];
  return builtInKindNamed(name) ?? name;
}
