import { ClusterState, ContainerSpec, ContainerStatus, Pod, Probe, eventsFor } from './rollout-cluster-state';
import { classifyPullFailure } from './rollout-image-pull';
import { failedMount, unwritableAdvice, unwritableMount } from './rollout-volume';

/** What the diagnosis may add to the cluster's own words: target-specific commands. */
export interface DiagnosisHints {
  /**
   * The command that puts a missing image where the node finds it (minikube image load, kind load...).
   * @default no command (the image is named only)
   */
  readonly imageLoadCommand?: (image: string) => string | undefined;
  /**
   * What to do when the node lacks memory (for minikube: the `minikube start --memory` to use).
   * @default advice to lower the requests or add a node
   */
  readonly memoryAdvice?: string;
  /**
   * The Secret the deploy creates from .env: a key missing from it is fixed there.
   * @default undefined (no advice about .env)
   */
  readonly managedSecret?: string;
}

/** Why one pod (or workload) is not progressing. */
export interface Diagnosis {
  /** The lines printed: the cluster's own words first, then what to do. */
  readonly lines: readonly string[];
  /**
   * Set when only the user can end the state (an image never pulled or that cannot be, a missing
   * Secret key, a volume that cannot be used): a key that stays the same across looks, so a wait
   * can tell how long it has lasted.
   * @default undefined (waiting may end it)
   */
  readonly needsUser?: string;
  /**
   * How long a `needsUser` state must last before a wait stops: shorter when the cluster's answer
   * is definitive (a registry that said the name does not exist).
   * @default the wait's (PERMANENT_GRACE_MS)
   */
  readonly graceMs?: number;
  /**
   * A crashed container: the same last log line after another restart (or from another pod of the
   * same owner, as a Job's retries are) means it will crash so again. `key` is the owner's and the container's.
   * @default undefined (not a crash)
   */
  readonly crash?: { readonly key: string; readonly pod: string; readonly restarts: number; readonly lastLine: string };
}

/** The last lines of a container's log, or why they could not be read. */
export type LogReader = (pod: string, container: string, previous: boolean) => Promise<string>;

/** Lines of a container's log quoted in a diagnosis. */
export const LOG_LINES_QUOTED = 5;

/** Waiting reasons that are progress, not trouble (the kubelet is getting there). */
const PROGRESSING = new Set(['ContainerCreating', 'PodInitializing']);

/** A registry's definitive answer (no such host, no such image, refused) is final sooner than a state that may still change. */
const DEFINITIVE_GRACE_MS = 5_000;

const IMAGE_REASONS = new Set(['ErrImageNeverPull', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName']);

/**
 * Waiting reasons the kubelet never gets past on its own (the image is not on the node and is
 * never pulled, or is misnamed; a Secret or key is missing): only the user can end them. A pull
 * that fails (ErrImagePull, ImagePullBackOff) joins them when its message is one no retry ends
 * (./rollout-image-pull.ts).
 */
export const NEEDS_USER_REASONS = ['ErrImageNeverPull', 'InvalidImageName', 'CreateContainerConfigError'] as const;

/**
 * Why one pod is not progressing, in one or two lines quoting the cluster's own reason, or
 * undefined when it is fine (Ready, or still starting normally). Reads a container's log only for
 * a crash. Pure apart from `logs`.
 */
export async function diagnosePod(pod: Pod, state: ClusterState, logs: LogReader, hints: DiagnosisHints = {}): Promise<Diagnosis | undefined> {
  const name = `pod ${pod.metadata.name}`;
  const status = pod.status ?? {};
  if (status.phase === 'Succeeded') return undefined;
  const indent = (problem: Diagnosis): Diagnosis => ({ ...problem, lines: problem.lines.map((line, i) => (i === 0 ? `${name}: ${line}` : `  ${line}`)) });

  // Init containers run first and one by one: the first that is stuck holds the pod.
  for (const c of status.initContainerStatuses ?? []) {
    const problem = await containerProblem(pod, c, true, state, logs, hints);
    if (problem) return indent(problem);
    if (!c.state?.terminated || c.state.terminated.exitCode !== 0) break; // still running: later ones have not started
  }
  for (const c of status.containerStatuses ?? []) {
    const problem = await containerProblem(pod, c, false, state, logs, hints);
    if (problem) return indent(problem);
  }

  const mount = failedMount(pod, state);
  if (mount) {
    const missing = /(configmap|secret) "([^"]+)" not found/i.exec(mount);
    const advice = missing
      ? `create ${missing[1]} ${missing[2]} in namespace ${pod.metadata.namespace ?? 'default'}${hints.managedSecret === missing[2] ? ' (npm run deploy creates it from .env)' : ''}`
      : `the kubelet cannot mount it: check the claim and its StorageClass's provisioner (kubectl -n ${pod.metadata.namespace ?? 'default'} describe pod ${pod.metadata.name})`;
    return indent({ lines: [`a volume cannot be mounted (FailedMount): ${mount}`, advice], needsUser: `${pod.metadata.name}:mount` });
  }

  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (status.phase === 'Pending' && scheduled?.status === 'False') return { lines: [`${name}: not scheduled: ${scheduled.message ?? scheduled.reason ?? 'no reason given'}`, ...pendingAdvice(pod, state, scheduled.message ?? '', hints)] };

  const ready = status.conditions?.find((c) => c.type === 'Ready');
  if (status.phase === 'Running' && ready?.status !== 'True') {
    const unhealthy = eventsFor(state.events, 'Pod', pod.metadata.name).filter((e) => e.reason === 'Unhealthy' && /^Readiness probe/.test(e.message ?? ''));
    const last = unhealthy[unhealthy.length - 1];
    if (last) {
      const container = notReadyContainer(pod);
      const probe = container?.readinessProbe;
      return { lines: [`${name}: container "${container?.name ?? '?'}" is not ready: readiness probe ${describeProbe(probe)} answered: ${oneLine(last.message ?? '')}${(last.count ?? 1) > 1 ? ` (${last.count} times)` : ''}`] };
    }
  }
  return undefined;
}

