/**
 * NetworkPolicies that isolate a pod's egress: once any policy selecting a pod lists `Egress`,
 * the pod may only reach what some egress rule allows. Without DNS every lookup fails; without
 * the peers its env points at (DATABASE_URL's host, BETTER_AUTH_URL) the app cannot connect.
 * plus-30's `connections.allowFrom(peer)` without `isolation: POD` does this to the peer.
 */
import { envUrls, isInClusterHost, serviceRoute } from './kubelet';
import { Manifest, objectRef } from './manifest';
import { PodTemplate, podTemplates, selects, serviceSelects } from './pods';
import { CheckViolation } from './violation';

const DNS_PORT = 53;

/** The egress rules of the policies isolating a pod's egress; undefined when egress is not isolated. */
function egressRules(pod: PodTemplate, policies: readonly Manifest[]): { policy: string; rules: any[] } | undefined {
  const isolating = policies.filter((np) => (np.metadata?.namespace ?? 'default') === (pod.namespace ?? 'default') &&
    selects(np.spec?.podSelector ?? {}, pod.metadata.labels) &&
    (Array.isArray(np.spec?.policyTypes) ? np.spec.policyTypes.includes('Egress') : Array.isArray(np.spec?.egress)));
  if (isolating.length === 0) return undefined;
  return { policy: isolating.map(objectRef).join(', '), rules: isolating.flatMap((np) => (Array.isArray(np.spec?.egress) ? np.spec.egress : [])) };
}

/** Whether a rule's ports admit `port` (no ports: all). */
const portAllowed = (rule: any, port: number | undefined) =>
  !Array.isArray(rule?.ports) || rule.ports.length === 0 || rule.ports.some((p: any) => p?.port === undefined || p.port === port || (typeof p.port === 'number' && p.endPort !== undefined && port !== undefined && port >= p.port && port <= p.endPort));

/** Whether a rule's peers include pods with these labels in this namespace (no `to`: everything). */
function peerAllowed(rule: any, labels: Record<string, string>, namespace: string, ruleNamespace: string): boolean {
  if (!Array.isArray(rule?.to) || rule.to.length === 0) return true;
  return rule.to.some((peer: any) => {
    if (peer?.ipBlock) return peer.ipBlock.cidr === '0.0.0.0/0' || peer.ipBlock.cidr === '::/0';
    if (!peer?.podSelector && !peer?.namespaceSelector) return false;
    const podOk = peer.podSelector ? selects(peer.podSelector, labels) : true;
    // Without a namespaceSelector a podSelector means the policy's own namespace.
    const nsOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': namespace })
      : namespace === ruleNamespace;
    return podOk && nsOk;
  });
}

/** Whether a rule allows DNS: port 53 to anything, or to a peer in another namespace (kube-system's DNS pods). */
function allowsDns(rule: any): boolean {
  if (!portAllowed(rule, DNS_PORT)) return false;
  if (!Array.isArray(rule?.to) || rule.to.length === 0) return true;
  return rule.to.some((peer: any) => peer?.namespaceSelector !== undefined || peer?.ipBlock !== undefined);
}

export function egressIsolationViolations(manifests: readonly Manifest[]): CheckViolation[] {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
  if (!policies.some((np) => (np.spec?.policyTypes ?? []).includes('Egress') || Array.isArray(np.spec?.egress))) return [];
  const urls = envUrls(manifests);
  const pods = podTemplates(manifests);
  const out: CheckViolation[] = [];
  for (const pod of pods) {
    const egress = egressRules(pod, policies);
    if (!egress) continue;
    const namespace = pod.namespace ?? 'default';
    if (!egress.rules.some(allowsDns)) {
      out.push({
        object: pod.owner, path: `${pod.specPath}`,
        rule: `its egress is isolated by ${egress.policy}, and no egress rule allows DNS (port 53): every name lookup fails`,
        fix: 'add an egress rule to port 53 (UDP and TCP) of the cluster DNS (namespaceSelector kubernetes.io/metadata.name: kube-system), or do not isolate egress (plus-30: allowFrom(..., { isolation: PodConnectionsIsolation.POD }))',
      });
    }
    const seen = new Set<string>();
    for (const url of urls.filter((u) => u.owner === pod.owner && u.port !== undefined)) {
      // One report per peer, at its first use (the app and its init containers share DATABASE_URL).
      if (seen.has(`${url.host}:${url.port}`)) continue;
      seen.add(`${url.host}:${url.port}`);
      if (!isInClusterHost(url.host)) {
        // http(s) URLs outside the cluster are often origins (FRONTEND_URL, CORS), not connections: not judged.
        if (/^https?$/i.test(url.scheme)) continue;
        // Outside the cluster: only an ipBlock (or a rule to everywhere) lets the pod out.
        if (!egress.rules.some((r) => portAllowed(r, url.port) && (!Array.isArray(r?.to) || r.to.length === 0 || r.to.some((p: any) => p?.ipBlock)))) {
          out.push({
            object: pod.owner, path: url.path,
            rule: `${url.env} points at ${url.host}:${url.port} outside the cluster, but its egress is isolated by ${egress.policy} and no egress rule allows an address outside it on port ${url.port}`,
            fix: `add an egress rule with an ipBlock for ${url.host} (or 0.0.0.0/0) on port ${url.port}, or do not isolate this pod's egress`,
          });
        }
        continue;
      }
      const fqdn = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(url.host);
      if (!fqdn) continue;
      const [, name, svcNamespace] = fqdn;
      const svc = manifests.find((m) => m.kind === 'Service' && m.metadata?.name === name && (m.metadata?.namespace ?? 'default') === svcNamespace);
      const route = serviceRoute(manifests, svcNamespace, name, url.port!);
      if (!svc || route.problems.length > 0) continue; // reported by the in-cluster URL check
      const targets = pods.filter((p) => (p.namespace ?? 'default') === svcNamespace && serviceSelects(svc.spec?.selector, p.metadata.labels));
      const reachable = targets.every((t) => egress.rules.some((r) => portAllowed(r, route.containerPort) && peerAllowed(r, t.metadata.labels ?? {}, svcNamespace, namespace)));
      if (!reachable) {
        out.push({
          object: pod.owner, path: url.path,
          rule: `${url.env} points at ${name}:${url.port}, but its egress is isolated by ${egress.policy} and no egress rule allows ${name}'s pods on port ${route.containerPort}`,
          fix: `add an egress rule to ${name}'s pods on port ${route.containerPort}, or do not isolate this pod's egress`,
        });
      }
    }
  }
  return out;
}
