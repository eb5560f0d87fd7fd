// Needs: cluster
/**
 * The diagnoses of `npm run status` (and of deploy's wait, which runs the same inspection) from
 * pods really in each state on the test cluster's API server. kwok reports every pod Running and
 * Ready; a pod annotated `todo-k8s.dev/kwok=manual` is left alone (.ci/cluster starts kwok so),
 * and the test writes its status through the API as a kubelet would. The storage-class and quota
 * cases are the cluster's own doing (scheduler, PV controller, quota admission).
 */
import { ClusterProject, TEST_ENV_FILE } from '../cluster/cluster-project';
import { kubectl, kubectlOk } from '../support/cluster';

jest.setTimeout(5 * 60 * 1000);

const project = new ClusterProject('diagnose');
const PASSWORD = /POSTGRES_PASSWORD=(.*)/.exec(TEST_ENV_FILE)![1];

beforeAll(() => {
  project.writeEnv();
  const r = project.run('deploy', ['--timeout', '120s']);
  if (r.status !== 0) throw new Error(`deploy failed:\n${r.stderr}`);
});
afterAll(() => {
  kubectl(['delete', 'pods', '--all', '-n', project.namespace, '--grace-period=0', '--force']);
  project.remove();
});

/** The name of the workload's pod (one replica each). */
function podOf(app: string): string {
  return kubectlOk(['get', 'pods', '-n', project.namespace, '-l', `app.kubernetes.io/name=${app}`, '-o', 'jsonpath={.items[0].metadata.name}']);
}

/** Takes the pod from kwok and writes `status` as a kubelet would. */
function setPodStatus(pod: string, status: Record<string, unknown>): void {
  kubectlOk(['annotate', 'pod', pod, '-n', project.namespace, 'todo-k8s.dev/kwok=manual', '--overwrite']);
  kubectlOk(['patch', 'pod', pod, '-n', project.namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
}

/** A fresh pod in place of the one a case left behind (kwok makes it Ready again). */
function replacePod(app: string): void {
  // kwok leaves a pod it disregards Terminating: remove it as a kubelet that is gone would.
  kubectlOk(['delete', 'pod', podOf(app), '-n', project.namespace, '--grace-period=0', '--force']);
  kubectlOk(['rollout', 'status', `deployment/${app}`, '-n', project.namespace, '--timeout=60s']);
}

const container = (name: string, image: string, state: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name, image, imageID: '', ready: false, restartCount: 0, started: false, state, ...extra,
});
const notReady = (phase: string) => ({ phase, conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] });

function status(): { status: number | null; out: string } {
  const r = project.run('status');
  return { status: r.status, out: r.stderr };
}

test('ErrImageNeverPull: which image, on which node, and that it must be loaded', () => {
  const pod = podOf('backend');
  setPodStatus(pod, { ...notReady('Pending'), containerStatuses: [container('backend', 'todo-backend:dev', { waiting: { reason: 'ErrImageNeverPull', message: 'Container image "todo-backend:dev" is not present with pull policy of Never' } })] });
  const s = status();
  expect(s.status).toBe(1);
  expect(s.out).toContain(`pod ${pod}: container "backend": image todo-backend:dev is not on node todo-k8s-node and pullPolicy is Never (ErrImageNeverPull): Container image "todo-backend:dev" is not present with pull policy of Never`);
  replacePod('backend');
});

test('ImagePullBackOff for a registry host that does not resolve: the kubelet\'s words and what to do, as deploy says them', () => {
  const pod = podOf('backend');
  const image = 'registry.no-such-host.invalid/todo-backend:v1';
  const message = `Back-off pulling image "${image}": ErrImagePull: failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://registry.no-such-host.invalid/v2/todo-backend/manifests/v1": dial tcp: lookup registry.no-such-host.invalid on 10.96.0.10:53: no such host`;
  setPodStatus(pod, { ...notReady('Pending'), containerStatuses: [container('backend', image, { waiting: { reason: 'ImagePullBackOff', message } })] });
  const s = status();
  expect(s.status).toBe(1);
  expect(s.out).toContain(`pod ${pod}: container "backend": image todo-backend:dev cannot be pulled (ImagePullBackOff): ${message}`);
  expect(s.out).toContain('the registry host "registry.no-such-host.invalid" does not resolve from the node: correct the image reference');
  replacePod('backend');
});

test('CreateContainerConfigError: which Secret key is missing, and how to add it', () => {
  const pod = podOf('backend');
  const message = `couldn't find key OPENAI_API_KEY in Secret ${project.namespace}/todo-secrets`;
  setPodStatus(pod, { ...notReady('Pending'), containerStatuses: [container('backend', 'todo-backend:dev', { waiting: { reason: 'CreateContainerConfigError', message } })] });
  const s = status();
  expect(s.out).toContain(`container "backend" cannot start (CreateContainerConfigError): ${message}`);
  expect(s.out).toContain('add OPENAI_API_KEY to .env and run `npm run deploy -- --update-secret`');
  replacePod('backend');
});

