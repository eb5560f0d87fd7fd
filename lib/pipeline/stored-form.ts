/**
 * Objects written the way the API server stores them where cdk8s-plus writes them otherwise, so
 * a second `kubectl apply -f dist` finds nothing to change. Client-side apply patches whatever
 * differs from the live object, and the server drops or fills in these fields:
 * - an empty `externalIPs` list on a Service (dropped);
 * - `hostNetwork: false` in a pod spec and `minReadySeconds: 0` (zero values it omits);
 * - a StatefulSet's `volumeClaimTemplates`, which kubectl compares as one list: the server stores
 *   each with apiVersion, kind, `volumeMode: Filesystem` and `status.phase: Pending`;
 * - resource quantities, which it stores in canonical form (cdk8s-plus writes 1Gi as `1024Mi`).
 * test/cluster/apply.test.ts applies dist/ twice against a real API server and expects "unchanged".
 */
import { canonicalQuantity } from '../model/quantity';

/** requests/limits (or any map of quantities) in canonical form, in place. */
function canonicalResources(resources: any): void {
  for (const side of ['requests', 'limits']) {
    const map = resources?.[side];
    if (map && typeof map === 'object') for (const [k, v] of Object.entries(map)) if (typeof v === 'string') map[k] = canonicalQuantity(v);
  }
}

export function toStoredForm(obj: any): any {
  const spec = obj?.spec;
  if (!spec || typeof spec !== 'object') return obj;
  if (obj.kind === 'Service' && Array.isArray(spec.externalIPs) && spec.externalIPs.length === 0) delete spec.externalIPs;
  if (spec.minReadySeconds === 0) delete spec.minReadySeconds;
  const podSpec = obj.kind === 'CronJob' ? spec.jobTemplate?.spec?.template?.spec : obj.kind === 'Pod' ? spec : spec.template?.spec;
  if (podSpec?.hostNetwork === false) delete podSpec.hostNetwork;
  for (const field of ['initContainers', 'containers']) for (const c of Array.isArray(podSpec?.[field]) ? podSpec[field] : []) canonicalResources(c?.resources);
  for (const v of Array.isArray(podSpec?.volumes) ? podSpec.volumes : []) if (typeof v?.emptyDir?.sizeLimit === 'string') v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit);
  if (obj.kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates)) {
    spec.volumeClaimTemplates = spec.volumeClaimTemplates.map((t: any) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      ...t,
      spec: { volumeMode: 'Filesystem', ...t.spec, ...(t.spec?.resources ? { resources: (canonicalResources(t.spec.resources), t.spec.resources) } : {}) },
      status: t.status ?? { phase: 'Pending' },
    }));
  }
  return obj;
}
