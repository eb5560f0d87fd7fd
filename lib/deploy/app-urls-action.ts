/**
 * Where the app is, from this machine (issue 25.6): the configured public URLs, and for a
 * NodePort exposure each node's address with the Service's NodePort; for an Ingress its host and
 * the address the controller published. Every URL is tried with one HTTP request, so deploy says
 * which work here and, for those that do not, why and what to try. Returns data; the command prints.
 */
import { TodoConfig } from '../model/settings/types';
import { ProbeResult, probeUrl } from './http-probe';
import { Kubectl } from './kubectl';
import { publicEndpoints } from './public-urls';
import { ClusterTarget } from './target';

/** One URL of the app and what a request to it from here found. */
export interface AppUrl {
  readonly component: 'frontend' | 'backend';
  readonly url: string;
  /** `public-url`: the configured publicUrls; `node-port`: a node's address and the NodePort; `ingress`: the address the Ingress controller published. */
  readonly via: 'public-url' | 'node-port' | 'ingress';
  /** The Host header sent (an Ingress's host, at its controller's address). @default undefined (the URL's) */
  readonly host?: string;
  readonly probe: ProbeResult;
}

/** Where the app answers, and what to try when the configured URLs do not. */
export interface AppUrlsReport {
  readonly urls: readonly AppUrl[];
  /** What to try, one line each (empty when every configured URL answers). */
  readonly advice: readonly string[];
}

/** Everything the report needs; `probe` is the one HTTP request per URL. */
export interface AppUrlsInputs {
  readonly kubectl: Kubectl;
  readonly settings: TodoConfig;
  readonly objects: readonly any[];
  readonly target: ClusterTarget;
  /** @default probeUrl (a GET with a 3 s timeout) */
  readonly probe?: (url: string, host?: string) => Promise<ProbeResult>;
  /**
   * How long a URL that does not answer is tried again, once a second: kube-proxy and Ingress
   * controllers program a new Service's route a few seconds after its pods are Ready.
   * @default 10000
   */
  readonly settleMs?: number;
}

/** The node addresses NodePorts are served on: InternalIP and ExternalIP of each node (an empty list when nodes cannot be read). */
async function nodeAddresses(kubectl: Kubectl): Promise<string[]> {
  const r = await kubectl.run(['get', 'nodes', '-o', 'json']);
  if (r.code !== 0) return [];
  const nodes = JSON.parse(r.stdout).items as any[];
  const addresses = nodes.flatMap((n) => (n.status?.addresses ?? []).filter((a: any) => a.type === 'ExternalIP' || a.type === 'InternalIP').map((a: any) => a.address as string));
  return [...new Set(addresses)];
}

/** The addresses the Ingress controller published for the instance's Ingresses. */
async function ingressAddresses(kubectl: Kubectl, namespace: string): Promise<string[]> {
  const r = await kubectl.run(['get', 'ingresses.networking.k8s.io', '-n', namespace, '-o', 'json']);
  if (r.code !== 0) return [];
  return [...new Set((JSON.parse(r.stdout).items as any[]).flatMap((i) => (i.status?.loadBalancer?.ingress ?? []).map((l: any) => (l.ip ?? l.hostname) as string)).filter(Boolean))];
}

const hostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** The candidate URLs: the configured ones first, then those this cluster serves the app on. */
async function candidates(inputs: AppUrlsInputs): Promise<Omit<AppUrl, 'probe'>[]> {
  const { settings, objects, kubectl } = inputs;
  const configured = publicEndpoints(settings, objects).map((e) => ({ component: e.component, url: e.url, via: 'public-url' as const }));
  const more: Omit<AppUrl, 'probe'>[] = [];
  if (settings.exposure.kind === 'node-port') {
    const services = objects.filter((o) => o.kind === 'Service');
    const ports = { frontend: settings.exposure.frontendNodePort, backend: settings.exposure.backendNodePort };
    for (const address of await nodeAddresses(kubectl)) {
      for (const component of ['frontend', 'backend'] as const) {
        if (!services.some((s) => s.spec?.ports?.some((p: any) => p.nodePort === ports[component]))) continue;
        more.push({ component, url: `http://${hostPort(address, ports[component])}/`, via: 'node-port' });
      }
    }
  } else {
    for (const address of await ingressAddresses(kubectl, settings.namespace)) {
      for (const c of configured) {
        const u = new URL(c.url);
        more.push({ component: c.component, url: `${u.protocol}//${hostPort(address, Number(u.port || (u.protocol === 'https:' ? 443 : 80)))}${u.pathname}`, via: 'ingress', host: u.host });
      }
    }
  }
  // localhost, 127.0.0.1 and ::1 are one machine: a node on loopback adds no URL to a configured localhost one.
  const origin = (url: string) => {
    const u = new URL(url);
    return `${u.protocol}//${['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) ? 'localhost' : u.hostname}:${u.port}`;
  };
  const sameOrigin = (a: string, b: string) => origin(a) === origin(b);
  return [...configured, ...more.filter((m) => !configured.some((c) => sameOrigin(c.url, m.url)))];
}

