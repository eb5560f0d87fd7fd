// Needs: docker, real-node, dapr, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * The Phase V mistakes teams make (test/phase-v notes: docs/phase-v-runtime.md), each made for
 * real on the real node with Dapr 1.16.0 and the project's Kafka 4 broker, and the symptom each
 * really has: what kubectl, Helm, the ReplicaSet, daprd or the broker says. These are the
 * messages `status` can quote in its diagnoses. Every app is in a namespace that enforces
 * Pod Security "restricted"; each broken Component is scoped to its own app, so one mistake
 * does not hide another.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';
import { testDocker } from '../images/helpers/docker';
import { realKubectl, unloadImages } from '../node/helpers/real-node';
import { pushToMirror } from '../support/mirror';
import { helm, kubectl, uniqueName } from '../support/cluster';
import { buildAppImage, buildKafkaImage } from './helpers/images';
import { applyOk, deleteNamespace, eventually, eventuallyAsync, getJson, logsOf, namespaceReport, podsOf } from './helpers/kube';
import { component, daprApp, kafkaBroker, kafkaHost, kafkaPubsub, kafkaTopic, Manifest, restrictedNamespace, subscription } from './helpers/objects';

jest.setTimeout(20 * 60 * 1000);

const namespace = uniqueName('phase-v-mistakes');
const loaded: string[] = [];
let app: string;
let chartDir: string;

/** A pubsub.kafka Component that only `appId` loads (top-level scopes, as they should be). */
const pubsubFor = (appId: string, overrides: Record<string, string | undefined>) => kafkaPubsub(namespace, [appId], overrides, `${appId}-pubsub`);

/** The daprd log lines (current and previous instance) of an app's pod (the newest, not being deleted). */
function daprdLogs(appId: string): string {
  const pod = podsOf(namespace, appId).filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp))[0];
  if (!pod) return '';
  return logsOf(namespace, pod.metadata.name, 'daprd', true) + logsOf(namespace, pod.metadata.name, 'daprd');
}

/** The `msg` of daprd's first log line at `level` that contains `text`, once it is there. */
function daprdMessage(appId: string, level: string, text: string, timeoutMs = 180_000): Promise<string> {
  return eventually(`daprd of ${appId} logs "${text}" at ${level}`, timeoutMs, () => {
    const line = daprdLogs(appId).split('\n').find((l) => l.includes(`level=${level}`) && l.includes(text));
    return line ? JSON.parse(`"${/msg="((?:[^"\\]|\\.)*)"/.exec(line)![1]}"`) as string : undefined;
  }, () => `${namespaceReport(namespace)}\n--- daprd of ${appId}:\n${daprdLogs(appId).split('\n').slice(-15).join('\n')}`);
}

/** The app's pod IP, where the app relays to its sidecar. */
function appUrl(appId: string): string {
  const pod = podsOf(namespace, appId).find((p) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp);
  if (!pod?.status.podIP) throw new Error(`no running pod for ${appId}\n${namespaceReport(namespace)}`);
  return `http://${pod.status.podIP}:8080`;
}