/** The trouble with one container, or undefined when it runs (or ran) as it should. */
async function containerProblem(pod: Pod, c: ContainerStatus, init: boolean, state: ClusterState, logs: LogReader, hints: DiagnosisHints): Promise<Diagnosis | undefined> {
  const what = `${init ? 'init container' : 'container'} "${c.name}"`;
  const waiting = c.state?.waiting;
  const spec = containerSpec(pod, c.name, init);
  const containerId = `${pod.metadata.name}/${c.name}`;
  if (waiting?.reason && IMAGE_REASONS.has(waiting.reason)) return imageProblem(pod, c, what, spec, state, hints);
  if (waiting?.reason === 'CreateContainerConfigError') {
    const message = oneLine(waiting.message ?? '');
    const key = /couldn't find key (\S+) in Secret (\S+)/.exec(message);
    const missing = /secret "([^"]+)" not found/.exec(message);
    const advice =
      hints.managedSecret && ((key && key[2].endsWith(`/${hints.managedSecret}`)) || (missing && missing[1] === hints.managedSecret))
        ? `add ${key ? key[1] : 'the keys'} to .env and run \`npm run deploy -- --update-secret\``
        : key ? `add key ${key[1]} to Secret ${key[2]}` : missing ? `create Secret ${missing[1]} in namespace ${pod.metadata.namespace ?? 'default'}` : undefined;
    return { lines: [`${what} cannot start (CreateContainerConfigError): ${message}`, ...(advice ? [advice] : [])], needsUser: `${containerId}:config` };
  }
  const crashing = waiting?.reason === 'CrashLoopBackOff';
  const failed = c.state?.terminated && c.state.terminated.exitCode !== 0 ? c.state.terminated : undefined;
  if (crashing || failed || (waiting?.reason && !PROGRESSING.has(waiting.reason))) {
    const terminated = failed ?? c.lastState?.terminated;
    const exit = terminated?.exitCode !== undefined ? `exit code ${terminated.exitCode}${terminated.reason && terminated.reason !== 'Error' ? ` (${terminated.reason})` : ''}` : undefined;
    const reason = waiting?.reason ?? 'Error';
    const head = `${what} ${init ? 'fails' : 'crashes'} (${init ? `Init:${reason}` : reason}${c.restartCount ? `, ${c.restartCount} restarts` : ''})${exit ? `, ${exit}` : ''}`;
    if (!crashing && !failed) return { lines: [`${head}: ${oneLine(waiting?.message ?? '')}`] };
    // A crashed container's own log says why; the termination message holds its tail when the log is gone.
    const log = (await logs(pod.metadata.name, c.name, !failed).catch(() => '')).trim() || terminated?.message?.trim() || '';
    const tail = log.split('\n').filter((l) => l.trim() !== '').slice(-LOG_LINES_QUOTED);
    const owner = pod.metadata.ownerReferences?.[0];
    const crash = { key: `${owner ? `${owner.kind}/${owner.name}` : pod.metadata.name}/${c.name}`, pod: pod.metadata.name, restarts: c.restartCount ?? 0, lastLine: tail[tail.length - 1] ?? '' };
    const quoted = tail.length > 0 ? [`${head}; last log lines:`, ...tail.map((l) => `| ${l}`)] : [`${head}; it wrote no log`];
    const unwritable = unwritableMount(pod, spec, tail);
    if (unwritable) return { lines: [...quoted, unwritableAdvice(pod, unwritable, state)], needsUser: `${containerId}:volume`, crash };
    const whole = `kubectl -n ${pod.metadata.namespace ?? 'default'} logs ${pod.metadata.name} -c ${c.name}${failed ? '' : ' --previous'}`;
    return { lines: [...quoted, `fix what the log says (settings, .env, the database it needs), then npm run deploy; the whole log: ${whole}`], crash };
  }
  return undefined;
}

