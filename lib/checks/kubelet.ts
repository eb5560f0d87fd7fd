/**
 * What the kubelet and the scheduler would refuse or get wrong, beyond the API server: users
 * the kubelet cannot verify as non-root, in-cluster URLs to Services or ports that do not exist,
 * NodePorts outside the range or taken twice, objects outside an existing Namespace, and a local
 * deployment that does not fit a default minikube node.
 */
import { TodoConfig } from '../model/settings/types';
import { COMPONENTS, IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { Manifest, objectRef } from './manifest';
import { CustomKindScopes, isNamespaced } from '../model/api-scope';
import { MINIKUBE_ALLOCATABLE, MINIKUBE_SYSTEM_POD_REQUESTS, PHASE_V_MINIKUBE_ALLOCATABLE, peakPods, peakRequests } from './node-fit';
import { allContainers, effective, parseImage, PodTemplate, podTemplates, serviceSelects } from './pods';
import { CheckViolation } from './violation';
import { UserIds, postgresImageUser } from '../model/postgres-image';

// ---------------------------------------------------------------------------------------------
// users

export { UserIds, postgresImageUser };

/** The user an image runs as, when this project knows it: ours from the contract, the configured postgres. */
export function knownImageUser(config: TodoConfig, image: string): UserIds | undefined {
  const repository = parseImage(image).repository;
  const component = COMPONENTS.find((c) => config.images[c].repository === repository);
  if (component) return IMAGE_CONTRACTS[component].user;
  if (config.database.kind === 'in-cluster' && parseImage(config.database.image).repository === repository) return postgresImageUser(image);
  return undefined;
}

/**
 * The kubelet enforces runAsNonRoot against a numeric uid only: it refuses to start an image
 * whose USER is a name (CreateContainerConfigError) unless the pod states the uid. So every
 * container states a non-zero numeric runAsUser (its own or the pod's), and for images whose
 * user is known it is that user and group.
 */
export function runAsUserViolations(pods: readonly PodTemplate[], config: TodoConfig): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const pod of pods) {
    for (const { path, container } of allContainers(pod.spec)) {
      const at = `${pod.specPath}.${path}.securityContext`;
      const uid = effective(pod.spec, container, 'runAsUser');
      const gid = effective(pod.spec, container, 'runAsGroup');
      const expected = knownImageUser(config, container?.image);
      if (!Number.isInteger(uid) || uid <= 0) {
        out.push({
          object: pod.owner, path: `${at}.runAsUser`,
          // The "USER is a name" hint only where it may apply: this project's images and postgres have a known numeric user.
          rule: `runAsUser is ${uid === undefined ? 'not set' : JSON.stringify(uid)}: with runAsNonRoot the kubelet needs a numeric non-root uid` +
            (expected ? `; image ${container?.image} runs as ${expected.uid}` : `, and refuses an image whose USER is a name or 0 unless the pod states the uid`),
          fix: expected
            ? `runAsUser: ${expected.uid} and runAsGroup: ${expected.gid}`
            : `set runAsUser (and runAsGroup) to the numeric user image ${container?.image} runs as (docker inspect -f '{{.Config.User}}' ${container?.image}; for a name, its uid in the image's /etc/passwd)`,
        });
      } else if (expected && uid !== expected.uid) {
        out.push({ object: pod.owner, path: `${at}.runAsUser`, rule: `runAsUser is ${uid}, but image ${container.image} runs as ${expected.uid}`, fix: `runAsUser: ${expected.uid}` });
      }
      if (expected && gid !== expected.gid) {
        out.push({ object: pod.owner, path: `${at}.runAsGroup`, rule: `runAsGroup is ${gid ?? 'not set'}, but image ${container?.image} runs as group ${expected.gid}`, fix: `runAsGroup: ${expected.gid}` });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// in-cluster URLs

// Any scheme (redis://, amqp://, postgresql+asyncpg://...), then an optional user info, the host and port.
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?(\[[^\]\s]*\]|[^:/?#\s$[@]+)(?::(\d+))?/gi;
/** Ports of schemes whose URLs may leave the port out (the part before "+": `postgresql+asyncpg` is postgresql's). */
const DEFAULT_PORTS: Record<string, number> = {
  http: 80, https: 443, ws: 80, wss: 443, postgres: 5432, postgresql: 5432, redis: 6379, rediss: 6379,
  amqp: 5672, amqps: 5671, mongodb: 27017, mysql: 3306, mariadb: 3306, nats: 4222, memcached: 11211, grpc: 80,
};
/** Schemes whose "host" names a bucket or a path, not a network host. */
const NOT_NETWORK_SCHEMES = new Set(['s3', 's3a', 'gs', 'file', 'az', 'abfs', 'abfss', 'wasb', 'wasbs', 'hdfs', 'data', 'jar']);

/** The port a URL without one uses, if its scheme has a well-known one. */
export function defaultPort(scheme: string): number | undefined {
  return DEFAULT_PORTS[scheme.toLowerCase().split('+')[0]];
}

/** Whether a host is resolved by cluster DNS (a `.svc` name or a bare, single-label name). */
export function isInClusterHost(host: string): boolean {
  // An IPv6 literal ([::1]) has no dots, but is no Service name.
  return /\.svc(\.cluster\.local)?$/.test(host) || (!host.includes('.') && host !== 'localhost' && !host.startsWith('['));
}

/** A URL with an in-cluster host found in an env value. */
export interface FoundUrl {
  readonly owner: string;
  /** Field path of the env value. */
  readonly path: string;
  readonly env: string;
  readonly namespace: string;
  readonly scheme: string;
  readonly host: string;
  /** Undefined: no port given, and the scheme has no well-known one. */
  readonly port?: number;
}

/** Every URL, of any network scheme, with an in-cluster host in any container's env values. */
export function inClusterUrls(manifests: readonly Manifest[]): FoundUrl[] {
  return envUrls(manifests).filter((u) => isInClusterHost(u.host));
}

/** Every URL of a network scheme in any container's env values, in the cluster or not (not localhost). */
export function envUrls(manifests: readonly Manifest[]): FoundUrl[] {
  const found: FoundUrl[] = [];
  for (const pod of podTemplates(manifests)) {
    for (const { path, container } of allContainers(pod.spec)) {
      for (const [i, e] of (Array.isArray(container?.env) ? container.env : []).entries()) {
        for (const m of String(e?.value ?? '').matchAll(URL_IN_TEXT)) {
          const [, scheme, host, port] = m;
          if (NOT_NETWORK_SCHEMES.has(scheme.toLowerCase()) || host === 'localhost' || /^127\./.test(host) || host === '[::1]') continue;
          found.push({
            owner: pod.owner, path: `${pod.specPath}.${path}.env[${i}].value`, env: e.name, namespace: pod.namespace ?? 'default',
            scheme, host, port: port ? Number(port) : defaultPort(scheme),
          });
        }
      }
    }
  }
  return found;
}

const portMatches = (p: any, target: string | number) => (typeof target === 'string' ? p?.name === target : p?.containerPort === target);

/** The container port number a targetPort resolves to in a pod, if any. */
export function resolvePort(spec: any, target: string | number): number | undefined {
  for (const c of spec?.containers ?? []) {
    const p = (c?.ports ?? []).find((p: any) => portMatches(p, target));
    if (p) return p.containerPort;
  }
  return undefined;
}

/**
 * A Service and port: the Service must exist, select some workload's pods, and every pod it
 * selects must have the port its targetPort names. Returns the problems and the container port.
 */
export function serviceRoute(
  manifests: readonly Manifest[],
  namespace: string,
  name: string,
  port: number | string,
): { problems: { rule: string; fix: string }[]; containerPort?: number; headless?: boolean } {
  const svc = manifests.find((m) => m.kind === 'Service' && m.metadata?.name === name && (m.metadata?.namespace ?? 'default') === namespace);
  if (!svc) {
    const services = manifests.filter((m) => m.kind === 'Service' && (m.metadata?.namespace ?? 'default') === namespace).map((m) => m.metadata.name);
    return { problems: [{ rule: `no Service ${name} in namespace ${namespace}`, fix: `name one of the Services there (${services.join(', ') || 'none'}), or add Service ${name}` }] };
  }
  const ports: any[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  const svcPort = ports.find((p: any) => (typeof port === 'number' ? p?.port === port : p?.name === port));
  if (!svcPort) {
    return { problems: [{ rule: `Service ${name} has no port ${port} (it has ${ports.map((p: any) => p?.port).join(', ')})`, fix: `use one of its ports: ${ports.map((p: any) => p?.port).join(', ')}` }] };
  }
  const target = svcPort.targetPort ?? svcPort.port;
  const pods = podTemplates(manifests).filter((p) => (p.namespace ?? 'default') === namespace && serviceSelects(svc.spec?.selector, p.metadata.labels));
  if (pods.length === 0) return { problems: [{ rule: `Service ${name} selects no workload's pods, so it has no endpoints`, fix: `make Service ${name}'s selector match a workload's pod labels` }] };
  const problems: { rule: string; fix: string }[] = [];
  let containerPort: number | undefined;
  for (const pod of pods) {
    if (!(pod.spec.containers ?? []).some((c: any) => (c?.ports ?? []).some((p: any) => portMatches(p, target)))) {
      problems.push({ rule: `Service ${name} targets port ${target}, which ${pod.owner}'s containers do not expose`, fix: `expose port ${target} in ${pod.owner}'s container, or point the Service's targetPort at a port it has` });
    } else {
      containerPort = resolvePort(pod.spec, target);
    }
  }
  return { problems, containerPort, headless: svc.spec?.clusterIP === 'None' };
}

/**
 * Every in-cluster URL is `<service>.<namespace>.svc.cluster.local` of a Service in the output,
 * on one of its ports, and that Service routes to a port some workload's container exposes. A
 * headless Service has no virtual IP: DNS returns the pod IPs, so the port is the container's.
 */
export function inClusterUrlViolations(manifests: readonly Manifest[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const url of inClusterUrls(manifests)) {
    const at = { object: url.owner, path: url.path };
    const fqdn = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(url.host);
    if (!fqdn) {
      out.push({ ...at, rule: `${url.env}: host ${url.host} is not <service>.<namespace>.svc.cluster.local`, fix: 'name the Service by its full in-cluster DNS name, so it resolves from any namespace and search path' });
      continue;
    }
    const [, name, namespace] = fqdn;
    if (url.port === undefined) {
      out.push({ ...at, rule: `${url.env}: ${url.scheme}:// URL to ${url.host} without a port, and ${url.scheme} has no well-known one`, fix: `write the Service's port: ${url.scheme}://${url.host}:<port>` });
      continue;
    }
    const route = serviceRoute(manifests, namespace, name, url.port);
    out.push(...route.problems.map((p) => ({ ...at, rule: `${url.env}: ${p.rule}`, fix: p.fix })));
    if (route.problems.length === 0 && route.headless && route.containerPort !== url.port) {
      out.push({ ...at, rule: `${url.env}: ${name} is headless, so port ${url.port} must be the container port (${route.containerPort})`, fix: `use port ${route.containerPort}` });
    }
  }
  return out;
}

/** Every Ingress backend is a Service port that routes to some workload's container port. */
export function ingressBackendViolations(manifests: readonly Manifest[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const ing of manifests.filter((m) => m.kind === 'Ingress')) {
    const namespace = ing.metadata?.namespace ?? 'default';
    const backends: { path: string; backend: any }[] = [
      ...(ing.spec?.defaultBackend ? [{ path: 'spec.defaultBackend', backend: ing.spec.defaultBackend }] : []),
      ...((ing.spec?.rules ?? []) as any[]).flatMap((r: any, i: number) => ((r?.http?.paths ?? []) as any[]).map((p: any, j: number) => ({ path: `spec.rules[${i}].http.paths[${j}].backend`, backend: p?.backend }))),
    ];
    for (const { path, backend } of backends) {
      if (!backend?.service) continue;
      const port = backend.service.port?.number ?? backend.service.port?.name;
      const route = serviceRoute(manifests, namespace, backend.service.name, port);
      out.push(...route.problems.map((p) => ({ object: objectRef(ing), path: `${path}.service`, rule: p.rule, fix: p.fix })));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// NodePorts

/** The API server's default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

/**
 * NodePorts are in the cluster's range, and no two Service ports take the same one: what the
 * API server's allocator refuses at a real create, which a dry run (and so the validator, which
 * answers as a dry run does) does not allocate and so never checks.
 */
export function nodePortViolations(manifests: readonly Manifest[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  const taken = new Map<string, string>();
  for (const svc of manifests.filter((m) => m.kind === 'Service')) {
    for (const [i, p] of ((svc.spec?.ports ?? []) as any[]).entries()) {
      if (p?.nodePort === undefined) continue;
      const path = `spec.ports[${i}].nodePort`;
      if (!['NodePort', 'LoadBalancer'].includes(svc.spec?.type)) continue; // the validator says that one
      if (!Number.isInteger(p.nodePort) || p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
        out.push({ object: objectRef(svc), path, rule: `nodePort ${p.nodePort} is outside the cluster's NodePort range ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max} (a real create refuses it; a dry run does not allocate)`, fix: `a port from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max}` });
        continue;
      }
      const key = `${p.nodePort}/${p.protocol ?? 'TCP'}`;
      const first = taken.get(key);
      if (first) out.push({ object: objectRef(svc), path, rule: `nodePort ${key} is already taken by ${first}`, fix: 'a NodePort no other Service uses' });
      else taken.set(key, `${objectRef(svc)} ${path}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Namespaces

/**
 * Every namespaced object names a namespace (without one it lands in whatever namespace kubectl
 * defaults to) that the manifests create, before the object: `kubectl apply -f dist` creates in
 * file order, and an object whose Namespace does not exist yet is refused.
 */
export function namespaceViolations(manifests: readonly Manifest[], scopes: CustomKindScopes = new Map()): CheckViolation[] {
  const out: CheckViolation[] = [];
  const created = new Map<string, number>();
  manifests.forEach((m, i) => {
    if (m.kind === 'Namespace' && !created.has(m.metadata?.name)) created.set(m.metadata?.name, i);
  });
  const names = [...created.keys()].join(', ') || 'none';
  manifests.forEach((m, i) => {
    if (!isNamespaced(m, scopes)) return;
    const ns = m.metadata?.namespace;
    if (ns === undefined || ns === '') {
      out.push({ object: objectRef(m), path: 'metadata.namespace', rule: 'no namespace: the object would land in "default" (or whatever namespace kubectl is pointed at)', fix: `set metadata.namespace to ${names === 'none' ? 'the app\'s namespace' : names} (create it inside the chart; TodoChart's children get it)` });
    } else if (!created.has(ns)) {
      out.push({ object: objectRef(m), path: 'metadata.namespace', rule: `namespace ${ns} is not created by these manifests`, fix: `use a namespace the manifests create (${names})` });
    } else if (created.get(ns)! > i) {
      out.push({ object: objectRef(m), path: 'metadata.namespace', rule: `Namespace/${ns} comes after this object, and kubectl apply creates in file order`, fix: `make the object depend on the Namespace (node.addDependency) so it is written after it` });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// scheduling on a local cluster

/** The objects whose replicas and requests the settings decide, and the setting that does. */
const SETTINGS_OF: Record<string, (res: string) => string> = {
  'Deployment/backend': (res) => `backend.replicas or backend.resources.requests.${res}`,
  'Deployment/frontend': (res) => `frontend.replicas or frontend.resources.requests.${res}`,
  'StatefulSet/postgres': (res) => `database.resources.requests.${res}`,
};

/** The setting that decides an owner (`namespace/Kind/name`), if the settings decide it. */
const settingOf = (owner: string) => SETTINGS_OF[owner.split('/').slice(-2).join('/')];

/** What to change: the setting for the app's own workloads, the object itself for one added in code. */
function fitFix(owner: string | undefined, res: string): string {
  const setting = owner ? settingOf(owner) : undefined;
  if (setting) return `lower ${setting(res)} in the profile or a values file`;
  return `lower the replicas or resources.requests.${res} of ${owner}, where it is built (main.ts or your chart class), or the apps' requests in the profile`;
}

/** A configuration that runs images from the node's own engine targets a local cluster. */
export function targetsLocalCluster(config: TodoConfig): boolean {
  return COMPONENTS.some((c) => config.images[c].pullPolicy === 'Never');
}

/**
 * A local deployment (images never pulled: minikube, kind, Docker Desktop) fits a default
 * minikube node at the peak of a rolling update, next to the control plane's pods.
 */
export function localFitViolations(manifests: readonly Manifest[], config: TodoConfig): CheckViolation[] {
  if (!targetsLocalCluster(config)) return [];
  const system = Object.values(MINIKUBE_SYSTEM_POD_REQUESTS);
  const total = peakRequests(manifests, system);
  const pods = peakPods(manifests);
  // Phase V (Dapr sidecars): the quick start's 4 GiB minikube, not a default one.
  const phaseV = config.dapr?.enabled === true;
  const [node, allocatable] = phaseV ? ['a 4 GiB minikube node\'s (Phase V)', PHASE_V_MINIKUBE_ALLOCATABLE] : ['a default minikube node\'s', MINIKUBE_ALLOCATABLE];
  const out: CheckViolation[] = [];
  const check = (res: 'cpu' | 'memory', used: number, allocatable: number, each: (p: (typeof pods)[number]) => number, unit: (n: number) => string) => {
    if (used <= allocatable) return;
    // Objects added in code are the cause when the app's own workloads fit without them.
    const added = pods.filter((p) => !settingOf(p.owner));
    const addedTotal = added.reduce((sum, p) => sum + p.count * each(p), 0);
    const culprits = added.length > 0 && used - addedTotal <= allocatable ? added : pods;
    const biggest = [...culprits].sort((a, b) => b.count * each(b) - a.count * each(a))[0];
    const breakdown = pods.map((p) => `${p.owner} ${p.count} x ${unit(each(p))}`).join(', ');
    out.push({
      object: biggest?.owner ?? `config/${config.profile}`,
      path: `${biggest?.specPath ?? 'spec'}.containers[*].resources.requests.${res}`,
      rule: `${res} requests at the peak of a rollout (${breakdown}, plus the system pods) come to ${unit(used)}, more than ${node} allocatable ${unit(allocatable)}`,
      fix: `${fitFix(biggest?.owner, res)} (profiles whose images are never pulled are checked against ${phaseV ? 'the Phase V quick start\'s minikube: 2 CPUs, 4 GiB' : 'a default minikube node: 2 CPUs, 2 GiB'})`,
    });
  };
  check('cpu', total.cpuMillis, allocatable.cpuMillis, (p) => p.each.cpuMillis, (n) => `${n}m`);
  check('memory', total.memoryBytes, allocatable.memoryBytes, (p) => p.each.memoryBytes, (n) => `${Math.ceil(n / 2 ** 20)}Mi`);
  return out;
}
