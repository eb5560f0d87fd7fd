import { Kubectl } from './kubectl';
import { PublicEndpoint, urlPort } from './public-urls';

/** How long a port-forward that died waits before it is started again. */
const RESTART_DELAY_MS = 1000;

/**
 * Forwards each public URL's port on 127.0.0.1 to its Service (`kubectl port-forward`), so the
 * URLs the app was built for (its origin, publicUrls) work as they are. A forward that dies (its
 * pod restarted, the connection dropped) is said and started again, never silently lost. Resolves
 * when `signal` aborts (Ctrl-C), after stopping every forward.
 */
export async function portForward(kubectl: Kubectl, namespace: string, endpoints: readonly PublicEndpoint[], log: (line: string) => void, signal: AbortSignal): Promise<void> {
  const children = new Set<ReturnType<Kubectl['spawn']>>();
  const start = (e: PublicEndpoint) => {
    if (signal.aborted || !e.service) return;
    const local = urlPort(e.url);
    const child = kubectl.spawn(['port-forward', '-n', namespace, '--address', '127.0.0.1', `service/${e.service.name}`, `${local}:${e.service.port}`]);
    children.add(child);
    let lastError = '';
    child.stderr.on('data', (d: Buffer) => {
      lastError = d.toString('utf8').trim().split('\n').pop() ?? lastError;
    });
    child.stdout.once('data', () => log(`forwarding ${e.url} -> service/${e.service!.name}:${e.service!.port}`));
    child.on('exit', (code) => {
      children.delete(child);
      if (signal.aborted) return;
      log(`port-forward for ${e.url} stopped (exit ${code}${lastError ? `: ${lastError}` : ''}); starting it again`);
      setTimeout(() => start(e), RESTART_DELAY_MS);
    });
  };
  endpoints.forEach(start);
  log('Forwarding until Ctrl-C.');
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  for (const child of children) child.kill('SIGTERM');
}
