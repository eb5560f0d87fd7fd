/**
 * Dapr 1.16's sidecars read Components and Subscriptions (and the Secret keys they name) when they
 * start; hot reload is off by default. After an apply that changed any of them, the Dapr apps
 * that were not just created start again, or they keep the old ones until their next restart.
 */
import { DAPR_ANNOTATIONS, DAPR_GROUP } from '../model/dapr';
import { SecretRead } from '../secrets/secret-keys-read';
import { ApplyReport } from './apply';
import { RESTARTABLE_KINDS } from './rollout-cluster-state';

/** `Deployment/backend`, ... : the Dapr workloads to restart (none when no Dapr object or key changed). */
export function daprAppsToRestart(objects: readonly any[], applied: ApplyReport, read: SecretRead, changedKeys: readonly string[]): string[] {
  const daprKind = (id: string) => /^(Component|Subscription|Configuration|Resiliency)\//.test(id);
  const daprIds = new Set(objects.filter((o) => String(o?.apiVersion ?? '').startsWith(`${DAPR_GROUP}/`)).map((o) => `${o.kind}/${o.metadata?.name}`));
  const changed = [...applied.created, ...applied.configured, ...applied.pruned].some((id) => daprKind(id) && (daprIds.has(id) || applied.pruned.includes(id)));
  const keyChanged = read.keys.some((k) => changedKeys.includes(k.key) && k.readBy.some((r) => /\/Component\//.test(r.split(' ')[0])));
  if (!changed && !keyChanged) return [];
  return objects
    .filter((o) => RESTARTABLE_KINDS.includes(o?.kind) && o.spec?.template?.metadata?.annotations?.[DAPR_ANNOTATIONS.enabled] === 'true')
    .map((o) => `${o.kind}/${o.metadata.name}`)
    .filter((id) => !applied.created.includes(id));
}
