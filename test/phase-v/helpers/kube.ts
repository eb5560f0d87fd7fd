import { deleteNamespacesOn, kubectl, Run } from '../../support/cluster';
import { realKubectl } from '../../node/helpers/real-node';
import { Manifest } from './objects';

/** The Phase V tests' kubectl calls: all on the real node's cluster. */
const REAL = { cluster: 'real' } as const;

const list = (items: readonly Manifest[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

/** `kubectl apply --server-side` of manifests; extra args (e.g. --dry-run=server); the outcome as it is. */
export function apply(items: readonly Manifest[], ...args: string[]): Run {
  return kubectl(['apply', '--server-side', '--field-manager', 'todo-k8s-phase-v-test', '--force-conflicts', ...args, '-f', '-'], { ...REAL, input: list(items) });
}

/** apply, failing with kubectl's stderr. */
export function applyOk(items: readonly Manifest[], ...args: string[]): string {
  const r = apply(items, ...args);
  if (r.status !== 0) throw new Error(`kubectl apply exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** One object as JSON, or undefined when it is not there. */
export function getJson(args: readonly string[]): any {
  const r = kubectl(['get', ...args, '-o', 'json'], REAL);
  return r.status === 0 ? JSON.parse(r.stdout) : undefined;
}

/** The names of the containers of the pods selected by `app=<app>`. */
export function podsOf(namespace: string, app: string): any[] {
  return (getJson(['pods', '-n', namespace, '-l', `app=${app}`])?.items ?? []) as any[];
}

/** A container's log (the previous instance's with `previous`); '' when there is none yet. */
export function logsOf(namespace: string, pod: string, container: string, previous = false): string {
  const r = kubectl(['logs', '-n', namespace, pod, '-c', container, ...(previous ? ['--previous'] : [])], REAL);
  return r.status === 0 ? r.stdout : '';
}

/** Events of a namespace, oldest first, as `reason: message` lines. */
export function eventsOf(namespace: string): string[] {
  const items = (getJson(['events', '-n', namespace])?.items ?? []) as any[];
  return items.sort((a, b) => String(a.lastTimestamp ?? a.eventTime).localeCompare(String(b.lastTimestamp ?? b.eventTime))).map((e) => `${e.involvedObject?.kind}/${e.involvedObject?.name} ${e.reason}: ${e.message}`);
}

/** Runs a command in a pod's container; stdout, or an error with stderr. */
export function execIn(namespace: string, pod: string, container: string, command: readonly string[], timeout = 120_000): string {
  return realKubectl(['exec', '-n', namespace, pod, '-c', container, '--', ...command], timeout);
}

/** Deletes a test's namespace, unless TODO_K8S_KEEP_NAMESPACES=1 asks to keep it for a look. */
export const deleteNamespace = (name: string): void => {
  if (process.env.TODO_K8S_KEEP_NAMESPACES === '1') console.log(`kept namespace ${name} (TODO_K8S_KEEP_NAMESPACES=1)`);
  else deleteNamespacesOn('real', name);
};

/** Polls `check` every second until it returns a value; on time-out throws `what` with `context()`. */
export async function eventually<T>(what: string, timeoutMs: number, check: () => T | undefined, context: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${context()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The pods, their containers' states and the last events of a namespace, for a time-out's message. */
export function namespaceReport(namespace: string): string {
  const pods = kubectl(['get', 'pods', '-n', namespace, '-o', 'wide'], REAL).stdout;
  return `${pods}\n${eventsOf(namespace).slice(-25).join('\n')}`;
}

/** eventually, for an async check. */
export async function eventuallyAsync<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, context: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${(last as Error).message})` : ''}\n${context()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