/** An image the node does not have and cannot get: which, why in the kubelet's words, and what to do. */
function imageProblem(pod: Pod, c: ContainerStatus, what: string, spec: ContainerSpec | undefined, state: ClusterState, hints: DiagnosisHints): Diagnosis {
  const waiting = c.state!.waiting!;
  const reason = waiting.reason!;
  const image = spec?.image ?? c.image ?? '?';
  const key = `${pod.metadata.name}/${c.name}:image`;
  if (reason === 'ErrImageNeverPull') {
    const where = pod.spec?.nodeName ? `node ${pod.spec.nodeName}` : 'the node';
    const command = hints.imageLoadCommand?.(image);
    return {
      lines: [`${what}: image ${image} is not on ${where} and pullPolicy is Never (${reason}): ${oneLine(waiting.message ?? '')}`, command ? `load it: ${command}` : 'build and load it with `npm run deploy` (or `npm run images` and load it into the cluster)'],
      needsUser: key,
    };
  }
  const message = oneLine(waiting.message ?? '');
  // ImagePullBackOff's message may not repeat why the last pull failed: the kubelet's Failed event does.
  const pulled = eventsFor(state.events, 'Pod', pod.metadata.name).filter((e) => e.reason === 'Failed' && (e.message ?? '').includes(image)).pop()?.message;
  const failure = classifyPullFailure(image, message, pod.metadata.namespace ?? 'default') ?? (pulled ? classifyPullFailure(image, pulled, pod.metadata.namespace ?? 'default') : undefined);
  const words = failure && !classifyPullFailure(image, message, pod.metadata.namespace ?? 'default') && pulled ? `${message}; last pull: ${oneLine(pulled)}` : message;
  const lines = [`${what}: image ${image} cannot be pulled (${reason}): ${words}`, ...(failure ? [failure.advice] : [])];
  if (reason === 'InvalidImageName' || failure) return { lines, needsUser: key, ...(failure?.definitive ? { graceMs: DEFINITIVE_GRACE_MS } : {}) };
  return { lines };
}

/** Advice for an unschedulable pod: memory on a small node, a claim that cannot be bound. */
function pendingAdvice(pod: Pod, state: ClusterState, message: string, hints: DiagnosisHints): string[] {
  const advice: string[] = [];
  if (/Insufficient memory/.test(message)) {
    const requested = (pod.spec?.containers ?? []).map((c) => c.resources?.requests?.memory).filter(Boolean).join(' + ');
    advice.push(`${requested ? `it requests ${requested} of memory; ` : ''}${hints.memoryAdvice ?? 'lower the memory requests (values file) or add a node with more memory'}`);
  }
  if (/Insufficient cpu/.test(message)) advice.push('lower the cpu requests (values file) or give the node more CPUs');
  if (/unbound immediate PersistentVolumeClaims|persistentvolumeclaim .* not found/i.test(message) || message === '') {
    for (const volume of pod.spec?.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      const pvc = claim && state.pvcs.find((p) => p.metadata.name === claim);
      if (!pvc || pvc.status?.phase === 'Bound') continue;
      const className = pvc.spec?.storageClassName;
      const classes = state.storageClasses;
      const defaultClass = classes?.find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
      const event = eventsFor(state.events, 'PersistentVolumeClaim', claim).pop();
      if (classes && className && !classes.some((c) => c.metadata.name === className)) advice.push(`PVC ${claim} is ${pvc.status?.phase ?? 'Pending'}: StorageClass "${className}" does not exist (the cluster has: ${classes.map((c) => c.metadata.name).join(', ') || 'none'}); set database.storageClassName to one of them`);
      else if (classes && !className && !defaultClass) advice.push(`PVC ${claim} is ${pvc.status?.phase ?? 'Pending'}: it names no StorageClass and the cluster has no default one; set database.storageClassName or install a provisioner`);
      else advice.push(`PVC ${claim} is ${pvc.status?.phase ?? 'Pending'}${event?.message ? `: ${oneLine(event.message)}` : ''}`);
    }
  }
  return advice;
}

function containerSpec(pod: Pod, name: string, init: boolean): ContainerSpec | undefined {
  return (init ? pod.spec?.initContainers : pod.spec?.containers)?.find((c) => c.name === name);
}

function notReadyContainer(pod: Pod): ContainerSpec | undefined {
  const notReady = pod.status?.containerStatuses?.find((c) => !c.ready);
  return (notReady && containerSpec(pod, notReady.name, false)) ?? pod.spec?.containers?.find((c) => c.readinessProbe);
}

/** `GET :8000/health`, `TCP :3000`, `exec [...]`. */
export function describeProbe(probe: Probe | undefined): string {
  if (probe?.httpGet) return `GET :${probe.httpGet.port ?? '?'}${probe.httpGet.path ?? '/'}`;
  if (probe?.tcpSocket) return `TCP :${probe.tcpSocket.port ?? '?'}`;
  if (probe?.exec) {
    const command = (probe.exec.command ?? []).join(' ');
    return `exec \`${command.length > 60 ? `${command.slice(0, 57)}...` : command}\``;
  }
  return '(none)';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
