import { TodoConfig } from '../model/settings/types';

/** One URL the user opens, and the Service behind it. */
export interface PublicEndpoint {
  /** `frontend` or `backend`. */
  readonly component: 'frontend' | 'backend';
  readonly url: string;
  /** The Service that serves it, and its port (for `kubectl port-forward`). */
  readonly service?: { readonly name: string; readonly port: number };
}

/** The public URLs (publicUrls) with the Service behind each: the one whose NodePort is the URL's port, else the component's own. */
export function publicEndpoints(config: TodoConfig, manifests: readonly any[]): PublicEndpoint[] {
  const services = manifests.filter((o) => o.kind === 'Service');
  return (['frontend', 'backend'] as const).map((component) => {
    const url = config.publicUrls[component];
    const port = urlPort(url);
    const byNodePort = services.find((s) => s.spec?.ports?.some((p: any) => p.nodePort === port));
    const service = byNodePort ?? services.find((s) => s.metadata?.name === component);
    const servicePort = service && (service.spec.ports.find((p: any) => p.nodePort === port) ?? service.spec.ports[0]);
    return { component, url, service: service && servicePort ? { name: service.metadata.name, port: servicePort.port } : undefined };
  });
}

/** The URL's port, with the scheme's default. */
export function urlPort(url: string): number {
  const u = new URL(url);
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

/** Is the URL's host this machine (so that `kubectl port-forward` can serve it)? */
export function isLoopback(url: string): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
}
