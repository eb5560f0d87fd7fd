/** Every prop of WebService (and the ContractWorkload props it shares with Worker), pinned. */
import * as kplus from 'cdk8s-plus-30';
import { BACKEND_CONTRACT, FRONTEND_CONTRACT, WebService, envValue } from '../../lib';
import { envOf } from '../support/synth';
import { IMAGE, one, synth, testChart, testDatabase } from './helpers';

const minimal = { contract: { ...BACKEND_CONTRACT, runtimeEnv: [] }, instance: 'todo', image: IMAGE };

describe('WebService defaults', () => {
  const chart = testChart();
  const web = new WebService(chart, 'api', minimal);
  const manifests = synth(chart);
  const deployment = one(manifests, 'Deployment');
  const pod = deployment.spec.template.spec;
  const [c] = pod.containers;

  test('names come from the contract; namespace from the chart', () => {
    expect(deployment.metadata).toMatchObject({ name: 'backend', namespace: 'todo' });
    expect(one(manifests, 'Service').metadata).toMatchObject({ name: 'backend', namespace: 'todo' });
    expect(c.name).toBe('backend');
    expect(web.clusterUrl).toBe('http://backend.todo.svc.cluster.local:8000');
  });

  test('labels: recommended set, stable selector, version from the tag', () => {
    expect(deployment.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'todo', 'app.kubernetes.io/component': 'backend',
      'app.kubernetes.io/part-of': 'todo', 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/version': 'dev',
    });
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'todo' } });
    expect(one(manifests, 'Service').spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  test('1 replica, rolling one surge pod at a time and none unavailable', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('restricted pod: numeric user, seccomp, no token, no service links', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, fsGroupChangePolicy: 'Always', seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(c.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, allowPrivilegeEscalation: false, privileged: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('resources 100m/128Mi requested, 500m/512Mi limit (not plus-30\'s 1 CPU / 512Mi-2Gi)', () => {
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
  });

  test('the contract port, named http; TCP probes on it; a ClusterIP Service', () => {
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(c.startupProbe).toEqual({ tcpSocket: { port: 8000 }, periodSeconds: 5, failureThreshold: 24 });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 8000 }, periodSeconds: 10, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8000 }, periodSeconds: 20, failureThreshold: 3 });
    expect(one(manifests, 'Service').spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 8000, targetPort: 8000, protocol: 'TCP' }] });
  });

  test('an emptyDir per contract writable path; no database, no init containers, no command', () => {
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.initContainers).toBeUndefined();
    expect(c.command).toBeUndefined();
    expect(c.env).toBeUndefined();
    expect(c.image).toBe('todo-backend:dev');
    expect(c.imagePullPolicy).toBe('Never');
  });

  test('no NetworkPolicy of its own (plus-30 isolation off)', () => {
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
  });
});

