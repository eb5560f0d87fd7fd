// Needs: cluster
/**
 * `npm run status`'s Dapr diagnosis, from the real API server's pods: a pod whose template asks
 * for Dapr's sidecar but that has none (the kwok cluster has no injector, as a cluster where the
 * control plane came after the pods) is named with the restart that fixes it, although Kubernetes
 * reports the pod Running and Ready and the rollout done.
 */
import { daprDiagnoses } from '../../lib/deploy/dapr-diagnose';
import { Kubectl } from '../../lib/deploy/kubectl';
import { kubectlLogReader, readClusterState } from '../../lib/deploy/rollout-read-state';
import { clusterEnv, deleteNamespacesOn, kubectl, kubectlOk, uniqueName } from '../support/cluster';
import { daprApp, restrictedNamespace } from './helpers/objects';

jest.setTimeout(3 * 60 * 1000);

const ns = uniqueName('pv-status');
afterAll(() => deleteNamespacesOn('kwok', ns));

test('a Ready pod without the sidecar its template asks for is diagnosed, naming the restart', async () => {
  const objects = [restrictedNamespace(ns), ...daprApp(ns, 'app:test', { name: 'publisher' }), ...daprApp(ns, 'app:test', { name: 'plain' })];
  // The second app does not ask for Dapr: it is not diagnosed.
  delete (objects[4] as any).spec.template.metadata.annotations;
  kubectlOk(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
  kubectlOk(['rollout', 'status', 'deployment/publisher', '-n', ns, '--timeout=90s']);
  const env = clusterEnv('kwok');
  const k = new Kubectl({ binary: env.kubectl, env: { ...process.env, KUBECONFIG: env.kubeconfig } });
  const diagnoses = await daprDiagnoses(await readClusterState(k, ns), kubectlLogReader(k, ns));
  expect(diagnoses).toEqual([[
    expect.stringMatching(/^pod publisher-[a-z0-9]+-[a-z0-9]+: no Dapr sidecar, though its template has dapr\.io\/enabled: "true"/),
    `once the injector is Ready (kubectl -n dapr-system get deploy dapr-sidecar-injector), restart the app: kubectl -n ${ns} rollout restart deployment/publisher`,
  ]]);
  expect(kubectl(['get', 'pods', '-n', ns, '-l', 'app=publisher', '-o', 'jsonpath={.items[0].status.phase}']).stdout).toBe('Running');
});