/** The app's URLs from this machine, each tried, and what to try when the configured ones do not answer. */
export async function appUrls(inputs: AppUrlsInputs): Promise<AppUrlsReport> {
  const probe = inputs.probe ?? ((url: string, host?: string) => probeUrl(url, { host }));
  const found = await candidates(inputs);
  const deadline = Date.now() + (inputs.settleMs ?? 10_000);
  const urls = await Promise.all(found.map(async (c) => ({ ...c, probe: await probeUntil(() => probe(c.url, c.host), deadline) })));
  return { urls, advice: adviceFor(urls, inputs.settings, inputs.target) };
}

/** The first answer, or the last failure once `deadline` has passed (all URLs are tried side by side, so the wait is paid once). */
async function probeUntil(probe: () => Promise<ProbeResult>, deadline: number): Promise<ProbeResult> {
  for (;;) {
    const result = await probe();
    if (result.reachable || Date.now() + 1000 > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** What to try, from what answered: the configured URLs are the ones the app was built for (CORS, Better Auth's origin, the browser's API URL). */
function adviceFor(urls: readonly AppUrl[], settings: TodoConfig, target: ClusterTarget): string[] {
  const configured = urls.filter((u) => u.via === 'public-url');
  if (configured.every((u) => u.probe.reachable)) return [];
  const working = urls.filter((u) => u.via === 'node-port' && u.probe.reachable);
  const advice: string[] = [];
  const viaIngress = urls.filter((u) => u.via === 'ingress' && u.probe.reachable);
  if (viaIngress.length > 0) {
    const hosts = [...new Set(viaIngress.map((u) => `${new URL(u.url).hostname} ${new URL(`http://${u.host}`).hostname}`))];
    advice.push(`the Ingress answers at its controller's address: make the hosts resolve to it here (/etc/hosts or your DNS): ${hosts.join('; ')}`);
  }
  if (working.length > 0) {
    const host = new URL(working[0].url).hostname;
    advice.push(
      `the app answers at ${working.map((u) => u.url).join(' and ')}, but it was built for publicUrls (${configured.map((u) => u.url).join(', ')}): ` +
        `the browser calls the backend and Better Auth checks the origin there, so set publicUrls to http://${host.includes(':') ? `[${host}]` : host}:<port> in a values file and run npm run deploy again`,
    );
  }
  const forwardable = configured.filter((u) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(u.url).hostname));
  if (forwardable.length > 0) advice.push((advice.length ? 'or ' : '') + 'forward the configured URLs to the Services from this machine: npm run deploy -- --port-forward (until Ctrl-C)');
  if (target.kind === 'minikube') advice.push(`minikube's node is not this machine: its address is \`minikube -p ${target.profile} ip\`${settings.exposure.kind === 'ingress' ? '; for an Ingress run `minikube tunnel`' : ''}`);
  if (target.kind === 'kind' && settings.exposure.kind === 'node-port') advice.push("kind's NodePorts reach localhost only through the cluster's extraPortMappings (clusters/kind.yaml)");
  if (settings.exposure.kind === 'ingress' && !urls.some((u) => u.via === 'ingress')) advice.push(`no Ingress controller published an address for namespace ${settings.namespace}: is one installed (IngressClass ${settings.exposure.className ?? 'the default'})?`);
  return advice;
}
