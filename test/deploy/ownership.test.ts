// Needs: cluster
/**
 * Issue 26 item 2: `down --delete-data` deletes only what this instance proves it created
 * (ApplySet membership or its own label todo-k8s.dev/instance), never by Helm's release label
 * `app.kubernetes.io/instance` alone; deploy never takes over (labels, or changes the Pod
 * Security level of) a namespace that existed before its first deploy. Against the test
 * cluster's real API server and StatefulSet controller.
 */
import { applyObjects, groupForApply } from '../../lib/deploy/apply';
import { Kubectl } from '../../lib/deploy/kubectl';
import { planNamespace, readNamespace } from '../../lib/deploy/ownership';
import { tearDown } from '../../lib/deploy/tear-down';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { clusterEnv, deleteNamespaces, kubectl, kubectlOk, uniqueName } from '../support/cluster';
import { ClusterProject } from '../cluster/cluster-project';

jest.setTimeout(4 * 60 * 1000);

const cluster = () => new Kubectl({ binary: clusterEnv().kubectl, env: { ...process.env, KUBECONFIG: clusterEnv().kubeconfig } });
const instance = 'todo';
const configFor = (namespace: string) => ({ ...LOCAL_PROFILE, namespace, instance });
const labelsOf = (kind: string, name: string, namespace?: string) => JSON.parse(kubectlOk(['get', kind, name, ...(namespace ? ['-n', namespace] : []), '-o', 'json'])).metadata.labels ?? {};
const exists = (kind: string, name: string, namespace?: string) => kubectl(['get', kind, name, ...(namespace ? ['-n', namespace] : []), '-o', 'name']).status === 0;

/** A claim as Helm's Bitnami Redis chart leaves it: Helm's release label, nothing of ours. */
const helmClaim = (namespace: string) => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim',
  metadata: { name: 'redis-data-todo-redis-master-0', namespace, labels: { 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/name': 'redis' } },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
});

/** What synth makes of the instance's namespace: this instance's labels and Pod Security "restricted". */
const namespaceObject = (name: string) => ({
  apiVersion: 'v1', kind: 'Namespace',
  metadata: { name, labels: { 'app.kubernetes.io/part-of': instance, 'pod-security.kubernetes.io/enforce': 'restricted' } },
});
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } };

describe('a namespace shared with a Helm release, existing before the first deploy', () => {
  const ns = uniqueName('h26-shared');
  beforeAll(() => {
    kubectlOk(['create', 'namespace', ns]);
    kubectlOk(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=baseline']);
    kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(helmClaim(ns)) });
  });
  afterAll(() => deleteNamespaces(ns));

  test('deploy leaves the namespace as it was and says so; down --delete-data deletes only the ApplySet', async () => {
    const k = cluster();
    const plan = planNamespace(groupForApply([namespaceObject(ns), configMap], ns), ns, instance, await readNamespace(k, ns));
    expect(plan.note).toContain(`namespace ${ns} existed before this instance was first deployed`);
    expect(plan.note).toContain(`its Pod Security level stays "baseline" (the manifests ask for "restricted"`);
    await applyObjects(k, plan.groups, ns, instance);
    expect(exists('configmap', 'settings', ns)).toBe(true);
    const labels = labelsOf('namespace', ns);
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(labels['app.kubernetes.io/part-of']).toBeUndefined();
    expect(labels['todo-k8s.dev/instance']).toBeUndefined();

    const report = await tearDown(k, configFor(ns), true, 60_000);
    expect(report.deleted).toEqual(['ConfigMap/settings']);
    expect(report.notOurs).toEqual([`Namespace/${ns} (no todo-k8s.dev/instance=todo: it existed before this instance was first deployed, or an earlier version of deploy or another tool made it)`]);
    expect(exists('configmap', 'settings', ns)).toBe(false);
    expect(exists('persistentvolumeclaim', 'redis-data-todo-redis-master-0', ns)).toBe(true);
    expect(exists('namespace', ns)).toBe(true);
  });

  test('a namespace an earlier deploy labelled part-of (as before this fix) is not deleted either', async () => {
    kubectlOk(['label', 'namespace', ns, `app.kubernetes.io/part-of=${instance}`]);
    const report = await tearDown(cluster(), configFor(ns), true, 60_000);
    expect(report.deleted).toEqual([]);
    expect(exists('namespace', ns)).toBe(true);
    expect(exists('persistentvolumeclaim', 'redis-data-todo-redis-master-0', ns)).toBe(true);
  });
});

