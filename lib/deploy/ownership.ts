/**
 * What this instance proves it created, besides its ApplySet's members (kubectl's ApplySet
 * rules, applied to what is not a member): the Namespace deploy created, the Secret deploy wrote
 * and the claims its StatefulSets made carry OWNER_LABEL. A namespace that existed before the
 * first deploy is never labelled, changed (its Pod Security level included) or deleted;
 * `app.kubernetes.io/instance` alone (Helm's release label) proves nothing.
 */
import { LABEL_KEYS, OWNER_LABEL } from '../model/labels';
import { ApplyGroups } from './apply';
import { FIELD_MANAGER } from './field-manager';
import { Kubectl, KubectlError } from './kubectl';

/** The namespace as the cluster holds it before deploy. */
export interface NamespaceState {
  readonly exists: boolean;
  /** Its labels (empty when it does not exist). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Reads the namespace's labels; `exists: false` when there is none. */
export async function readNamespace(kubectl: Kubectl, namespace: string): Promise<NamespaceState> {
  const r = await kubectl.run(['get', 'namespace', namespace, '-o', 'json', '--ignore-not-found']);
  if (r.code !== 0) throw new KubectlError(['get', 'namespace', namespace], r);
  if (r.stdout.trim() === '') return { exists: false, labels: {} };
  return { exists: true, labels: JSON.parse(r.stdout).metadata?.labels ?? {} };
}

/** Whether an object carries this instance's ownership label. */
export function carriesOwnerLabel(labels: Readonly<Record<string, string>> | undefined, instance: string): boolean {
  return labels?.[OWNER_LABEL] === instance;
}

/** The groups deploy applies, after deciding about the Namespace, and what to say about it. */
export interface NamespacePlan {
  readonly groups: ApplyGroups;
  /** Said when the namespace is someone else's and is left as it is. */
  readonly note?: string;
}

const POD_SECURITY_ENFORCE = 'pod-security.kubernetes.io/enforce';

/**
 * A Namespace deploy creates (or created before) is applied with OWNER_LABEL; one that existed
 * without it is someone else's (a shared namespace, `namespace: X`): it is left out of the apply,
 * so deploy neither labels it as this instance's nor changes its Pod Security level, and says so.
 */
export function planNamespace(groups: ApplyGroups, namespace: string, instance: string, state: NamespaceState): NamespacePlan {
  const isIt = (o: any) => o.kind === 'Namespace' && o.metadata?.name === namespace;
  const own = groups.prerequisites.find(isIt);
  if (!own) return { groups };
  if (!state.exists || carriesOwnerLabel(state.labels, instance)) {
    const labelled = { ...own, metadata: { ...own.metadata, labels: { ...own.metadata?.labels, [OWNER_LABEL]: instance } } };
    return { groups: { ...groups, prerequisites: groups.prerequisites.map((o) => (isIt(o) ? labelled : o)) } };
  }
  const wanted = own.metadata?.labels?.[POD_SECURITY_ENFORCE];
  const has = state.labels[POD_SECURITY_ENFORCE];
  const podSecurity = wanted && wanted !== has
    ? `; its Pod Security level stays ${has ? `"${has}"` : 'unset'} (the manifests ask for "${wanted}": kubectl label namespace ${namespace} ${POD_SECURITY_ENFORCE}=${wanted} sets it)`
    : '';
  return {
    groups: { ...groups, prerequisites: groups.prerequisites.filter((o) => !isIt(o)) },
    note:
      `deploy: namespace ${namespace} existed before this instance was first deployed (it has no ${OWNER_LABEL}=${instance}): it is used as it is, ` +
      `not labelled as this instance's and never deleted by down${podSecurity}. If this instance did create it (an earlier version of deploy did not label it), ` +
      `claim it with: kubectl label namespace ${namespace} ${OWNER_LABEL}=${instance}`,
  };
}

/** `PersistentVolumeClaim` names a StatefulSet makes: `<template>-<statefulset>-<ordinal>`. */
function claimPattern(statefulSet: any): RegExp[] {
  const templates: any[] = statefulSet.spec?.volumeClaimTemplates ?? [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return templates.map((t) => new RegExp(`^${escape(t.metadata?.name ?? '')}-${escape(statefulSet.metadata.name)}-\\d+$`));
}

/** Whether every label of the StatefulSet's selector is on the claim (the controller copies them). */
function matchesSelector(claim: any, statefulSet: any): boolean {
  const wanted: Record<string, string> = statefulSet.spec?.selector?.matchLabels ?? {};
  return Object.entries(wanted).every(([k, v]) => claim.metadata?.labels?.[k] === v);
}

/**
 * Labels the claims the instance's StatefulSets (ApplySet members) made with OWNER_LABEL, so a
 * later `down --delete-data` still knows them once the StatefulSets are gone. A claim is theirs
 * when its name is one the StatefulSet controller gives and it carries the selector's labels.
 */
export async function labelStatefulSetClaims(kubectl: Kubectl, namespace: string, instance: string, members: readonly any[]): Promise<void> {
  const statefulSets = members.filter((o) => o.kind === 'StatefulSet');
  if (statefulSets.length === 0) return;
  const claims = (await kubectl.json<{ items: any[] }>(['get', 'persistentvolumeclaims', '-n', namespace])).items;
  const theirs = claims.filter((c) => !carriesOwnerLabel(c.metadata?.labels, instance) && statefulSets.some((s) => matchesSelector(c, s) && claimPattern(s).some((p) => p.test(c.metadata.name))));
  if (theirs.length === 0) return;
  await kubectl.ok(['label', ...theirs.map((c) => `persistentvolumeclaim/${c.metadata.name}`), '-n', namespace, `${OWNER_LABEL}=${instance}`, '--overwrite', `--field-manager=${FIELD_MANAGER}`]);
}

/** The claims carrying this instance's ownership label. */
export async function ownedClaims(kubectl: Kubectl, namespace: string, instance: string): Promise<string[]> {
  const list = await kubectl.json<{ items: any[] }>(['get', 'persistentvolumeclaims', '-n', namespace, '-l', `${OWNER_LABEL}=${instance}`]);
  return list.items.map((c) => c.metadata.name);
}

/** Whether a Secret is the one deploy wrote: OWNER_LABEL, or the labels deploy set before it existed. */
export function isOwnSecret(labels: Readonly<Record<string, string>> | undefined, instance: string): boolean {
  return carriesOwnerLabel(labels, instance) || (labels?.[LABEL_KEYS.managedBy] === FIELD_MANAGER && labels?.[LABEL_KEYS.partOf] === instance);
}
