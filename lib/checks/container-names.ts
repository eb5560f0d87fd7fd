/** Containers named in violations: `initContainers[1]` alone says nothing to someone reading a message. */
import { Manifest } from './manifest';
import { podTemplates } from './pods';
import { CheckViolation } from './violation';

const KIND_OF: Record<string, string> = { initContainers: 'init container', containers: 'container', ephemeralContainers: 'ephemeral container' };

/** Each violation whose path is inside a container, with that container's name and kind (`init container "migrate"`). */
export function nameContainers(violations: readonly CheckViolation[], manifests: readonly Manifest[]): CheckViolation[] {
  const pods = podTemplates(manifests);
  return violations.map((v) => {
    if (v.container !== undefined) return v;
    const pod = pods.find((p) => p.owner === v.object && v.path.startsWith(`${p.specPath}.`));
    const m = pod && /^(initContainers|containers|ephemeralContainers)\[(\d+)\]/.exec(v.path.slice(pod.specPath.length + 1));
    const name = m ? pod!.spec?.[m[1]]?.[Number(m[2])]?.name : undefined;
    return typeof name === 'string' ? { ...v, container: `${KIND_OF[m![1]]} "${name}"` } : v;
  });
}