describe('WebService props', () => {
  test('name, namespace, component, replicas, resources, command, args, env', () => {
    const chart = testChart();
    new WebService(chart, 'api', {
      ...minimal, name: 'api', namespace: 'other', component: 'rest', replicas: 4,
      resources: { requests: { cpu: '0.5', memory: '500M' }, limits: { cpu: '2', memory: '1Gi' } },
      command: ['uvicorn'], args: ['main:app'], env: [envValue('A', '1')],
    });
    const deployment = one(synth(chart), 'Deployment', 'api');
    const [c] = deployment.spec.template.spec.containers;
    expect(deployment.metadata.namespace).toBe('other');
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('rest');
    expect(deployment.spec.replicas).toBe(4);
    // plus-30 writes memory in whole MiB: 500M is rounded up, never down.
    expect(c.resources).toEqual({ requests: { cpu: '0.5', memory: '477Mi' }, limits: { cpu: '2', memory: '1024Mi' } });
    expect([c.command, c.args]).toEqual([['uvicorn'], ['main:app']]);
    expect(c.env).toEqual([{ name: 'A', value: '1' }]);
  });

  test('image env is restated first (HOSTNAME for Next.js)', () => {
    const chart = testChart();
    new WebService(chart, 'web', { contract: { ...FRONTEND_CONTRACT, runtimeEnv: [] }, instance: 'todo', image: IMAGE, env: [envValue('B', '2')] });
    expect(one(synth(chart), 'Deployment').spec.template.spec.containers[0].env).toEqual([{ name: 'HOSTNAME', value: '0.0.0.0' }, { name: 'B', value: '2' }]);
  });

  test('healthCheckPath: HTTP GET for all three probes', () => {
    const chart = testChart();
    new WebService(chart, 'api', { ...minimal, healthCheckPath: '/health' });
    const [c] = one(synth(chart), 'Deployment').spec.template.spec.containers;
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/health', port: 8000, scheme: 'HTTP' }, periodSeconds: 10, failureThreshold: 3 });
    expect(c.startupProbe.httpGet.path).toBe('/health');
    expect(c.livenessProbe.httpGet.path).toBe('/health');
  });

  test('nodePort: a NodePort Service on that port', () => {
    const chart = testChart();
    new WebService(chart, 'api', { ...minimal, nodePort: 30800 });
    expect(one(synth(chart), 'Service').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 8000, nodePort: 30800 }] });
  });

  test('database + databaseUrlScheme: DATABASE_URL with the scheme, a libpq wait first, admitted by the policy', () => {
    const chart = testChart();
    const database = testDatabase(chart);
    new WebService(chart, 'api', { ...minimal, database, databaseUrlScheme: 'postgresql+asyncpg' });
    const manifests = synth(chart);
    const pod = one(manifests, 'Deployment').spec.template.spec;
    expect(envOf(pod.containers[0]).DATABASE_URL.value).toBe('postgresql+asyncpg://todo:$(DATABASE_PASSWORD)@postgres.todo.svc.cluster.local:5432/todo');
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database']);
    expect(envOf(pod.initContainers[0]).DATABASE_URL.value).toBe('postgresql://todo:$(DATABASE_PASSWORD)@postgres.todo.svc.cluster.local:5432/todo');
    expect(one(manifests, 'NetworkPolicy').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'todo' } } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);
  });

  test('migration then initContainers, after the wait, each hardened; volumes mounted (read-only if asked)', () => {
    const chart = testChart();
    const database = testDatabase(chart);
    const config = kplus.ConfigMap.fromConfigMapName(chart, 'cfg', 'cfg');
    const volume = kplus.Volume.fromConfigMap(chart, 'cfg-volume', config);
    new WebService(chart, 'api', {
      ...minimal, database,
      volumes: [{ path: '/etc/app', volume, readOnly: true }],
      migration: { name: 'migrate', command: ['alembic', 'upgrade', 'head'] },
      initContainers: [{ name: 'warm', image: 'busybox:1.36', user: { uid: 65534, gid: 65534 }, writablePaths: [], resources: { requests: { cpu: '5m', memory: '8Mi' }, limits: { cpu: '50m', memory: '32Mi' } }, terminationMessagePolicy: 'File' }],
    });
    const pod = one(synth(chart), 'Deployment').spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database', 'migrate', 'warm']);
    const [, migrate, warm] = pod.initContainers;
    expect(migrate).toMatchObject({ image: 'todo-backend:dev', imagePullPolicy: 'Never', command: ['alembic', 'upgrade', 'head'], terminationMessagePolicy: 'FallbackToLogsOnError', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] });
    expect(warm).toMatchObject({ image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File', securityContext: { runAsUser: 65534, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } });
    expect(warm.resources).toEqual({ requests: { cpu: '5m', memory: '8Mi' }, limits: { cpu: '50m', memory: '32Mi' } });
    expect(warm.volumeMounts).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'configmap-cfg', mountPath: '/etc/app', readOnly: true });
  });

  test('addEnv and envVars after construction', () => {
    const chart = testChart();
    const web = new WebService(chart, 'api', minimal);
    web.addEnv(envValue('LOG_LEVEL', 'debug'));
    expect(web.envVars).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(one(synth(chart), 'Deployment').spec.template.spec.containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
  });
});
