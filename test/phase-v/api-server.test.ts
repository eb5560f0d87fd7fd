// Needs: validator
/**
 * Every object the Phase V app writes passes the API server's own validation (the validator:
 * Kubernetes v1.34.4's create path, strict decoding, Pod Security "restricted") with Dapr's real
 * CRDs (v1.16.0, from the Go module cache). The server refuses `scopes` under `spec`; the traps it
 * accepts are the synth checks' (test/checks/dapr-traps.test.ts).
 */
import { Testing } from 'cdk8s';
import { apiServerCheck } from '../../lib/checks/api-server';
import { validateObjects } from '../../lib/checks/apiserver';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { TodoConfig } from '../../lib/model/settings/types';
import { DaprConfiguration, DaprResiliency } from '../../lib/phase-v';
import { daprCrds } from '../support/dapr';
import { synthChart } from '../support/synth';
import { requireValidator } from '../support/validator';
import { phaseVCloud, phaseVLocal } from './helpers/settings';

const crds = daprCrds();
const objectsOf = (config: TodoConfig) => synthChart(new TodoChart(Testing.app(), config.instance, { config }));

test('Dapr\'s CRDs are the real ones: Component v1alpha1, Subscription v2alpha1 served', () => {
  const served = crds.flatMap((c: any) => c.spec.versions.filter((v: any) => v.served).map((v: any) => `${c.spec.names.kind}/${v.name}`));
  expect(served).toEqual(expect.arrayContaining(['Component/v1alpha1', 'Subscription/v2alpha1', 'Subscription/v1alpha1', 'Configuration/v1alpha1']));
});

test.each([['local, in-cluster Kafka', phaseVLocal], ['cloud route, managed Kafka', phaseVCloud]])('the Phase V app (%s): every object is created, every pod admitted under "restricted"', (_name, settings) => {
  const objects = objectsOf(settings());
  expect(objects.some((o) => o.kind === 'Component')).toBe(true);
  const violations = apiServerCheck(requireValidator(), objects, crds);
  expect(violations.map((v) => `${v.object} ${v.path}: ${v.rule}`)).toEqual([]);
});

test('without the CRDs the server knows no Component (what cdk8s.yaml imports fix)', () => {
  const objects = objectsOf(phaseVLocal()).filter((o) => o.kind === 'Component').slice(0, 1);
  const [answer] = validateObjects(requireValidator(), objects);
  expect(answer).toMatchObject({ code: 404, reason: 'NoCustomResourceDefinition' });
});

test('scopes under spec: the server refuses it by field, with the CRDs', () => {
  const [pubsub] = objectsOf(phaseVLocal()).filter((o) => o.kind === 'Component');
  const misplaced = { ...pubsub, spec: { ...pubsub.spec, scopes: pubsub.scopes }, scopes: undefined };
  const violations = apiServerCheck(requireValidator(), [misplaced as any], crds);
  expect(violations.map((v) => `${v.object} ${v.path}: ${v.rule}`)).toEqual([expect.stringMatching(/^todo\/Component\/kafka-pubsub .*spec\.scopes/)]);
});

test('a Configuration (tracing, access control) and a Resiliency (app and Component targets) pass the server with Dapr\'s CRDs', () => {
  const config = phaseVLocal();
  const chart = new TodoChart(Testing.app(), config.instance, { config });
  new DaprConfiguration(chart, 'configuration', { name: 'todo-config', tracingSamplingRate: '0.5', features: { SchedulerReminders: true }, invocationAllowedFrom: ['frontend'] });
  new DaprResiliency(chart, 'resiliency', {
    name: 'todo-resiliency', timeouts: { general: '5s' }, retries: { deliveries: { policy: 'exponential', maxRetries: 5 } },
    circuitBreakers: { backend: { trip: 'consecutiveFailures > 5', timeout: '30s' } },
    apps: { backend: { timeout: 'general', circuitBreaker: 'backend' } }, components: { 'kafka-pubsub': { inbound: { retry: 'deliveries' } } }, scopes: ['frontend', 'backend'],
  });
  const objects = synthChart(chart).filter((o) => ['Configuration', 'Resiliency'].includes(o.kind));
  expect(objects.map((o) => o.kind).sort()).toEqual(['Configuration', 'Resiliency']);
  expect(apiServerCheck(requireValidator(), objects, crds).map((v) => `${v.object} ${v.path}: ${v.rule}`)).toEqual([]);
  // The same Resiliency with a policy misspelt as the CRD's schema would not have it: the server refuses it by field.
  const resiliency = objects.find((o) => o.kind === 'Resiliency')!;
  const misspelt = { ...resiliency, spec: { ...resiliency.spec, policies: { ...resiliency.spec.policies, retrys: {} } } };
  expect(apiServerCheck(requireValidator(), [misspelt as any], crds).map((v) => v.path)).toEqual([expect.stringMatching(/spec\.policies\.retrys/)]);
});
