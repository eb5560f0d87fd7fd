import { applySetParent } from './apply';
import { Kubectl, KubectlError } from './kubectl';

/** The label kubectl puts on every member of an ApplySet (its value: the ApplySet's id). */
export const APPLYSET_PART_OF = 'applyset.kubernetes.io/part-of';

/** What the cluster holds of one instance's ApplySet. */
export interface ApplySetMembers {
  /** The parent's id (the members' label value). */
  readonly id: string;
  /** `Deployment.apps`, `Service`...: the kinds kubectl recorded on the parent. */
  readonly groupKinds: readonly string[];
  /** Every member, as kubectl returns them. */
  readonly objects: readonly any[];
}

/**
 * The instance's ApplySet as deployed: its parent (written by deploy's apply) and every object
 * labelled as its member, of the kinds the parent lists. Undefined when the instance was never
 * deployed there (no parent).
 */
export async function readApplySet(kubectl: Kubectl, namespace: string, instance: string): Promise<ApplySetMembers | undefined> {
  const parent = await kubectl.run(['get', applySetParent(instance), '-n', namespace, '-o', 'json', '--ignore-not-found']);
  if (parent.code !== 0) throw new KubectlError(['get', applySetParent(instance)], parent);
  if (parent.stdout.trim() === '') return undefined;
  const meta = JSON.parse(parent.stdout).metadata;
  const id: string = meta.labels?.['applyset.kubernetes.io/id'];
  const groupKinds: string[] = (meta.annotations?.['applyset.kubernetes.io/contains-group-kinds'] ?? '').split(',').filter(Boolean);
  if (!id || groupKinds.length === 0) return { id, groupKinds, objects: [] };
  // kubectl names a kind with its group as KIND.GROUP, which it also accepts as a resource.
  const objects = await kubectl.json<{ items: any[] }>(['get', groupKinds.join(','), '-n', namespace, '-l', `${APPLYSET_PART_OF}=${id}`]);
  return { id, groupKinds, objects: objects.items };
}
