/**
 * When waiting cannot help (issue 25.4), on pod and event shapes as a kubelet (v1.34, containerd)
 * writes them: an image that cannot be pulled (the registry host does not resolve, no such
 * repository or tag, the registry refuses the node), a container that crashes again with the same
 * last log line, a volume it cannot write or the kubelet cannot mount. Each diagnosis quotes the
 * cluster's words and says what to do; the wait's StuckWatch decides when to stop. The same
 * states on a real kubelet: test/node/stuck-rollout.test.ts.
 */
import { ClusterState, KubeEvent, Pod } from '../../lib/deploy/rollout-cluster-state';
import { Diagnosis, LogReader, diagnosePod } from '../../lib/deploy/rollout-diagnose-pod';
import { classifyPullFailure } from '../../lib/deploy/rollout-image-pull';
import { PERMANENT_GRACE_MS, StuckWatch } from '../../lib/deploy/rollout-stuck';

const NS = 'todo';
const IMAGE = 'registry.no-such-host.invalid/todo-backend:sha-0123456789ab';

function pod(name: string, containerStatus: Record<string, unknown>, extra: { phase?: string; spec?: object } = {}): Pod {
  return {
    metadata: { name, namespace: NS },
    spec: {
      nodeName: 'node-1',
      securityContext: { runAsUser: 999, fsGroup: 999 },
      containers: [{ name: 'main', image: IMAGE, volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }, { name: 'tmp', mountPath: '/tmp' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-postgres-0' } }, { name: 'tmp' }] as any,
      ...extra.spec,
    },
    status: { phase: extra.phase ?? 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }], containerStatuses: [{ name: 'main', image: IMAGE, ready: false, restartCount: 0, ...containerStatus }] },
  } as Pod;
}

function state(pods: Pod[], events: KubeEvent[] = []): ClusterState {
  return {
    workloads: [], replicaSets: [], pods, events,
    pvcs: [{ metadata: { name: 'data-postgres-0' }, spec: { storageClassName: 'standard' }, status: { phase: 'Bound' } }],
    storageClasses: [{ metadata: { name: 'standard' } }],
  };
}

const noLogs: LogReader = async () => '';
const diagnose = async (p: Pod, events: KubeEvent[] = [], logs: LogReader = noLogs) => (await diagnosePod(p, state([p], events), logs))!;
const waitingFor = (reason: string, message: string) => ({ state: { waiting: { reason, message } } });