const ready = (appId: string) => eventually(`${appId} is Ready`, 240_000, () => podsOf(namespace, appId).find((p) => p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')), () => namespaceReport(namespace));

beforeAll(async () => {
  const docker = await testDocker();
  const kafka = pushToMirror((await buildKafkaImage(docker)).reference);
  app = pushToMirror(buildAppImage());
  loaded.push(kafka, app);
  applyOk([restrictedNamespace(namespace)]);
  applyOk([
    ...kafkaBroker(namespace, kafka),
    kafkaTopic(namespace, kafka, 'task-events'),
    // The broker's pod, at a port where nothing listens yet: what a sidecar meets when it starts
    // before the broker (the JVM takes a while), as the runtime test's first start shows.
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kafka-starting', namespace }, spec: { selector: { app: 'kafka' }, ports: [{ port: 9092, targetPort: 9999 }] } },
  ]);
  await ready('kafka');
  // The topic first: a consumer started before it logs "topic or partition that does not exist".
  await eventually('the topic Job succeeds', 180_000, () => (getJson(['job', 'topic-task-events', '-n', namespace])?.status?.succeeded ?? 0) >= 1, () => namespaceReport(namespace));
  const broken: Manifest[] = [
    pubsubFor('auth-required', { authType: undefined, authRequired: 'false' }),
    pubsubFor('auth-missing', { authType: undefined }),
    pubsubFor('auth-required-true', { authType: undefined, authRequired: 'true' }),
    pubsubFor('no-broker', { brokers: `kafka-missing.${namespace}.svc.cluster.local:9092` }),
    pubsubFor('broker-down', { brokers: `kafka-starting.${namespace}.svc.cluster.local:9092` }),
    pubsubFor('no-version', { version: undefined }),
    pubsubFor('old-version', { version: '0.10.2.0' }),
    pubsubFor('older-version', { version: '0.10.0.0' }),
    subscription(namespace, 'no-version', 'no-version-pubsub', 'task-events', '/events/task', ['no-version']),
    subscription(namespace, 'old-version', 'old-version-pubsub', 'task-events', '/events/task', ['old-version']),
  ];
  applyOk(broken);
  const apps = ['auth-required', 'auth-missing', 'auth-required-true', 'no-broker', 'broker-down', 'no-version', 'old-version', 'older-version', 'bystander'];
  applyOk([
    ...apps.flatMap((name) => daprApp(namespace, app, { name })),
    ...daprApp(namespace, app, { name: 'on-deployment', annotationsOn: 'deployment' }),
    ...daprApp(namespace, app, { name: 'container-seccomp', seccompOn: 'container' }),
    ...daprApp(namespace, app, { name: 'container-seccomp-annotated', seccompOn: 'container', annotations: { 'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault' } }),
  ]);
});

afterAll(() => {
  deleteNamespace(namespace);
  if (loaded.length > 0) unloadImages(loaded);
  if (chartDir) fs.rmSync(chartDir, { recursive: true, force: true });
});

test('Dapr annotations on the Deployment instead of its pod template: the pod runs without a sidecar', async () => {
  await ready('on-deployment');
  const [pod] = podsOf(namespace, 'on-deployment');
  expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app']);
  expect(pod.metadata.annotations?.['dapr.io/enabled']).toBeUndefined();
  expect(getJson(['deployment', 'on-deployment', '-n', namespace]).metadata.annotations['dapr.io/enabled']).toBe('true');
});

test('seccomp set on the app container only: the ReplicaSet cannot create the pod, Pod Security names the injected daprd container', async () => {
  const message = await eventually('the ReplicaSet reports FailedCreate', 120_000, () => (getJson(['events', '-n', namespace, '--field-selector', 'reason=FailedCreate'])?.items ?? [])
    .map((e: any) => e.message as string).find((m: string) => m.includes('container-seccomp-') && !m.includes('annotated')));
  expect(message).toMatch(/^(\(combined from similar events\): )?Error creating: pods "container-seccomp-[a-z0-9]+-[a-z0-9]+" is forbidden: violates PodSecurity "restricted:latest": seccompProfile \(pod or container "daprd" must set securityContext\.seccompProfile\.type to "RuntimeDefault" or "Localhost"\)$/);
  expect(podsOf(namespace, 'container-seccomp')).toEqual([]);
  // The sidecar's own seccomp annotation is the other way to satisfy it.
  await ready('container-seccomp-annotated');
  const [pod] = podsOf(namespace, 'container-seccomp-annotated');
  expect(pod.spec.containers.find((c: any) => c.name === 'daprd').securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
});

describe('`scopes` under `spec` of a Component instead of at its top level', () => {
  beforeAll(() => {
    chartDir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-spec-scopes-'));
  });
  const misplaced = () => component(namespace, 'spec-scopes', 'pubsub.kafka', [
    { name: 'brokers', value: `${kafkaHost(namespace)}:9092` }, { name: 'authType', value: 'none' }, { name: 'version', value: '4.0.0' },
  ], { spec: { scopes: ['nobody'] } });

  test('kubectl apply refuses it (the API server decodes Components strictly), and so does server-side apply; --validate=false stores it with the scopes dropped', () => {
    const file = path.join(chartDir, 'component.yaml');
    fs.writeFileSync(file, YAML.stringify(misplaced()));
    const clientSide = kubectl(['apply', '-f', file], { cluster: 'real' });
    expect({ status: clientSide.status, stderr: clientSide.stderr.trim() }).toEqual({
      status: 1,
      stderr: `Error from server (BadRequest): error when creating "${file}": Component in version "v1alpha1" cannot be handled as a Component: strict decoding error: unknown field "spec.scopes"`,
    });
    const serverSide = kubectl(['apply', '--server-side', '-f', file], { cluster: 'real' });
    expect({ status: serverSide.status, stderr: serverSide.stderr.trim() }).toEqual({
      status: 1,
      stderr: `Error from server: failed to create typed patch object (${namespace}/spec-scopes; dapr.io/v1alpha1, Kind=Component): .spec.scopes: field not declared in schema`,
    });
    const lax = kubectl(['apply', '--validate=false', '--dry-run=server', '-o', 'json', '-f', file], { cluster: 'real' });
    expect(lax.status).toBe(0);
    expect(JSON.parse(lax.stdout).spec).toEqual({ type: 'pubsub.kafka', version: 'v1', metadata: misplaced().spec.metadata });
  });

  test('Helm 4 refuses it; Helm 3 installs it with the scopes dropped, and an app it was meant to exclude loads it', async () => {
    fs.mkdirSync(path.join(chartDir, 'templates'));
    fs.writeFileSync(path.join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: spec-scopes\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(chartDir, 'templates', 'component.yaml'), YAML.stringify(misplaced()));
    const helm4 = helm(4, ['install', 'spec-scopes-4', chartDir, '-n', namespace], { cluster: 'real' });
    expect(helm4.status).toBe(1);
    expect(helm4.stderr).toContain(`Error: INSTALLATION FAILED: failed to create typed patch object (${namespace}/spec-scopes; dapr.io/v1alpha1, Kind=Component): .spec.scopes: field not declared in schema`);

    const helm3 = helm(3, ['install', 'spec-scopes-3', chartDir, '-n', namespace], { cluster: 'real' });
    // Helm 3 passes on the API server's warning, and installs.
    expect(helm3.status).toBe(0);
    expect(helm3.stderr).toMatch(/warnings\.go:\d+\] unknown field "spec\.scopes"/);
    const stored = getJson(['component', 'spec-scopes', '-n', namespace]);
    expect(stored.spec.scopes).toBeUndefined();
    expect(stored.scopes).toBeUndefined();
    // Unscoped now: the bystander's sidecar, started after it, loads it.
    realKubectl(['rollout', 'restart', 'deployment/bystander', '-n', namespace]);
    await eventually('the bystander restarted', 180_000, () => podsOf(namespace, 'bystander').length === 1 && podsOf(namespace, 'bystander')[0].metadata.annotations?.['kubectl.kubernetes.io/restartedAt']);
    expect(await daprdMessage('bystander', 'info', 'Component loaded: spec-scopes')).toBe('Component loaded: spec-scopes (pubsub.kafka/v1)');
  });
});

test('authRequired instead of authType: "false" still loads in Dapr 1.16, with a deprecation warning', async () => {
  expect(await daprdMessage('auth-required', 'warning', 'AuthRequired')).toBe('AuthRequired is deprecated, use AuthType instead.');
  expect(await daprdMessage('auth-required', 'info', 'Component loaded: auth-required-pubsub')).toBe('Component loaded: auth-required-pubsub (pubsub.kafka/v1)');
});

test('authRequired "true" without SASL settings means mTLS: daprd exits, no client certificate', async () => {
  expect(await daprdMessage('auth-required-true', 'fatal', 'auth-required-true-pubsub')).toBe(
    'Fatal error from runtime: process component auth-required-true-pubsub error: [INIT_COMPONENT_FAILURE]: initialization error occurred for auth-required-true-pubsub (pubsub.kafka/v1): [INIT_COMPONENT_FAILURE]: initialization error occurred for auth-required-true-pubsub (pubsub.kafka/v1): unable to load client certificate and key pair. Err: tls: failed to find any PEM data in certificate input\nfailed to load declarative subscriptions: rpc error: code = Canceled desc = context canceled',
  );
});

test('neither authType nor authRequired: the component fails to load and daprd exits', async () => {
  expect(await daprdMessage('auth-missing', 'error', 'Failed to init component')).toBe(
    "Failed to init component auth-missing-pubsub (pubsub.kafka/v1): [INIT_COMPONENT_FAILURE]: initialization error occurred for auth-missing-pubsub (pubsub.kafka/v1): kafka error: 'authType' attribute was missing or empty",
  );
  expect(await daprdMessage('auth-missing', 'fatal', 'Fatal error from runtime')).toContain("kafka error: 'authType' attribute was missing or empty");
});

test('a broker host that does not resolve: the component fails, daprd exits, naming the lookup', async () => {
  expect(await daprdMessage('no-broker', 'error', 'Failed to init component')).toBe(
    `Failed to init component no-broker-pubsub (pubsub.kafka/v1): [INIT_COMPONENT_FAILURE]: initialization error occurred for no-broker-pubsub (pubsub.kafka/v1): failed to get latest Kafka clients for initialization: kafka: client has run out of available brokers to talk to: dial tcp: lookup kafka-missing.${namespace}.svc.cluster.local on 10.244.0.1:53: no such host`,
  );
});

test('a broker that is not listening yet: the component fails, daprd exits, connection refused', async () => {
  const message = await daprdMessage('broker-down', 'error', 'Failed to init component');
  expect(message).toMatch(new RegExp(`^Failed to init component broker-down-pubsub \\(pubsub\\.kafka/v1\\): \\[INIT_COMPONENT_FAILURE\\]: initialization error occurred for broker-down-pubsub \\(pubsub\\.kafka/v1\\): failed to get latest Kafka clients for initialization: kafka: client has run out of available brokers to talk to: dial tcp 10\\.96\\.\\d+\\.\\d+:9092: connect: connection refused$`));
});

test('no `version`: Dapr 1.16\'s client speaks Kafka 2.0.0, which a Kafka 4 broker still serves: published and delivered', async () => {
  await ready('no-version');
  const res = await fetch(`${appUrl('no-version')}/relay/v1.0/publish/no-version-pubsub/task-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"task_id":7}' });
  expect(res.status).toBe(204);
  await eventuallyAsync('no-version receives its event', 120_000, async () => {
    const got = (await (await fetch(`${appUrl('no-version')}/received?path=/events/task`)).json()) as { body: string }[];
    return got.find((g) => JSON.parse(g.body).data?.task_id === 7);
  });
});

test('`version` older than Kafka 4 serves (0.10.2.0): the component loads, a publish fails with EOF, and only the broker says why', async () => {
  await ready('old-version');
  const res = await fetch(`${appUrl('old-version')}/relay/v1.0/publish/old-version-pubsub/task-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"task_id":8}' });
  const body = await res.json() as { errorCode: string; message: string };
  expect({ status: res.status, errorCode: body.errorCode, message: body.message }).toEqual({
    status: 500, errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE', message: 'error when publishing to topic task-events in pubsub old-version-pubsub: EOF',
  });
  const broker = podsOf(namespace, 'kafka')[0].metadata.name;
  await eventually('the broker logs the refused versions', 60_000, () => {
    const log = logsOf(namespace, broker, 'kafka');
    return log.includes('UnsupportedVersionException: Received request for api with key 0 (Produce) and unsupported version 2')
      && log.includes('UnsupportedVersionException: Received request for api with key 1 (Fetch) and unsupported version 3');
  });
  // daprd itself logs nothing above info about it.
  expect(daprdLogs('old-version').split('\n').filter((l) => /level=(error|fatal)/.test(l))).toEqual([]);
});

test('`version` below 0.10.2.0: the component fails, daprd exits, consumer groups need 0.10.2.0', async () => {
  expect(await daprdMessage('older-version', 'error', 'Failed to init component')).toBe(
    'Failed to init component older-version-pubsub (pubsub.kafka/v1): [INIT_COMPONENT_FAILURE]: initialization error occurred for older-version-pubsub (pubsub.kafka/v1): failed to get latest Kafka clients for initialization: kafka: invalid configuration (consumer groups require Version to be >= V0_10_2_0)',
  );
});