test('Init:CrashLoopBackOff: which init container, with the last lines it wrote (secrets blanked)', () => {
  const pod = podOf('frontend');
  const said = `wait-for-database: password authentication failed for user "todo" (url postgresql://todo:${PASSWORD}@postgres:5432/todo)`;
  setPodStatus(pod, {
    ...notReady('Pending'),
    initContainerStatuses: [container('wait-for-database', 'todo-frontend:dev', { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } }, { restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error', message: `connecting to postgres:5432\n${said}\n` } } })],
    containerStatuses: [container('frontend', 'todo-frontend:dev', { waiting: { reason: 'PodInitializing' } })],
  });
  const s = status();
  expect(s.out).toContain(`pod ${pod}: init container "wait-for-database" fails (Init:CrashLoopBackOff, 3 restarts), exit code 1; last log lines:`);
  expect(s.out).toContain('| wait-for-database: password authentication failed for user "todo" (url postgresql://todo:***@postgres:5432/todo)');
  expect(s.out).not.toContain(PASSWORD);
  replacePod('frontend');
});

test('CrashLoopBackOff: the exit code and the last log lines', () => {
  const pod = podOf('backend');
  setPodStatus(pod, {
    ...notReady('Running'),
    containerStatuses: [container('backend', 'todo-backend:dev', { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s' } }, { restartCount: 5, lastState: { terminated: { exitCode: 3, reason: 'Error', message: 'Traceback (most recent call last):\nModuleNotFoundError: No module named \'main\'\n' } } })],
  });
  const s = status();
  expect(s.out).toContain(`pod ${pod}: container "backend" crashes (CrashLoopBackOff, 5 restarts), exit code 3; last log lines:`);
  expect(s.out).toContain("| ModuleNotFoundError: No module named 'main'");
  replacePod('backend');
});

test('Pending: the scheduler\'s reason and the memory the pod asks for', () => {
  const pod = podOf('backend');
  const message = '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
  setPodStatus(pod, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] });
  const s = status();
  expect(s.out).toContain(`pod ${pod}: not scheduled: ${message}`);
  expect(s.out).toMatch(/it requests 128Mi of memory; lower the memory requests/);
  replacePod('backend');
});

test('a failing readiness probe: its path and the last answer', () => {
  const pod = podOf('backend');
  setPodStatus(pod, { ...notReady('Running'), containerStatuses: [container('backend', 'todo-backend:dev', { running: { startedAt: new Date().toISOString() } }, { started: true })] });
  const uid = kubectlOk(['get', 'pod', pod, '-n', project.namespace, '-o', 'jsonpath={.metadata.uid}']);
  const now = new Date().toISOString();
  kubectlOk(['create', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1', kind: 'Event', metadata: { name: `${pod}.unhealthy`, namespace: project.namespace },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod, namespace: project.namespace, uid, fieldPath: 'spec.containers{backend}' },
      reason: 'Unhealthy', type: 'Warning', count: 4, firstTimestamp: now, lastTimestamp: now, source: { component: 'kubelet', host: 'todo-k8s-node' },
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
    }),
  });
  const s = status();
  expect(s.out).toContain(`pod ${pod}: container "backend" is not ready: readiness probe GET :8000/health answered: Readiness probe failed: HTTP probe failed with statuscode: 503 (4 times)`);
  replacePod('backend');
});

test('an admission refusal (a quota) shows from the controller\'s events when no pod can be created', () => {
  kubectlOk(['create', 'quota', 'no-pods', '-n', project.namespace, '--hard=pods=0']);
  try {
    kubectlOk(['delete', 'pod', podOf('backend'), '-n', project.namespace, '--wait=true']);
    let out = '';
    for (let i = 0; i < 30 && !/no pod could be created/.test(out); i++) {
      out = status().out;
      if (!/no pod could be created/.test(out)) kubectl(['wait', '--for=jsonpath={.status.replicas}=0', 'deployment/backend', '-n', project.namespace, '--timeout=2s']);
    }
    expect(out).toContain('Deployment/backend: no pod could be created:');
    expect(out).toMatch(/pods "backend-[\w-]+" is forbidden: exceeded quota: no-pods/);
  } finally {
    kubectlOk(['delete', 'quota', 'no-pods', '-n', project.namespace]);
  }
});

test('deploy itself: a claim whose StorageClass does not exist holds the database Pending, and deploy says why', () => {
  const other = new ClusterProject('diagnose-pvc', { values: 'database: { storageClassName: no-such-class }\n' });
  try {
    other.writeEnv();
    const r = other.run('deploy', ['--timeout', '15s']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the rollout did not finish in 15s');
    expect(r.stderr).toMatch(/pod postgres-0: not scheduled: .*unbound immediate PersistentVolumeClaims/);
    expect(r.stderr).toMatch(/PVC data-postgres-0 is Pending: StorageClass "no-such-class" does not exist \(the cluster has: [^)]*standard[^)]*\); set database.storageClassName/);
  } finally {
    other.remove();
  }
});
