// Needs: cluster
/**
 * docs/configuration.md's `npm run synth && kubectl apply -f dist` (the by-hand path), for real against the test cluster's API
 * server: the first apply succeeds on an empty cluster for both profiles and every rollout
 * completes (kwok's node reports the pods Running and Ready); a second apply changes nothing;
 * settings changes apply as updates; and the updates the server refuses are found here, each
 * listed in docs/troubleshooting.md with what the user must do.
 */
import { kubectlOk } from '../support/cluster';
import { ClusterProject } from './cluster-project';

/** `kubectl apply` lines that are not "unchanged". */
const changedLines = (stdout: string) => stdout.split('\n').filter((l) => l && !/ unchanged$/.test(l));

describe.each(['local', 'cloud'] as const)('profile %s', (profile) => {
  let project: ClusterProject;
  beforeAll(() => {
    project = new ClusterProject(`apply-${profile}`, { profile });
    project.synthesize();
  });
  afterAll(() => project.remove());

  test('the first kubectl apply -f dist succeeds on an empty cluster and every rollout completes', () => {
    const r = project.apply();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^namespace/${project.namespace} created$`, 'm'));
    project.waitForRollouts();
    const pods = JSON.parse(kubectlOk(['get', 'pods', '-n', project.namespace, '-o', 'json'])).items;
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) expect(pod.status.conditions.find((c: any) => c.type === 'Ready')?.status).toBe('True');
  });

  test('applying the same dist/ again changes nothing', () => {
    const versions = () => kubectlOk(['get', 'all,pdb,hpa,networkpolicy,configmap', '-n', project.namespace, '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}']);
    const before = versions();
    const r = project.apply();
    expect(r.status).toBe(0);
    // kubectl's client-side apply always re-sends a PodDisruptionBudget's selector (its patch
    // strategy is "replace") and says "configured"; the server finds nothing to change.
    expect(changedLines(r.stdout).filter((l) => !l.startsWith('poddisruptionbudget.policy/'))).toEqual([]);
    expect(versions()).toBe(before);
  });
});

describe('settings changes apply as updates', () => {
  let project: ClusterProject;
  beforeAll(() => {
    project = new ClusterProject('apply-changes');
    project.synthesize();
    expect(project.apply().status).toBe(0);
    project.waitForRollouts();
  });
  afterAll(() => project.remove());

  const reapply = () => {
    project.synthesize();
    const r = project.apply();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    project.waitForRollouts();
    return r.stdout;
  };

  test('replicas', () => {
    project.setValues('backend: { replicas: 2 }');
    expect(changedLines(reapply())).toEqual(['deployment.apps/backend configured']);
    expect(kubectlOk(['get', 'deployment/backend', '-n', project.namespace, '-o', 'jsonpath={.status.readyReplicas}'])).toBe('2');
  });

  test('an image tag', () => {
    project.setValues('images: { backend: { tag: "0.2.0" } }');
    // The tag is also the app.kubernetes.io/version label, on the Service too.
    expect(changedLines(reapply())).toEqual(['deployment.apps/backend configured', 'service/backend configured']);
    expect(kubectlOk(['get', 'deployment/backend', '-n', project.namespace, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe('todo-backend:0.2.0');
  });

  test('a probe path', () => {
    project.setValues('backend: { healthCheckPath: /healthz }');
    expect(changedLines(reapply())).toContain('deployment.apps/backend configured');
    expect(kubectlOk(['get', 'deployment/backend', '-n', project.namespace, '-o', 'jsonpath={.spec.template.spec.containers[0].readinessProbe.httpGet.path}'])).toBe('/healthz');
  });

  test("a new env var and a new worker, added in the user's main.ts", () => {
    project.setValues('');
    project.setMain(`
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { BACKEND_CONTRACT, TodoChart, Worker, TodoConfig } from '@lib';
export default function buildApp(settings: TodoConfig): App {
const app = new App();
const chart = new TodoChart(app, settings.instance, { config: settings });
chart.backend.container.env.addVariable('FEATURE_FLAGS', kplus.EnvValue.fromValue('tasks-v2'));
new Worker(chart, 'reminders', {
  contract: BACKEND_CONTRACT, name: 'reminders', component: 'reminders', instance: settings.instance,
  image: settings.images.backend, command: ['python', '-m', 'reminders'], database: chart.database, env: chart.backend.appEnv,
});
return app;
}
`);
    const out = changedLines(reapply());
    expect(out).toEqual(expect.arrayContaining(['deployment.apps/backend configured', expect.stringMatching(/^deployment\.apps\/reminders created$/)]));
    const env = JSON.parse(kubectlOk(['get', 'deployment/backend', '-n', project.namespace, '-o', 'jsonpath={.spec.template.spec.containers[0].env}']));
    expect(env).toContainEqual({ name: 'FEATURE_FLAGS', value: 'tasks-v2' });
  });
});
