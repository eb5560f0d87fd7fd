/**
 * Contradictions between settings that each look fine alone: a public URL that is not where the
 * app is exposed, two Ingress routes for one host and path, https without TLS or http with it,
 * one URL for both apps, and the app in a namespace it must not share.
 */
import { TodoConfig } from '../model/settings/types';
import { Manifest, objectRef } from './manifest';
import { CheckViolation } from './violation';

const SIDES = ['frontend', 'backend'] as const;
const configObject = (config: TodoConfig) => `config/${config.profile}`;

/** The port a URL reaches: its own, or its scheme's default. */
function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The Service port that uses a NodePort, for naming it. */
function nodePortOwner(manifests: readonly Manifest[], nodePort: number): { object: string; path: string } | undefined {
  for (const svc of manifests.filter((m) => m.kind === 'Service')) {
    const i = ((svc.spec?.ports ?? []) as any[]).findIndex((p) => p?.nodePort === nodePort);
    if (i >= 0) return { object: objectRef(svc), path: `spec.ports[${i}].nodePort` };
  }
  return undefined;
}

/** With NodePorts, each public URL is on its NodePort, over plain http (a NodePort has no TLS). */
export function publicUrlNodePortViolations(manifests: readonly Manifest[], config: TodoConfig): CheckViolation[] {
  const exposure = config.exposure;
  if (exposure.kind !== 'node-port') return [];
  const out: CheckViolation[] = [];
  for (const side of SIDES) {
    const url = parse(config.publicUrls[side]);
    const nodePort = side === 'frontend' ? exposure.frontendNodePort : exposure.backendNodePort;
    if (!url) continue;
    const at = nodePortOwner(manifests, nodePort) ?? { object: configObject(config), path: `exposure.${side}NodePort` };
    if (url.protocol === 'https:') {
      out.push({ ...at, rule: `publicUrls.${side} ${url.origin} is https, but a NodePort serves plain http (no TLS)`, fix: `use http://${url.hostname}:${nodePort}, or exposure.kind: ingress with tlsSecretName for https` });
    } else if (portOf(url) !== nodePort) {
      out.push({ ...at, rule: `publicUrls.${side} ${url.origin} is on port ${portOf(url)}, but the ${side}'s NodePort is ${nodePort}`, fix: `set publicUrls.${side} to ${url.protocol}//${url.hostname}:${nodePort}, or exposure.${side}NodePort to ${portOf(url)}` });
    }
  }
  return out;
}

/** Every Ingress rule path, with where it is. */
function ingressRoutes(manifests: readonly Manifest[]): { object: string; path: string; host: string; route: string; tls: boolean }[] {
  const out: { object: string; path: string; host: string; route: string; tls: boolean }[] = [];
  for (const ing of manifests.filter((m) => m.kind === 'Ingress')) {
    const tlsHosts = new Set(((ing.spec?.tls ?? []) as any[]).flatMap((t) => t?.hosts ?? []));
    ((ing.spec?.rules ?? []) as any[]).forEach((rule, i) => {
      ((rule?.http?.paths ?? []) as any[]).forEach((p, j) => {
        const host = rule?.host ?? '*';
        out.push({ object: objectRef(ing), path: `spec.rules[${i}].http.paths[${j}]`, host, route: p?.path ?? '/', tls: tlsHosts.has(host) });
      });
    });
  }
  return out;
}

/** No two Ingress paths (in one Ingress or several: the controller merges them) claim one host and path. */
export function duplicateIngressRouteViolations(manifests: readonly Manifest[]): CheckViolation[] {
  const seen = new Map<string, string>();
  const out: CheckViolation[] = [];
  for (const r of ingressRoutes(manifests)) {
    const key = `${r.host} ${r.route}`;
    const first = seen.get(key);
    if (first) {
      out.push({ object: r.object, path: r.path, rule: `host ${r.host} path ${r.route} is also routed by ${first}; the controller sends it to only one of them`, fix: 'give each public URL a host (or path) of its own, e.g. publicUrls.backend on an api. host' });
    } else {
      seen.set(key, `${r.object} ${r.path}`);
    }
  }
  return out;
}

/**
 * With an Ingress, an https public URL needs TLS for its host, and an http one must not have it:
 * ingress-nginx then redirects http to https, so the browser's origin is no longer the one the
 * apps were told (CORS, Better Auth's origin check, the API URL baked into the frontend).
 */
export function tlsViolations(manifests: readonly Manifest[], config: TodoConfig): CheckViolation[] {
  if (config.exposure.kind !== 'ingress') return [];
  const routes = ingressRoutes(manifests);
  const out: CheckViolation[] = [];
  for (const side of SIDES) {
    const url = parse(config.publicUrls[side]);
    if (!url) continue;
    const route = routes.find((r) => r.host === url.hostname);
    if (!route) {
      out.push({ object: configObject(config), path: `publicUrls.${side}`, rule: `no Ingress routes host ${url.hostname} of publicUrls.${side}`, fix: 'route the host in an Ingress (TodoChart does for both public URLs)' });
    } else if (url.protocol === 'https:' && !route.tls) {
      out.push({ object: route.object, path: 'spec.tls', rule: `publicUrls.${side} is https, but the Ingress has no TLS for ${url.hostname}`, fix: `set exposure.tlsSecretName to the Secret holding the certificate, or use http://${url.host}` });
    } else if (url.protocol === 'http:' && route.tls) {
      out.push({ object: route.object, path: 'spec.tls', rule: `publicUrls.${side} is http, but the Ingress serves ${url.hostname} with TLS and redirects http to https`, fix: `use https://${url.host} in publicUrls.${side}, or remove exposure.tlsSecretName` });
    }
  }
  return out;
}

/** The frontend and the backend cannot be at one URL. */
export function identicalUrlViolations(config: TodoConfig): CheckViolation[] {
  if (config.publicUrls.frontend !== config.publicUrls.backend) return [];
  return [{ object: configObject(config), path: 'publicUrls.backend', rule: `publicUrls.backend is the same URL as publicUrls.frontend (${config.publicUrls.frontend})`, fix: 'give the API its own URL, e.g. another NodePort or an api. host' }];
}

const RESERVED_NAMESPACE = /^(default|kube-.*)$/;

/** Nothing is created in, or relabelled as, `default` or a `kube-*` namespace. */
export function reservedNamespaceViolations(manifests: readonly Manifest[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const m of manifests) {
    if (m.kind === 'Namespace' && RESERVED_NAMESPACE.test(m.metadata?.name)) {
      out.push({ object: objectRef(m), path: 'metadata.name', rule: `Namespace ${m.metadata.name} is shared or Kubernetes' own; applying it would relabel it (e.g. enforce: restricted on every pod there)`, fix: 'set namespace to one of the app\'s own, such as "todo"' });
    } else if (typeof m.metadata?.namespace === 'string' && RESERVED_NAMESPACE.test(m.metadata.namespace)) {
      out.push({ object: objectRef(m), path: 'metadata.namespace', rule: `the object is in namespace ${m.metadata.namespace}, which the app must not share`, fix: 'put it in the app\'s namespace' });
    }
  }
  return out;
}
