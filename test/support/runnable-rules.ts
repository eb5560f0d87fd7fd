/**
 * "The pods must run on a real cluster", as pure functions over manifests. Each returns the
 * problems it finds, one readable string each (empty when all is well), so a test can both
 * assert the synthesized output is clean and feed a broken manifest to show the rule fires.
 */
import * as path from 'path';
import { envReferences } from '../../lib/checks/containers';
import { resolvePort } from '../../lib/checks/kubelet';
import { Manifest } from '../../lib/checks/manifest';
import { allContainers, parseImage, PodTemplate, podTemplates, selects } from '../../lib/checks/pods';
import { parseBytes, parseCpuMillis } from '../../lib/model/quantity';

// ---------------------------------------------------------------------------------------------
// b. env the runtime injects or overrides

/** Pods that would get `<SERVICE>_PORT=tcp://...` style variables injected by the kubelet. */
export function serviceLinkViolations(pods: readonly PodTemplate[]): string[] {
  return pods.filter((p) => p.spec.enableServiceLinks !== false).map((p) => `${p.owner}: enableServiceLinks is not false`);
}

/**
 * Each `ENV` the image needs must be restated literally in the container: the runtime replaces
 * some of them (HOSTNAME becomes the pod name), and a later duplicate would win over it.
 */
