import { TodoConfig } from '../model/settings/types';
import { applySetParent, objectId } from './apply';
import { readApplySet } from './applyset-members';
import { Kubectl } from './kubectl';
import { LABEL_KEYS } from '../model/labels';

/** What `npm run down` deleted and what it left in place. */
export interface TearDownReport {
  readonly deleted: readonly string[];
  /** Kept on purpose: the database's claims and the Secret (unless deleteData), the Namespace. */
  readonly kept: readonly string[];
  /** Nothing of this instance was found (never deployed here, or already down). */
  readonly nothingThere: boolean;
}

/**
 * Deletes the instance's ApplySet members and its parent, waiting for them to go. The claims
 * the database's StatefulSet made and the Secret deploy wrote are not members, so they stay and
 * a later deploy finds the same data and credentials, unless `deleteData`; then they are deleted
 * and so is the Namespace, when it is the instance's own (synthesized with it).
 */
export async function tearDown(kubectl: Kubectl, config: TodoConfig, deleteData: boolean, timeoutMs: number): Promise<TearDownReport> {
  const ns = config.namespace;
  const set = await readApplySet(kubectl, ns, config.instance);
  const deleted: string[] = [];
  const wait = `--timeout=${Math.ceil(timeoutMs / 1000)}s`;
  if (set) {
    const members = set.objects.map((o) => `${o.kind}.${(o.apiVersion as string).includes('/') ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, '') + `/${o.metadata.name}`);
    if (members.length > 0) await kubectl.ok(['delete', ...members, '-n', ns, '--ignore-not-found', '--wait=true', wait]);
    await kubectl.ok(['delete', applySetParent(config.instance), '-n', ns, '--ignore-not-found']);
    deleted.push(...set.objects.map(objectId));
  }
  const claims = await kubectl.json<{ items: any[] }>(['get', 'persistentvolumeclaims', '-n', ns, '-l', `${LABEL_KEYS.instance}=${config.instance}`]).then((l) => l.items, () => []);
  const secret = (await kubectl.run(['get', 'secret', config.secretName, '-n', ns, '-o', 'name', '--ignore-not-found'])).stdout.trim();
  const ownNamespace = (await kubectl.run(['get', 'namespace', ns, '-o', `jsonpath={.metadata.labels.${LABEL_KEYS.partOf.replace(/\./g, '\\.')}}`, '--ignore-not-found'])).stdout.trim() === config.instance;
  const data = [...claims.map((c) => `PersistentVolumeClaim/${c.metadata.name}`), ...(secret ? [`Secret/${config.secretName}`] : [])];
  if (!deleteData) {
    return { deleted, kept: [...data, ...(ownNamespace ? [`Namespace/${ns}`] : [])], nothingThere: !set && data.length === 0 };
  }
  if (claims.length > 0) await kubectl.ok(['delete', ...claims.map((c) => `persistentvolumeclaim/${c.metadata.name}`), '-n', ns, '--ignore-not-found', '--wait=true', wait]);
  if (secret) await kubectl.ok(['delete', secret, '-n', ns, '--ignore-not-found']);
  deleted.push(...data);
  if (ownNamespace) {
    await kubectl.ok(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', wait]);
    deleted.push(`Namespace/${ns}`);
  }
  return { deleted, kept: [], nothingThere: !set && data.length === 0 && !ownNamespace };
}
