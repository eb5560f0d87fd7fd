/** Autoscaler (HPA autoscaling/v2), DisruptionBudget (policy/v1), the rollout strategy, and the synth-time check for budgets that block every drain. */
import * as kplus from 'cdk8s-plus-30';
import { BACKEND_CONTRACT, DisruptionBudget, PropsError, WebService, Worker } from '../../lib';
import { checkManifests } from '../../lib/checks';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import * as k8s from '../../imports/k8s';
import { IMAGE, one, synth, testChart } from './helpers';

const base = { contract: { ...BACKEND_CONTRACT, runtimeEnv: [] }, instance: 'todo', image: IMAGE };

test('autoscaling: an HPA on CPU (and memory) utilization; the Deployment leaves replicas to it', () => {
  const chart = testChart();
  const web = new WebService(chart, 'api', { ...base, autoscaling: { minReplicas: 2, maxReplicas: 5, memoryUtilization: 80 } });
  const manifests = synth(chart);
  expect(one(manifests, 'Deployment').spec.replicas).toBeUndefined();
  const hpa = one(manifests, 'HorizontalPodAutoscaler');
  expect(hpa.apiVersion).toBe('autoscaling/v2');
  expect(hpa.metadata).toMatchObject({ name: 'backend', namespace: 'todo' });
  expect(hpa.spec).toMatchObject({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
    minReplicas: 2,
    maxReplicas: 5,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ],
  });
  expect(web.autoscaler?.hpa).toBeInstanceOf(kplus.HorizontalPodAutoscaler);
});

test('a fixed replicas alongside autoscaling, or min above max, is refused by name', () => {
  const chart = testChart();
  let error: unknown;
  try {
    new WebService(chart, 'api', { ...base, replicas: 3, autoscaling: { minReplicas: 4, maxReplicas: 2 } });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PropsError);
  expect((error as PropsError).problems).toEqual([
    'autoscaling.minReplicas: got 4; allowed: at most maxReplicas (2)',
    'replicas: got 3; allowed: unset when `autoscaling` is given: the autoscaler owns the number of pods (set autoscaling.minReplicas instead)',
  ]);
});

test('DisruptionBudget selects the workload\'s pods by its selector labels; maxUnavailable 1 unless given', () => {
  const chart = testChart();
  const web = new WebService(chart, 'api', { ...base, replicas: 3 });
  new DisruptionBudget(chart, 'budget', { workload: web });
  new DisruptionBudget(chart, 'budget2', { workload: web, minAvailable: '50%' });
  const [a, b] = synth(chart).filter((m) => m.kind === 'PodDisruptionBudget');
  expect(a).toMatchObject({ apiVersion: 'policy/v1', metadata: { name: 'backend', namespace: 'todo' }, spec: { maxUnavailable: 1, selector: { matchLabels: web.selector } } });
  expect(b.spec).toEqual({ minAvailable: '50%', selector: { matchLabels: web.selector } });
  expect(() => new DisruptionBudget(chart, 'bad', { workload: web, minAvailable: 1, maxUnavailable: '120%' })).toThrow(
    /props: got .*; allowed: minAvailable or maxUnavailable, not both \(the API server refuses both\)\n.*props.maxUnavailable: got "120%"/,
  );
});

describe('a budget that can never allow an eviction fails synth with the reason', () => {
  const check = (replicas: number | undefined, budget: { minAvailable?: number | string; maxUnavailable?: number | string }) => {
    const chart = testChart();
    const web = new WebService(chart, 'api', { ...base, ...(replicas === undefined ? { autoscaling: { minReplicas: 2, maxReplicas: 4 } } : { replicas }) });
    new DisruptionBudget(chart, 'budget', { workload: web, ...budget });
    return checkManifests(synth(chart), LOCAL_PROFILE).filter((v) => v.object === 'todo/PodDisruptionBudget/backend' && v.path.startsWith('spec.'));
  };
  test.each([
    [2, { minAvailable: 2 }, 'minAvailable 2 is 2 of 2 pods: no pod may ever be evicted, so every node drain would wait forever (todo/Deployment/backend)'],
    [1, { minAvailable: '100%' }, 'minAvailable 100% is 1 of 1 pod: no pod may ever be evicted, so every node drain would wait forever (todo/Deployment/backend)'],
    [3, { maxUnavailable: 0 }, 'maxUnavailable 0 allows no eviction of any of the 3 pods, so every node drain would wait forever (todo/Deployment/backend)'],
    [undefined, { minAvailable: 2 }, 'minAvailable 2 is 2 of 2 pods: no pod may ever be evicted, so every node drain would wait forever (todo/Deployment/backend)'],
  ])('replicas %p, %p', (replicas, budget, rule) => {
    expect(check(replicas, budget)).toEqual([expect.objectContaining({ rule, fix: expect.stringContaining('maxUnavailable: 1') })]);
  });
  test('a budget that leaves room passes', () => {
    expect(check(3, { minAvailable: 2 })).toEqual([]);
    expect(check(undefined, { maxUnavailable: 1 })).toEqual([]);
  });
});

test('strategy: recreate, or any rolling update (plus-30 itself refuses one that can never progress)', () => {
  const chart = testChart();
  new Worker(chart, 'w', { ...base, name: 'worker', strategy: kplus.DeploymentStrategy.recreate() });
  new Worker(chart, 'v', { ...base, name: 'other', strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(50), maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }) });
  const [recreate, rolling] = synth(chart);
  expect(recreate.spec.strategy).toEqual({ type: 'Recreate' });
  expect(rolling.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 1 } });
});

test('a fixed replicas with an autoscaler added by hand (an escape hatch) fails synth with the reason', () => {
  const chart = testChart();
  const web = new WebService(chart, 'api', { ...base, replicas: 2 });
  new k8s.KubeHorizontalPodAutoscalerV2(chart, 'hpa', { metadata: { name: 'api', namespace: 'todo' }, spec: { maxReplicas: 4, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: web.name } } });
  expect(checkManifests(synth(chart), LOCAL_PROFILE).filter((v) => v.path === 'spec.replicas').map((v) => `${v.object}: ${v.rule}`)).toEqual([
    'todo/Deployment/backend: replicas is 2 while todo/HorizontalPodAutoscaler/api scales it: every kubectl apply resets the pods to 2',
  ]);
});