describe('an image that cannot be pulled', () => {
  const DNS = `Failed to pull image "${IMAGE}": failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to do request: Head "https://registry.no-such-host.invalid/v2/todo-backend/manifests/sha-0123456789ab": dial tcp: lookup registry.no-such-host.invalid on 10.96.0.10:53: no such host`;

  test('the registry host does not resolve: the kubelet\'s words, and what to do', async () => {
    const d = await diagnose(pod('backend-1', waitingFor('ErrImagePull', DNS)));
    expect(d.lines[0]).toBe(`pod backend-1: container "main": image ${IMAGE} cannot be pulled (ErrImagePull): ${DNS}`);
    expect(d.lines[1]).toMatch(/^ {2}the registry host "registry.no-such-host.invalid" does not resolve from the node: correct the image reference/);
    expect(d.needsUser).toBe('backend-1/main:image');
    // The resolver's definitive answer stops the wait sooner than a lookup that timed out.
    expect(d.graceMs).toBe(5_000);
    const watch = new StuckWatch();
    expect(watch.observe([d], 0)).toEqual([]);
    expect(watch.observe([d], 5_000).map((s) => s.why)).toEqual(['unchanged for 5s']);
    const timedOut = await diagnose(pod('backend-1', waitingFor('ErrImagePull', DNS.replace('no such host', 'read udp 10.0.0.4:40000->10.96.0.10:53: i/o timeout'))));
    expect(timedOut.needsUser).toBe('backend-1/main:image');
    expect(timedOut.graceMs).toBeUndefined();
  });

  test('ImagePullBackOff whose message does not repeat the cause: the kubelet\'s Failed event says it (no such tag)', async () => {
    const missing = `Failed to pull image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`;
    const event: KubeEvent = { involvedObject: { kind: 'Pod', name: 'backend-1' }, reason: 'Failed', type: 'Warning', message: missing, lastTimestamp: '2026-12-06T06:00:00Z' };
    const d = await diagnose(pod('backend-1', waitingFor('ImagePullBackOff', `Back-off pulling image "${IMAGE}"`)), [event]);
    expect(d.lines[0]).toBe(`pod backend-1: container "main": image ${IMAGE} cannot be pulled (ImagePullBackOff): Back-off pulling image "${IMAGE}"; last pull: ${missing}`);
    expect(d.lines[1]).toContain(`registry.no-such-host.invalid has no ${IMAGE}: check the repository and tag`);
    expect(d.needsUser).toBe('backend-1/main:image');
  });

  test('the registry refuses the node: a pull Secret in the namespace, or a public image', () => {
    const failure = classifyPullFailure('ghcr.io/acme/todo-backend:1', 'failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aacme%2Ftodo-backend%3Apull: 401 Unauthorized', NS);
    expect(failure).toMatchObject({ kind: 'auth', registry: 'ghcr.io' });
    expect(failure!.advice).toContain(`kubectl -n ${NS} create secret docker-registry regcred --docker-server=ghcr.io`);
    // Docker Hub answers a missing repository as if it were private: both causes are named.
    expect(classifyPullFailure('todo-backend:dev', 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed', NS)).toMatchObject({ kind: 'missing', registry: 'docker.io' });
    expect(classifyPullFailure('todo-backend:dev', 'pull access denied, repository does not exist or may require authorization', NS)!.advice).toContain('or the registry wants credentials for it');
  });

  test('what waiting may still end is not called stuck: a timeout, a refused connection, a rate limit', async () => {
    for (const message of [
      `failed to do request: Head "https://ghcr.io/v2/a/b/manifests/1": dial tcp 140.82.121.34:443: i/o timeout`,
      `failed to do request: Head "https://10.0.0.5:5000/v2/a/manifests/1": dial tcp 10.0.0.5:5000: connect: connection refused`,
      'unexpected status from HEAD request to https://registry-1.docker.io/v2/library/node/manifests/22: 429 Too Many Requests',
    ]) {
      const d = await diagnose(pod('backend-1', waitingFor('ErrImagePull', message)));
      expect(d.needsUser).toBeUndefined();
      expect(d.lines).toHaveLength(1);
    }
  });
});

describe('a container crashing with the same last log line', () => {
  const crashing = (restarts: number) => pod('backend-1', { restartCount: restarts, ...waitingFor('CrashLoopBackOff', `back-off ${10 * restarts}s restarting failed container=main pod=backend-1_todo(uid)`), lastState: { terminated: { exitCode: 1, reason: 'Error' } } }, { phase: 'Running' });
  const log = (last: string): LogReader => async (_pod, _container, previous) => (previous ? `INFO starting\n${last}\n` : '');

  test('quotes the last lines, says what to do, and where the whole log is', async () => {
    const d = await diagnose(crashing(2), [], log('sqlalchemy.exc.OperationalError: could not translate host name "postgres" to address'));
    expect(d.lines).toEqual([
      'pod backend-1: container "main" crashes (CrashLoopBackOff, 2 restarts), exit code 1; last log lines:',
      '  | INFO starting',
      '  | sqlalchemy.exc.OperationalError: could not translate host name "postgres" to address',
      `  fix what the log says (settings, .env, the database it needs), then npm run deploy; the whole log: kubectl -n ${NS} logs backend-1 -c main --previous`,
    ]);
    expect(d.crash).toEqual({ key: 'backend-1/main', pod: 'backend-1', restarts: 2, lastLine: 'sqlalchemy.exc.OperationalError: could not translate host name "postgres" to address' });
  });

  test('the wait stops when a second run ends with the same last line, not before, and not when the line changes', async () => {
    const watch = new StuckWatch();
    const same = log('KeyError: DATABASE_URL');
    expect(watch.observe([await diagnose(crashing(1), [], same)], 0)).toEqual([]);
    expect(watch.observe([await diagnose(crashing(1), [], same)], 5_000)).toEqual([]); // the same run seen again
    const stuck = watch.observe([await diagnose(crashing(2), [], same)], 12_000);
    expect(stuck.map((s) => s.why)).toEqual(['2 runs in a row ended with the same last log line (2 restarts)']);

    const other = new StuckWatch();
    expect(other.observe([await diagnose(crashing(1), [], log('waiting for the database'))], 0)).toEqual([]);
    expect(other.observe([await diagnose(crashing(2), [], log('connected; migrating'))], 12_000)).toEqual([]);
    expect(other.observe([await diagnose(crashing(3), [], log('waiting for the database'))], 30_000)).toEqual([]);
  });

  test('a last line about something still starting (refused, a name not yet resolvable) must end three runs', async () => {
    const watch = new StuckWatch();
    const refused = log('psycopg2.OperationalError: connection to server at "postgres" (10.96.0.7), port 5432 failed: Connection refused');
    expect(watch.observe([await diagnose(crashing(1), [], refused)], 0)).toEqual([]);
    expect(watch.observe([await diagnose(crashing(2), [], refused)], 12_000)).toEqual([]);
    expect(watch.observe([await diagnose(crashing(3), [], refused)], 33_000).map((s) => s.why)).toEqual(['3 runs in a row ended with the same last log line (3 restarts)']);
  });

  test('a Job\'s retries are new pods of the same owner; a failed pod listed again is not another run', async () => {
    const job = (name: string) => ({ ...pod(name, { restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } }, { phase: 'Failed' }), metadata: { name, namespace: NS, ownerReferences: [{ kind: 'Job', name: 'migrate' }] } }) as Pod;
    const exists = async () => 'error: relation "user" already exists\n';
    const watch = new StuckWatch();
    const a = await diagnose(job('migrate-a'), [], exists);
    expect(watch.observe([a], 0)).toEqual([]);
    expect(watch.observe([a], 3_000)).toEqual([]);
    expect(watch.observe([a, await diagnose(job('migrate-b'), [], exists)], 9_000).map((s) => s.why)).toEqual(['2 runs in a row ended with the same last log line (pods migrate-a, migrate-b)']);
  });
});

describe('a volume that cannot be written or mounted', () => {
  test('"Permission denied" on the mount path: the claim, its StorageClass, the uid, and what to use instead', async () => {
    const p = pod('postgres-0', { restartCount: 1, ...waitingFor('CrashLoopBackOff', 'back-off 10s'), lastState: { terminated: { exitCode: 1, reason: 'Error' } } }, { phase: 'Running' });
    const d = await diagnose(p, [], async () => "mkdir: cannot create directory '/var/lib/postgresql/data': Permission denied\n");
    expect(d.lines[1]).toBe("  | mkdir: cannot create directory '/var/lib/postgresql/data': Permission denied");
    expect(d.lines[2]).toMatch(/^ {2}claim data-postgres-0 \(StorageClass "standard"\) mounted at \/var\/lib\/postgresql is not writable by uid 999, fsGroup 999: .*database.storageClassName/);
    expect(d.needsUser).toBe('postgres-0/main:volume');
    // A permission error on a path that is no mount is the app's own: a crash, not a volume.
    const own = await diagnose(p, [], async () => "PermissionError: [Errno 13] Permission denied: '/app/cache.db'\n");
    expect(own.needsUser).toBeUndefined();
  });

  test('a FailedMount event holds the pod: the kubelet\'s words; its cache catching up is not one', async () => {
    const creating = pod('postgres-0', waitingFor('ContainerCreating', ''));
    const event = (message: string): KubeEvent => ({ involvedObject: { kind: 'Pod', name: 'postgres-0' }, reason: 'FailedMount', type: 'Warning', message, count: 3 });
    const d = await diagnose(creating, [event('MountVolume.SetUp failed for volume "config" : configmap "postgres-init" not found')]);
    expect(d.lines).toEqual([
      'pod postgres-0: a volume cannot be mounted (FailedMount): MountVolume.SetUp failed for volume "config" : configmap "postgres-init" not found',
      `  create configmap postgres-init in namespace ${NS}`,
    ]);
    expect(d.needsUser).toBe('postgres-0:mount');
    expect(await diagnosePod(creating, state([creating], [event('MountVolume.SetUp failed for volume "kube-api-access-x" : object "todo"/"kube-root-ca.crt" not registered')]), noLogs)).toBeUndefined();
  });

  test('the kubelet asking for the StatefulSet\'s claim before it was there is catching up once it exists; a claim that does not exist holds the pod', async () => {
    const creating = pod('postgres-0', waitingFor('ContainerCreating', ''));
    const early = (claim: string): KubeEvent => ({
      involvedObject: { kind: 'Pod', name: 'postgres-0' }, reason: 'FailedMount', type: 'Warning', count: 1,
      message: `Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[data]: error processing PVC ${NS}/${claim}: failed to fetch PVC from API server: persistentvolumeclaims "${claim}" not found`,
    });
    expect(await diagnosePod(creating, state([creating], [early('data-postgres-0')]), noLogs)).toBeUndefined();
    const missing = await diagnose(creating, [early('data-elsewhere-0')]);
    expect(missing.needsUser).toBe('postgres-0:mount');
  });
});

test('a state only the user can end stops the wait after the grace, and a state that went away starts over', () => {
  const d: Diagnosis = { lines: ['pod a: container "main": image x cannot be pulled (ErrImagePull): ...'], needsUser: 'a/main:image' };
  const watch = new StuckWatch();
  expect(watch.observe([d], 0)).toEqual([]);
  expect(watch.observe([d], PERMANENT_GRACE_MS - 1)).toEqual([]);
  expect(watch.observe([], PERMANENT_GRACE_MS)).toEqual([]); // pulled after all
  expect(watch.observe([d], PERMANENT_GRACE_MS + 1)).toEqual([]);
  expect(watch.observe([d], 2 * PERMANENT_GRACE_MS + 1).map((s) => s.why)).toEqual([`unchanged for ${PERMANENT_GRACE_MS / 1000}s`]);
  expect(PERMANENT_GRACE_MS).toBeLessThanOrEqual(20_000); // the wait stops within about 30 s of the first look
});