describe('a namespace deploy creates', () => {
  const ns = uniqueName('h26-own');
  afterAll(() => deleteNamespaces(ns));

  test('is labelled as the instance\'s; its StatefulSet\'s claims are deleted with it by down --delete-data, after a plain down', async () => {
    const k = cluster();
    const statefulSet = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: {
        serviceName: 'db', replicas: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': instance } },
        template: { metadata: { labels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': instance } }, spec: { containers: [{ name: 'c', image: 'postgres:17-alpine' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    const plan = planNamespace(groupForApply([namespaceObject(ns), statefulSet], ns), ns, instance, await readNamespace(k, ns));
    expect(plan.note).toBeUndefined();
    await applyObjects(k, plan.groups, ns, instance);
    expect(labelsOf('namespace', ns)['todo-k8s.dev/instance']).toBe(instance);
    // The StatefulSet controller makes the claim; then a Helm release's claim joins the namespace.
    for (let i = 0; i < 60 && !exists('persistentvolumeclaim', 'data-db-0', ns); i++) await new Promise((r) => setTimeout(r, 1000));
    kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(helmClaim(ns)) });

    const plain = await tearDown(k, configFor(ns), false, 60_000);
    expect(plain.kept).toEqual(['PersistentVolumeClaim/data-db-0', `Namespace/${ns}`]);
    expect(labelsOf('persistentvolumeclaim', 'data-db-0', ns)['todo-k8s.dev/instance']).toBe(instance);
    expect(labelsOf('persistentvolumeclaim', 'redis-data-todo-redis-master-0', ns)['todo-k8s.dev/instance']).toBeUndefined();

    const withData = await tearDown(k, configFor(ns), true, 120_000);
    expect(withData.deleted).toEqual(['PersistentVolumeClaim/data-db-0', `Namespace/${ns}`]);
  });
});

describe('npm run deploy and down in a shared namespace that was there first', () => {
  const project = new ClusterProject('h26-deploy-shared');
  afterAll(() => project.remove());

  test('deploy says so and leaves its labels; down --delete-data keeps it and the Helm release\'s claim', () => {
    const ns = project.namespace;
    kubectlOk(['create', 'namespace', ns]);
    kubectlOk(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=baseline', 'team=shared']);
    kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(helmClaim(ns)) });
    project.writeEnv();
    const deployed = project.run('deploy', ['--timeout', '120s']);
    expect(deployed.stderr).toContain(`deploy: namespace ${ns} existed before this instance was first deployed`);
    expect(deployed.stderr).toContain('its Pod Security level stays "baseline" (the manifests ask for "restricted"');
    expect(deployed.status).toBe(0);
    const labels = labelsOf('namespace', ns);
    expect([labels['pod-security.kubernetes.io/enforce'], labels.team, labels['app.kubernetes.io/part-of'], labels['todo-k8s.dev/instance']]).toEqual(['baseline', 'shared', undefined, undefined]);

    const down = project.run('down', ['--delete-data']);
    expect(down.status).toBe(0);
    expect(down.stderr).toContain('PersistentVolumeClaim/data-postgres-0');
    expect(down.stderr).toContain(`down: not deleted, as nothing shows this instance created them: Namespace/${ns}`);
    expect(exists('namespace', ns)).toBe(true);
    expect(exists('persistentvolumeclaim', 'redis-data-todo-redis-master-0', ns)).toBe(true);
    expect(exists('persistentvolumeclaim', 'data-postgres-0', ns)).toBe(false);
    expect(exists('secret', 'todo-secrets', ns)).toBe(false);
  });
});
