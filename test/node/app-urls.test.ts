// Needs: real-node, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * Where the app is, from this machine (issue 25.6), on the real node: a NodePort Service in front
 * of a pod that serves HTTP, and publicUrls on localhost as the local profile has them (the real
 * node is not this machine). Deploy's report tries each URL: the configured one does not answer,
 * and says why; the node's address with the NodePort answers; the advice names that address.
 */
import { execFileSync } from 'child_process';
import { appUrls } from '../../lib/deploy/app-urls-action';
import { Kubectl } from '../../lib/deploy/kubectl';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { clusterEnv, deleteNamespacesOn, nodePortPair, uniqueName } from '../support/cluster';
import { mirrored } from '../support/mirror';
import { nodeAddress, realKubectl } from './helpers/real-node';

jest.setTimeout(10 * 60 * 1000);

const namespace = uniqueName('urls');
const ports = nodePortPair(namespace);

const service = {
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'frontend', namespace },
  spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 3000, targetPort: 8080, nodePort: ports.frontend }] },
};

beforeAll(() => {
  realKubectl(['create', 'namespace', namespace]);
}, 10 * 60 * 1000);

afterAll(() => deleteNamespacesOn('real', namespace));

function applyObjects(objects: object[]): void {
  const { kubectl, kubeconfig } = clusterEnv('real');
  execFileSync(kubectl, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }), env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'ignore', 'pipe'] });
}

test('the configured localhost URL does not answer here and says why; the node\'s address with the NodePort answers', async () => {
  applyObjects([
    {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace, labels: { app: 'web' } },
      spec: {
        containers: [{
          name: 'web', image: mirrored('python'), imagePullPolicy: 'IfNotPresent', command: ['python3', '-m', 'http.server', '8080', '--directory', '/tmp'],
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
        }],
      },
    },
    service,
  ]);
  realKubectl(['wait', '--for=condition=Ready', 'pod/web', '-n', namespace, '--timeout=120s'], 150_000);

  const { kubectl, kubeconfig } = clusterEnv('real');
  const settings: TodoConfig = {
    ...LOCAL_PROFILE, namespace,
    publicUrls: { frontend: `http://localhost:${ports.frontend}`, backend: `http://localhost:${ports.backend}` },
    exposure: { kind: 'node-port', frontendNodePort: ports.frontend, backendNodePort: ports.backend },
  };
  const report = await appUrls({ kubectl: new Kubectl({ binary: kubectl, env: { ...process.env, KUBECONFIG: kubeconfig } }), settings, objects: [service], target: { kind: 'host-containerd', context: 'real' } });
  const node = nodeAddress();
  const frontend = report.urls.filter((u) => u.component === 'frontend');
  expect(frontend.map((u) => ({ url: u.url, via: u.via, reachable: u.probe.reachable }))).toEqual([
    { url: `http://localhost:${ports.frontend}`, via: 'public-url', reachable: false },
    { url: `http://${node}:${ports.frontend}/`, via: 'node-port', reachable: true },
  ]);
  expect(frontend[0].probe).toMatchObject({ why: expect.stringContaining('ECONNREFUSED') });
  expect(frontend[1].probe).toEqual({ reachable: true, status: 200 });
  // No Service holds the backend's NodePort here: no node URL is made up for it.
  expect(report.urls.filter((u) => u.component === 'backend').map((u) => u.via)).toEqual(['public-url']);
  expect(report.advice[0]).toContain(`the app answers at http://${node}:${ports.frontend}/, but it was built for publicUrls`);
  expect(report.advice[0]).toContain(`set publicUrls to http://${node}:<port> in a values file`);
  expect(report.advice[1]).toBe('or forward the configured URLs to the Services from this machine: npm run deploy -- --port-forward (until Ctrl-C)');
});
