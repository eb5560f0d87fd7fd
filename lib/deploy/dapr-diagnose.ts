/**
 * What a Dapr app's pods show when Dapr is not working for them, for `npm run status` and after a
 * deploy: a pod whose template asks for a sidecar but has no daprd (it started before the
 * injector was Ready, or the injector is gone; nothing else reports it), and a daprd that is
 * not ready, with the reason from its log (a component that failed to load, a broker it cannot reach).
 */
import { DAPR_ANNOTATIONS, DAPR_INJECTOR, DAPR_SYSTEM_NAMESPACE } from '../model/dapr';
import { ClusterState, Pod, workloadOfPod } from './rollout-cluster-state';
import { LogReader } from './rollout-diagnose-pod';

/** daprd's log lines that say why it is not up, as docs/phase-v-runtime.md quotes them. */
const REASONS: readonly [RegExp, string][] = [
  [/client has run out of available brokers/, 'the Kafka broker cannot be reached'],
  [/Failed to init component ([^ ]+)|initialization error occurred for ([^ ]+)/, 'a component failed to load'],
  [/does not match the required UID\/GID/, 'daprd runs as a user other than 65532'],
];

/** A pod whose template asks for a sidecar and that has none; a terminating one is gone soon and not counted. */
export function lacksSidecar(pod: Pod): boolean {
  return pod.metadata.annotations?.[DAPR_ANNOTATIONS.enabled] === 'true' && !pod.metadata.deletionTimestamp && !(pod.spec?.containers ?? []).some((c) => c.name === 'daprd');
}

export async function daprDiagnoses(state: ClusterState, logs: LogReader): Promise<string[][]> {
  const out: string[][] = [];
  for (const pod of state.pods) {
    const ns = pod.metadata.namespace ?? 'default';
    if (pod.metadata.annotations?.[DAPR_ANNOTATIONS.enabled] !== 'true' || pod.metadata.deletionTimestamp) continue;
    if (lacksSidecar(pod)) {
      const owner = workloadOfPod(pod, state);
      out.push([
        `pod ${pod.metadata.name}: no Dapr sidecar, though its template has ${DAPR_ANNOTATIONS.enabled}: "true" (it was created while Dapr's sidecar injector was not Ready or did not answer in time, and Dapr's webhook lets such pods through; or the injector is not running)`,
        `once the injector is Ready (kubectl -n ${DAPR_SYSTEM_NAMESPACE} get deploy ${DAPR_INJECTOR}), ${owner ? `restart the app: kubectl -n ${ns} rollout restart ${owner.kind.toLowerCase()}/${owner.name}` : `delete the pod (kubectl -n ${ns} delete pod ${pod.metadata.name}): its controller creates it again; create it again yourself if it has none`}`,
      ]);
      continue;
    }
    const daprd = (pod.status?.containerStatuses ?? []).find((c) => c.name === 'daprd');
    if (!daprd || daprd.ready || !(daprd.restartCount ?? 0)) continue;
    const log = await logs(pod.metadata.name, 'daprd', true).catch(() => '');
    const fatal = log.split('\n').reverse().find((l) => /level=(fatal|error)/.test(l)) ?? '';
    const reason = REASONS.find(([re]) => re.test(fatal));
    const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(fatal)?.[1] ?? fatal.trim();
    if (msg) out.push([`pod ${pod.metadata.name}: daprd is not up (${daprd.restartCount} restarts)${reason ? `: ${reason[1]}` : ''}`, `daprd: ${msg.slice(0, 400)}`]);
  }
  return out;
}
