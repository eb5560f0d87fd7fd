import { TodoConfig } from '../model/settings/types';
import { applySetParent, objectId } from './apply';
import { readApplySet } from './applyset-members';
import { Kubectl } from './kubectl';
import { OWNER_LABEL } from '../model/labels';
import { carriesOwnerLabel, isOwnSecret, labelStatefulSetClaims, ownedClaims, readNamespace } from './ownership';

/** What `npm run down` deleted and what it left in place. */
export interface TearDownReport {
  readonly deleted: readonly string[];
  /** Kept on purpose: the database's claims and the Secret (unless deleteData), the Namespace. */
  readonly kept: readonly string[];
  /** Never deleted, as nothing proves this instance created them (`Namespace/x (why)`). */
  readonly notOurs: readonly string[];
  /** Nothing of this instance was found (never deployed here, or already down). */
  readonly nothingThere: boolean;
}

/**
 * Deletes the instance's ApplySet members and its parent, waiting for them to go. The claims
 * the database's StatefulSet made and the Secret deploy wrote are not members, so they stay and
 * a later deploy finds the same data and credentials, unless `deleteData`; then they are deleted,
 * and so is the Namespace, but only what carries this instance's ownership label (ownership.ts):
 * a Helm release's claims in the same namespace, a Secret made by hand and a namespace that
 * existed before the first deploy are never deleted.
 */
export async function tearDown(kubectl: Kubectl, config: TodoConfig, deleteData: boolean, timeoutMs: number): Promise<TearDownReport> {
  const ns = config.namespace;
  const set = await readApplySet(kubectl, ns, config.instance);
  const deleted: string[] = [];
  const wait = `--timeout=${Math.ceil(timeoutMs / 1000)}s`;
  if (set) {
    // Before the StatefulSets go: afterwards nothing tells their claims from anyone else's.
    await labelStatefulSetClaims(kubectl, ns, config.instance, set.objects);
    const members = set.objects.map((o) => `${o.kind}.${(o.apiVersion as string).includes('/') ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, '') + `/${o.metadata.name}`);
    if (members.length > 0) await kubectl.ok(['delete', ...members, '-n', ns, '--ignore-not-found', '--wait=true', wait]);
    await kubectl.ok(['delete', applySetParent(config.instance), '-n', ns, '--ignore-not-found']);
    deleted.push(...set.objects.map(objectId));
  }
  const claims = await ownedClaims(kubectl, ns, config.instance).catch(() => [] as string[]);
  const secretJson = (await kubectl.run(['get', 'secret', config.secretName, '-n', ns, '-o', 'json', '--ignore-not-found'])).stdout.trim();
  const secretLabels = secretJson ? JSON.parse(secretJson).metadata?.labels : undefined;
  const namespace = await readNamespace(kubectl, ns);
  const ownNamespace = namespace.exists && carriesOwnerLabel(namespace.labels, config.instance);
  const notOurs = [
    ...(secretJson && !isOwnSecret(secretLabels, config.instance) ? [`Secret/${config.secretName} (not written by deploy)`] : []),
    ...(namespace.exists && !ownNamespace ? [`Namespace/${ns} (no ${OWNER_LABEL}=${config.instance}: it existed before this instance was first deployed, or an earlier version of deploy or another tool made it)`] : []),
  ];
  const ownSecret = secretJson !== '' && isOwnSecret(secretLabels, config.instance);
  const data = [...claims.map((c) => `PersistentVolumeClaim/${c}`), ...(ownSecret ? [`Secret/${config.secretName}`] : [])];
  if (!deleteData) {
    return { deleted, kept: [...data, ...(ownNamespace ? [`Namespace/${ns}`] : [])], notOurs, nothingThere: !set && data.length === 0 };
  }
  if (claims.length > 0) await kubectl.ok(['delete', ...claims.map((c) => `persistentvolumeclaim/${c}`), '-n', ns, '--ignore-not-found', '--wait=true', wait]);
  if (ownSecret) await kubectl.ok(['delete', `secret/${config.secretName}`, '-n', ns, '--ignore-not-found']);
  deleted.push(...data);
  if (ownNamespace) {
    await kubectl.ok(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', wait]);
    deleted.push(`Namespace/${ns}`);
  }
  return { deleted, kept: [], notOurs, nothingThere: !set && data.length === 0 && !ownNamespace };
}
