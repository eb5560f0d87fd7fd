/** Worker: the same hardened Deployment as a WebService, without port, Service or probes unless given. */
import * as kplus from 'cdk8s-plus-30';
import { Duration } from 'cdk8s';
import { BACKEND_CONTRACT, Worker } from '../../lib';
import { IMAGE, one, synth, testChart, testDatabase } from './helpers';

const minimal = { contract: { ...BACKEND_CONTRACT, runtimeEnv: [] }, instance: 'todo', image: IMAGE, name: 'worker', command: ['python', '-m', 'worker'] };

test('defaults: no ports, no probes, no Service; restricted, resources and writable paths like a WebService', () => {
  const chart = testChart();
  const worker = new Worker(chart, 'worker', minimal);
  const manifests = synth(chart);
  expect(manifests.map((m) => m.kind)).toEqual(['Deployment']);
  const pod = one(manifests, 'Deployment').spec.template.spec;
  const [c] = pod.containers;
  expect([c.ports, c.startupProbe, c.readinessProbe, c.livenessProbe]).toEqual([undefined, undefined, undefined, undefined]);
  expect(c.command).toEqual(['python', '-m', 'worker']);
  expect(c.securityContext).toMatchObject({ runAsUser: 10001, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
  expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  expect(worker.deployment).toBeInstanceOf(kplus.Deployment);
  expect(worker.deployment.containers[0]).toBe(worker.container);
});

test('probes when asked', () => {
  const chart = testChart();
  new Worker(chart, 'worker', {
    ...minimal,
    liveness: kplus.Probe.fromCommand(['test', '-f', '/tmp/alive'], { periodSeconds: Duration.seconds(30) }),
    readiness: kplus.Probe.fromCommand(['true']),
    startup: kplus.Probe.fromCommand(['true'], { failureThreshold: 10 }),
  });
  const [c] = one(synth(chart), 'Deployment').spec.template.spec.containers;
  expect(c.livenessProbe).toEqual({ exec: { command: ['test', '-f', '/tmp/alive'] }, periodSeconds: 30, failureThreshold: 3 });
  expect(c.readinessProbe.exec.command).toEqual(['true']);
  expect(c.startupProbe.failureThreshold).toBe(10);
});

test('database: DATABASE_URL, wait and admission, like any client', () => {
  const chart = testChart();
  new Worker(chart, 'worker', { ...minimal, database: testDatabase(chart) });
  const manifests = synth(chart);
  expect(one(manifests, 'Deployment').spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database']);
  expect(one(manifests, 'NetworkPolicy').spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/name']).toBe('worker');
});

test('from any image, without a contract: name and user given, no env checked, the image\'s writable paths as given', () => {
  const chart = testChart();
  const worker = new Worker(chart, 'poller', {
    name: 'poller', instance: 'todo', image: { repository: 'ghcr.io/acme/poller', tag: '2.1', pullPolicy: 'IfNotPresent' },
    user: { uid: 65532, gid: 65532 }, writablePaths: ['/var/cache/poller'],
  });
  const pod = one(synth(chart), 'Deployment').spec.template.spec;
  expect(worker.contract).toBeUndefined();
  expect(pod.containers[0].env).toBeUndefined();
  expect(pod.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 });
  expect(pod.containers[0]).toMatchObject({ name: 'poller', image: 'ghcr.io/acme/poller:2.1', volumeMounts: [{ name: 'var-cache-poller', mountPath: '/var/cache/poller' }] });
  expect(() => new Worker(testChart(), 'root', { name: 'root', instance: 'todo', image: IMAGE, user: { uid: 0, gid: 0 } })).toThrow(/user\.uid: got 0; allowed: a non-root numeric uid/);
});
