import { DeployRefusal } from './deploy-refusal';
import { Kubectl } from './kubectl';

/** Which setting gives each Service's NodePort, for the message (the shipped constructs' names). */
const SETTING_BY_SERVICE: Record<string, string> = { frontend: 'exposure.frontendNodePort', backend: 'exposure.backendNodePort' };

/**
 * NodePorts are cluster-wide: one another Service already holds is refused by the API server
 * only when the Service is written, after the rest was applied. Checked here, before any change,
 * against every other Service the user may list (skipped when RBAC does not allow that).
 */
export async function checkNodePorts(kubectl: Kubectl, objects: readonly any[], namespace: string): Promise<void> {
  const wanted = objects.filter((o) => o.kind === 'Service').flatMap((s) => (s.spec?.ports ?? []).filter((p: any) => p.nodePort).map((p: any) => ({ service: s.metadata.name as string, port: p.nodePort as number })));
  if (wanted.length === 0) return;
  const listed = await kubectl.run(['get', 'services', '--all-namespaces', '-o', 'json']);
  if (listed.code !== 0) return;
  const held = new Map<number, string>();
  for (const s of JSON.parse(listed.stdout).items) {
    for (const p of s.spec?.ports ?? []) if (p.nodePort) held.set(p.nodePort, `${s.metadata.namespace}/${s.metadata.name}`);
  }
  const conflicts = wanted.filter((w) => held.has(w.port) && held.get(w.port) !== `${namespace}/${w.service}`);
  if (conflicts.length === 0) return;
  throw new DeployRefusal(
    'NodePorts already taken in this cluster (nothing was changed):',
    conflicts.map((c) => `- Service ${c.service}: nodePort ${c.port} is held by Service ${held.get(c.port)}; set ${SETTING_BY_SERVICE[c.service] ?? 'its nodePort'} to a free port (30000-32767) in a values file, or remove that Service`),
  );
}
