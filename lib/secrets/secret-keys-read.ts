import { Manifest, objectRef } from '../checks/manifest';
import { allContainers, podTemplates } from '../checks/pods';

/** How the synthesized objects use one key of a Secret. */
export interface SecretKeyUse {
  readonly key: string;
  /** Every reader marks it `optional: true`: the pods start without it. */
  readonly optional: boolean;
  /** Who reads it, e.g. `Deployment/backend containers[0] "backend" env OPENAI_API_KEY`. */
  readonly readBy: readonly string[];
}

/** What the synthesized objects read from one Secret. */
export interface SecretRead {
  readonly secretName: string;
  /** Namespace of the pods that read it (undefined: `default`). */
  readonly namespace?: string;
  /** The keys named one by one (env `secretKeyRef`, volume `items`), in the order first read. */
  readonly keys: readonly SecretKeyUse[];
  /** Readers of every key at once (`envFrom.secretRef`, a secret volume without `items`). */
  readonly wholeSecretReadBy: readonly string[];
}

/**
 * Every Secret the pods of the synthesized objects read, and which keys: env `valueFrom.secretKeyRef`,
 * `envFrom.secretRef`, `secret` and `projected` volumes, in every container (init containers
 * included) of every pod template (Deployments, StatefulSets, Jobs, CronJobs, ...), whoever
 * added them. `npm run secret` writes these keys, so the Secret holds exactly what the
 * manifests read; a deploy command can check a cluster's Secret against the same list.
 */
export function secretsRead(objects: readonly unknown[]): SecretRead[] {
  const found = new Map<string, { secretName: string; namespace?: string; keys: Map<string, { optional: boolean; readBy: string[] }>; whole: string[] }>();
  const entry = (secretName: string, namespace: string | undefined) => {
    const id = `${namespace ?? 'default'}/${secretName}`;
    if (!found.has(id)) found.set(id, { secretName, namespace, keys: new Map(), whole: [] });
    return found.get(id)!;
  };
  const useKey = (secretName: unknown, namespace: string | undefined, key: unknown, optional: unknown, reader: string) => {
    if (typeof secretName !== 'string' || typeof key !== 'string') return;
    const keys = entry(secretName, namespace).keys;
    const use = keys.get(key) ?? { optional: true, readBy: [] };
    keys.set(key, { optional: use.optional && optional === true, readBy: [...use.readBy, reader] });
  };
  const useSecret = (secretName: unknown, namespace: string | undefined, items: unknown, optional: unknown, reader: string) => {
    if (typeof secretName !== 'string') return;
    if (Array.isArray(items) && items.length > 0) for (const item of items) useKey(secretName, namespace, item?.key, optional, reader);
    else entry(secretName, namespace).whole.push(reader);
  };

  for (const pod of podTemplates(objects as readonly Manifest[])) {
    for (const { where, container } of allContainers(pod.spec)) {
      const at = `${pod.owner} ${where}`;
      for (const env of Array.isArray(container?.env) ? container.env : []) {
        const ref = env?.valueFrom?.secretKeyRef;
        if (ref) useKey(ref.name, pod.namespace, ref.key, ref.optional, `${at} env ${env.name}`);
      }
      for (const from of Array.isArray(container?.envFrom) ? container.envFrom : []) {
        if (from?.secretRef) useSecret(from.secretRef.name, pod.namespace, undefined, from.secretRef.optional, `${at} envFrom`);
      }
    }
    for (const volume of Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : []) {
      const at = `${pod.owner} volume ${volume?.name}`;
      if (volume?.secret) useSecret(volume.secret.secretName, pod.namespace, volume.secret.items, volume.secret.optional, at);
      for (const source of Array.isArray(volume?.projected?.sources) ? volume.projected.sources : []) {
        if (source?.secret) useSecret(source.secret.name, pod.namespace, source.secret.items, source.secret.optional, at);
      }
    }
  }
  // Dapr Components read Secret keys through the secret store (the built-in `kubernetes` one
  // reads the Component's own namespace): the sidecar cannot load the component without them.
  for (const m of objects as readonly Manifest[]) {
    if (m?.kind !== 'Component' || typeof m.apiVersion !== 'string' || !m.apiVersion.startsWith('dapr.io/')) continue;
    if ((m.auth?.secretStore ?? 'kubernetes') !== 'kubernetes') continue;
    (Array.isArray(m.spec?.metadata) ? m.spec.metadata : []).forEach((item: any, i: number) => {
      const ref = item?.secretKeyRef;
      if (ref) useKey(ref.name, m.metadata?.namespace, ref.key ?? ref.name, false, `${objectRef(m)} spec.metadata[${i}] ${item.name}`);
    });
  }
  return [...found.values()].map((s) => ({
    secretName: s.secretName,
    namespace: s.namespace,
    keys: [...s.keys].map(([key, use]) => ({ key, ...use })),
    wholeSecretReadBy: s.whole,
  }));
}

/** `Kind/name` of the objects whose pods read a Secret, for messages. */
export function secretReaders(read: SecretRead): string[] {
  return [...new Set([...read.keys.flatMap((k) => k.readBy), ...read.wholeSecretReadBy].map((r) => r.split(' ')[0]))];
}
