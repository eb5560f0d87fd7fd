/**
 * DaprConfiguration and DaprResiliency: what they write, what they refuse at construction, and
 * what synth refuses around them (a sidecar naming a Configuration the app has not; a Resiliency
 * target or scope naming no app-id or Component of the namespace), for a user's own objects.
 */
import { Testing } from 'cdk8s';
import { PropsError, TodoChart, Worker } from '../../lib';
import { DaprConfiguration, DaprResiliency, DaprSidecar } from '../../lib/phase-v';
import { BACKEND_CONTRACT } from '../../lib/model/contract/image-contract';
import { CheckError } from '../../lib/checks';
import { synthesize } from '../../lib/pipeline/synthesize';
import { phaseVLocal } from '../phase-v/helpers/settings';
import { find, Manifest } from '../support/synth';

const config = phaseVLocal();
const chartOf = () => {
  const app = Testing.app();
  return { app, chart: new TodoChart(app, config.instance, { config }) };
};
const synth = (app: ReturnType<typeof Testing.app>) => synthesize(app, { settings: config }).objects as Manifest[];
const refusal = (app: ReturnType<typeof Testing.app>): string => {
  try {
    synth(app);
  } catch (err) {
    if (err instanceof CheckError) return err.message;
    throw err;
  }
  throw new Error('synth passed');
};

/** A notifier worker with a sidecar that loads `config`. */
function notifier(chart: TodoChart, configName?: string): Worker {
  const worker = new Worker(chart, 'notifier', { contract: BACKEND_CONTRACT, name: 'notifier', command: ['python', '-m', 'notifier'], database: chart.database, env: chart.backend.appEnv });
  new DaprSidecar(chart, 'notifier-dapr', { workload: worker, config: configName });
  return worker;
}

test('a Configuration with tracing, metrics, a feature and invocation allowed from one app-id, loaded by a sidecar', () => {
  const { app, chart } = chartOf();
  new DaprConfiguration(chart, 'tracing', { name: 'notifier-config', tracingSamplingRate: '1', zipkinEndpoint: 'http://zipkin.monitoring.svc.cluster.local:9411/api/v2/spans', features: { SchedulerReminders: true }, invocationAllowedFrom: ['backend'] });
  notifier(chart, 'notifier-config');
  const objects = synth(app);
  const configuration = find(objects, 'Configuration', 'notifier-config');
  expect(configuration).toMatchObject({ apiVersion: 'dapr.io/v1alpha1', metadata: { namespace: config.namespace } });
  expect(configuration.spec).toEqual({
    metric: { enabled: true },
    tracing: { samplingRate: '1', zipkin: { endpointAddress: 'http://zipkin.monitoring.svc.cluster.local:9411/api/v2/spans' } },
    features: [{ name: 'SchedulerReminders', enabled: true }],
    accessControl: { defaultAction: 'deny', trustDomain: 'public', policies: [{ appId: 'backend', defaultAction: 'allow', trustDomain: 'public', namespace: config.namespace }] },
  });
  expect(find(objects, 'Deployment', 'notifier').spec.template.metadata.annotations['dapr.io/config']).toBe('notifier-config');
});

test('a sidecar naming a Configuration the app has not is refused at synth (daprd would exit at start)', () => {
  const { app, chart } = chartOf();
  notifier(chart, 'appconfig');
  expect(refusal(app)).toMatch(/Deployment\/notifier.*dapr\.io\/config.*names Configuration "appconfig", which the app has not in namespace todo: daprd exits at start[\s\S]*DaprConfiguration of \.\/lib\/phase-v/);
});

test('a Resiliency for the frontend\'s calls to the backend and for the pub/sub\'s deliveries: written as Dapr reads it, and it passes synth', () => {
  const { app, chart } = chartOf();
  new DaprResiliency(chart, 'resiliency', {
    name: 'todo-resiliency',
    timeouts: { general: '5s' },
    retries: { deliveries: { policy: 'exponential', maxInterval: '15s', maxRetries: 10 }, calls: { policy: 'constant', duration: '1s', maxRetries: 3 } },
    circuitBreakers: { backend: { trip: 'consecutiveFailures > 5', timeout: '30s', maxRequests: 1 } },
    apps: { backend: { timeout: 'general', retry: 'calls', circuitBreaker: 'backend' } },
    components: { 'kafka-pubsub': { inbound: { retry: 'deliveries' }, outbound: { timeout: 'general' } } },
    scopes: ['frontend', 'backend'],
  });
  const resiliency = find(synth(app), 'Resiliency', 'todo-resiliency');
  expect(resiliency.scopes).toEqual(['frontend', 'backend']);
  expect(resiliency.spec.targets).toEqual({
    apps: { backend: { timeout: 'general', retry: 'calls', circuitBreaker: 'backend' } },
    components: { 'kafka-pubsub': { inbound: { retry: 'deliveries' }, outbound: { timeout: 'general' } } },
  });
  expect(resiliency.spec.policies.retries.deliveries).toEqual({ policy: 'exponential', maxInterval: '15s', maxRetries: 10 });
});

test('a target naming a policy the Resiliency does not define, a bad duration and a misspelt prop are refused at construction, every one named', () => {
  const { chart } = chartOf();
  let thrown: unknown;
  try {
    new DaprResiliency(chart, 'bad', {
      name: 'bad', timeouts: { general: '5 seconds' }, retries: { calls: { policy: 'linear' as any } },
      apps: { backend: { retry: 'cals', circuitBreaker: 'backend' } }, scope: ['frontend'],
    } as any);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PropsError);
  const message = (thrown as Error).message;
  expect(message).toContain('timeouts.general: got "5 seconds"; allowed: a Go duration such as "500ms", "5s" or "1m30s"');
  expect(message).toContain('retries.calls.policy: got "linear"; allowed: one of constant, exponential');
  expect(message).toContain('apps.backend.retry: got "cals"; allowed: one of calls (this Resiliency\'s retry policies)');
  expect(message).toContain('apps.backend.circuitBreaker: got "backend"; allowed: a circuitBreaker policy this Resiliency defines (it defines none)');
  expect(message).toMatch(/scope: unknown prop \(did you mean "scopes"\?\)/);
});

test('targets and scopes naming no app-id or Component of the namespace are refused at synth (Dapr skips them in silence)', () => {
  const { app, chart } = chartOf();
  new DaprResiliency(chart, 'typos', {
    name: 'typos', retries: { r: { policy: 'constant' } },
    apps: { 'todo-backend': { retry: 'r' } }, components: { 'kafka-pub-sub': { inbound: { retry: 'r' } } }, scopes: ['frontnd'],
  });
  const message = refusal(app);
  expect(message).toMatch(/Resiliency\/typos.*spec\.targets\.apps\.todo-backend.*"todo-backend" is no app-id of a Dapr workload in namespace todo \(there: backend, frontend, notification, recurring-tasks\)/);
  expect(message).toMatch(/Resiliency\/typos.*spec\.targets\.components\.kafka-pub-sub.*"kafka-pub-sub" is no Component in namespace todo \(there: [^)]*kafka-pubsub/);
  expect(message).toMatch(/Resiliency\/typos.*scopes\[0\].*"frontnd" is no app-id/);
});

test('Configuration props are checked: a sampling rate above 1, a feature flag that is not a boolean', () => {
  const { chart } = chartOf();
  expect(() => new DaprConfiguration(chart, 'c', { name: 'c', tracingSamplingRate: '2', features: { X: 'yes' as any } })).toThrow(
    /tracingSamplingRate: got "2"; allowed: a string from "0" to "1"[\s\S]*features\.X: got "yes"; allowed: true or false/,
  );
});