export function imageEnvViolations(at: string, container: any, imageEnv: Readonly<Record<string, string>>): string[] {
  const v: string[] = [];
  const env: any[] = container.env ?? [];
  for (const [name, value] of Object.entries(imageEnv)) {
    const entries = env.filter((e) => e.name === name);
    if (entries.length === 0) v.push(`${at}: image env ${name}=${value} is not restated in the container`);
    else if (entries.length > 1) v.push(`${at}: ${name} is set ${entries.length} times`);
    else if (entries[0].value !== value) v.push(`${at}: ${name} is ${JSON.stringify(entries[0].value)}, the image needs ${JSON.stringify(value)}`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// c. read-only root filesystem

/** Where a mount's volume comes from: a pod volume, a StatefulSet claim template, or nowhere. */
export function mountSource(pod: PodTemplate, mount: { name: string }): 'volume' | 'claim' | undefined {
  if ((pod.spec.volumes ?? []).some((vol: any) => vol.name === mount.name)) return 'volume';
  if ((pod.workload.spec?.volumeClaimTemplates ?? []).some((t: any) => t.metadata?.name === mount.name)) return 'claim';
  return undefined;
}

/** The mount a path is written through: the deepest mountPath equal to or above it. */
export function mountCovering(container: any, p: string): any | undefined {
  const covering = (container.volumeMounts ?? []).filter((m: any) => p === m.mountPath || p.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
  return covering.sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)[0];
}

/** The root is read-only, and every path the process writes is on a writable, existing volume. */
export function writablePathViolations(pod: PodTemplate, container: any, writablePaths: readonly string[]): string[] {
  const at = `${pod.owner} container "${container.name}"`;
  const v: string[] = [];
  if (container.securityContext?.readOnlyRootFilesystem !== true) v.push(`${at}: readOnlyRootFilesystem is not true`);
  for (const p of writablePaths) {
    const mount = mountCovering(container, p);
    if (!mount) v.push(`${at}: ${p} is written to but is on the read-only root`);
    else if (mount.readOnly) v.push(`${at}: ${p} is on read-only mount ${mount.mountPath}`);
  }
  for (const mount of container.volumeMounts ?? []) {
    if (!mountSource(pod, mount)) v.push(`${at}: mount ${mount.mountPath} names volume "${mount.name}", which the pod does not have`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// d. images and pull policy

/** The policy the API server defaults to: Always for `:latest` or no tag, else IfNotPresent. */
export function effectivePullPolicy(container: any): string {
  if (container.imagePullPolicy) return container.imagePullPolicy;
  const { tag, digest } = parseImage(container.image);
  return tag === 'latest' || (!tag && !digest) ? 'Always' : 'IfNotPresent';
}

/** Images must be pinned: a tag other than `latest`, or a digest. */
export function imageTagViolations(pods: readonly PodTemplate[]): string[] {
  const v: string[] = [];
  for (const pod of pods) {
    for (const { where, container } of allContainers(pod.spec)) {
      const { tag, digest } = parseImage(container.image ?? '');
      if (!digest && (!tag || tag === 'latest')) v.push(`${pod.owner} ${where}: image ${container.image} is not pinned to a tag`);
    }
  }
  return v;
}

/** Images that exist only in the node's own engine must never be pulled. */
export function localPullViolations(pods: readonly PodTemplate[], isLocalImage: (image: string) => boolean): string[] {
  const v: string[] = [];
  for (const pod of pods) {
    for (const { where, container } of allContainers(pod.spec)) {
      if (isLocalImage(container.image) && effectivePullPolicy(container) === 'Always') {
        v.push(`${pod.owner} ${where}: locally built image ${container.image} would be pulled (Always)`);
      }
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// e. resources and scheduling

/** Every container states parseable requests and limits, and no request exceeds its limit. */
export function resourceViolations(pods: readonly PodTemplate[]): string[] {
  const v: string[] = [];
  for (const pod of pods) {
    for (const { where, container } of allContainers(pod.spec)) {
      const at = `${pod.owner} ${where}`;
      const r = container.resources ?? {};
      const parsed: Record<string, number | undefined> = {};
      for (const side of ['requests', 'limits']) {
        for (const [res, parse] of [['cpu', parseCpuMillis], ['memory', parseBytes]] as const) {
          const q = r[side]?.[res];
          parsed[`${side}.${res}`] = q === undefined ? undefined : parse(String(q));
          if (q === undefined) v.push(`${at}: no ${side}.${res}`);
          else if (parsed[`${side}.${res}`] === undefined) v.push(`${at}: ${side}.${res} ${q} is not a quantity`);
        }
      }
      for (const res of ['cpu', 'memory']) {
        const req = parsed[`requests.${res}`];
        const lim = parsed[`limits.${res}`];
        if (req !== undefined && lim !== undefined && req > lim) v.push(`${at}: requests.${res} ${r.requests[res]} is above limits.${res} ${r.limits[res]}`);
      }
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// g. env references and secrets

/**
 * `$(NAME)` in an env value is expanded only when NAME is defined earlier in the same
 * container's env; otherwise the literal text reaches the app. In command and args, any of the
 * container's env vars may be referenced.
 */
export function envReferenceViolations(at: string, container: any): string[] {
  const v: string[] = [];
  const defined = new Set<string>();
  for (const e of container.env ?? []) {
    for (const ref of envReferences(String(e.value ?? ''))) {
      if (!defined.has(ref)) v.push(`${at}: ${e.name} references $(${ref}), which is not defined before it`);
    }
    defined.add(e.name);
  }
  for (const field of ['command', 'args']) {
    for (const arg of container[field] ?? []) {
      for (const ref of envReferences(String(arg))) {
        if (!defined.has(ref)) v.push(`${at}: ${field} references $(${ref}), which is not in the env`);
      }
    }
  }
  return v;
}

/** Names that say "this is a credential". */
const SECRET_LIKE_NAME = /SECRET|PASSWORD|API_KEY|TOKEN|CREDENTIAL/i;

/**
 * Credentials come from the Secret when the container starts and are never in the manifest:
 * each of `secretVars` present in the container, and any var whose name looks like a credential,
 * is a secretKeyRef to `secretName` with no literal value; and no literal URL carries a password
 * other than a `$(VAR)` reference.
 */
export function secretEnvViolations(at: string, container: any, secretVars: readonly string[], secretName: string): string[] {
  const v: string[] = [];
  for (const e of container.env ?? []) {
    if (secretVars.includes(e.name) || SECRET_LIKE_NAME.test(e.name)) {
      if (e.value !== undefined) v.push(`${at}: ${e.name} has a literal value`);
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) v.push(`${at}: ${e.name} is not read from a Secret`);
      else if (ref.name !== secretName) v.push(`${at}: ${e.name} is read from Secret ${ref.name}, not ${secretName}`);
    }
    for (const m of String(e.value ?? '').matchAll(/:\/\/[^:@/\s]*:([^@/\s]*)@/g)) {
      if (!/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(m[1])) v.push(`${at}: ${e.name} contains a literal password in a URL`);
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// h. network policies

/** NetworkPolicies that isolate a pod for ingress (policyTypes default to Ingress). */
function ingressPoliciesFor(manifests: readonly Manifest[], pod: PodTemplate): Manifest[] {
  return manifests.filter(
    (m) =>
      m.kind === 'NetworkPolicy' &&
      (m.metadata.namespace ?? 'default') === (pod.namespace ?? 'default') &&
      selects(m.spec?.podSelector, pod.metadata.labels) &&
      (m.spec?.policyTypes ?? ['Ingress']).includes('Ingress'),
  );
}

/**
 * The server's pods are isolated for ingress, and the union of rules admits exactly the given
 * client workloads (pods in the same namespace, no IP blocks or other namespaces) and only on
 * `port`/TCP. A rule without `from` or `ports` admits everyone or every port.
 */
export function ingressOnlyFromViolations(
  manifests: readonly Manifest[],
  server: PodTemplate,
  clients: readonly PodTemplate[],
  port: number,
): string[] {
  const at = server.owner;
  const policies = ingressPoliciesFor(manifests, server);
  if (policies.length === 0) return [`${at}: no NetworkPolicy isolates its pods for ingress`];
  const v: string[] = [];
  const pods = podTemplates(manifests).filter((p) => (p.namespace ?? 'default') === (server.namespace ?? 'default'));
  const admitted = new Set<string>();
  for (const policy of policies) {
    const name = `NetworkPolicy/${policy.metadata.name}`;
    for (const [i, rule] of (policy.spec.ingress ?? []).entries()) {
      const ruleAt = `${name} ingress[${i}]`;
      const ports: any[] = rule.ports ?? [];
      if (ports.length === 0) v.push(`${ruleAt}: admits every port`);
      for (const p of ports) {
        const number = typeof p.port === 'string' ? resolvePort(server.spec, p.port) : p.port;
        if (number !== port || (p.protocol ?? 'TCP') !== 'TCP' || p.endPort !== undefined) v.push(`${ruleAt}: admits port ${p.port}/${p.protocol ?? 'TCP'}`);
      }
      const peers: any[] = rule.from ?? [];
      if (peers.length === 0) v.push(`${ruleAt}: admits every source`);
      for (const peer of peers) {
        if (peer.ipBlock) v.push(`${ruleAt}: admits IP block ${peer.ipBlock.cidr}`);
        if (peer.namespaceSelector) v.push(`${ruleAt}: admits pods of other namespaces`);
        if (!peer.podSelector) continue;
        for (const pod of pods.filter((p) => selects(peer.podSelector, p.metadata.labels))) {
          if (!clients.some((c) => c.owner === pod.owner)) v.push(`${ruleAt}: admits ${pod.owner}, which is not a client`);
          else if (ports.length > 0) admitted.add(pod.owner);
        }
      }
    }
  }
  for (const c of clients) if (!admitted.has(c.owner)) v.push(`${at}: client ${c.owner} is not admitted on port ${port}`);
  return v;
}

/** A policy that restricts Egress would also cut the selected pods off from cluster DNS. */
export function egressViolations(manifests: readonly Manifest[]): string[] {
  return manifests
    .filter((m) => m.kind === 'NetworkPolicy')
    .filter((m) => (m.spec?.policyTypes ? m.spec.policyTypes.includes('Egress') : m.spec?.egress !== undefined))
    .map((m) => `NetworkPolicy/${m.metadata.name}: restricts Egress`);
}

// ---------------------------------------------------------------------------------------------
// i. probes

/** Whether a container port matches a probe's port (a port name or number). */
function hasPort(container: any, target: string | number): boolean {
  return (container.ports ?? []).some((p: any) => (typeof target === 'string' ? p.name === target : p.containerPort === target));
}

/**
 * Readiness and liveness probes on every container, and each TCP/HTTP probe aims at a port the
 * container exposes (a misnamed port makes the probe fail forever).
 */
export function probeViolations(pods: readonly PodTemplate[]): string[] {
  const v: string[] = [];
  for (const pod of pods) {
    for (const { where, container } of allContainers(pod.spec).filter((c) => c.where.startsWith('containers'))) {
      const at = `${pod.owner} ${where}`;
      for (const kind of ['readinessProbe', 'livenessProbe']) {
        if (!container[kind]) v.push(`${at}: no ${kind}`);
      }
      for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const probe = container[kind];
        const port = probe?.tcpSocket?.port ?? probe?.httpGet?.port;
        if (port !== undefined && !hasPort(container, port)) v.push(`${at}: ${kind} targets port ${port}, which the container does not expose`);
        if (probe && !probe.tcpSocket && !probe.httpGet && !probe.exec && !probe.grpc) v.push(`${at}: ${kind} has no handler`);
      }
    }
  }
  return v;
}

/** Shell variables (`$NAME`, `${NAME}`) an exec probe reads; the probe runs with the container's env. */
export function shellVariables(command: readonly string[]): string[] {
  return [...command.join(' ').matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]);
}

// ---------------------------------------------------------------------------------------------
// j. paths

/** The directory above a path (`/a/b/c` -> `/a/b`). */
export function parentDir(p: string): string {
  return path.posix.dirname(p);
}
