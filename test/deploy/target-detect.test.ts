import { ClusterTarget, CommandRunner, describeTarget, detectTarget, imageLoadCommand, readKubeTarget } from '../../lib/deploy/target';
import { SHAPES } from './fixtures/cluster-shapes';

/** A kubectl that answers from a fixture, recording the argv it was given. */
function fixtureKubectl(shape: { config: object; nodes: object }, calls: string[][] = []): CommandRunner {
  return async (command, args) => {
    calls.push([command, ...args]);
    if (args[0] === 'config') return { code: 0, stdout: JSON.stringify(shape.config), stderr: '' };
    if (args[0] === 'get' && args[1] === 'nodes') return { code: 0, stdout: JSON.stringify(shape.nodes), stderr: '' };
    return { code: 1, stdout: '', stderr: `unexpected ${args.join(' ')}` };
  };
}

async function detect(shape: { config: object; nodes: object }, registry?: string): Promise<ClusterTarget> {
  const { context, nodes } = await readKubeTarget('kubectl', undefined, fixtureKubectl(shape));
  return detectTarget(context, nodes, { registry });
}

describe('detectTarget on the real shapes of each cluster (kubectl JSON written from each tool\'s source)', () => {
  test('minikube, docker runtime: profile from the node label, runtime from containerRuntimeVersion docker://', async () => {
    expect(await detect(SHAPES.minikubeDocker)).toEqual({ kind: 'minikube', context: 'minikube', profile: 'minikube', runtime: 'docker' });
  });

  test('minikube, containerd and cri-o runtimes', async () => {
    expect(await detect(SHAPES.minikubeContainerd)).toEqual({ kind: 'minikube', context: 'dev', profile: 'dev', runtime: 'containerd' });
    expect(await detect(SHAPES.minikubeCrio)).toEqual({ kind: 'minikube', context: 'crio', profile: 'crio', runtime: 'cri-o' });
  });

  test('minikube is recognised from its kubeconfig extension alone (nodes not listable)', async () => {
    const { context } = await readKubeTarget('kubectl', undefined, fixtureKubectl(SHAPES.minikubeDocker));
    expect(context.provider).toBe('minikube.sigs.k8s.io');
    expect(detectTarget(context, [])).toEqual({ kind: 'minikube', context: 'minikube', profile: 'minikube', runtime: 'docker' });
  });

  test('kind: cluster name from providerID kind://docker/<cluster>/<node>, every node kept', async () => {
    expect(await detect(SHAPES.kind)).toEqual({ kind: 'kind', context: 'kind-dev', clusterName: 'dev', nodes: ['dev-control-plane', 'dev-worker'] });
  });

  test('kind: from the context name kind-<name> and node names when providerID is absent', () => {
    const nodes = [{ name: 'dev-control-plane', labels: {}, annotations: {}, containerRuntimeVersion: 'containerd://2.1.3' }];
    expect(detectTarget({ name: 'kind-dev', cluster: 'kind-dev', user: 'kind-dev', server: 'https://127.0.0.1:40331' }, nodes)).toMatchObject({ kind: 'kind', clusterName: 'dev' });
    // A context merely named kind-x whose nodes are not kind's is not kind.
    const other = [{ name: 'ip-10-0-0-1', labels: {}, annotations: {}, containerRuntimeVersion: 'containerd://1.7.0' }];
    expect(detectTarget({ name: 'kind-x', cluster: 'kind-x', user: 'u', server: 'https://eks' }, other).kind).toBe('cloud');
  });

  test('Docker Desktop: context docker-desktop, node docker-desktop', async () => {
    expect(await detect(SHAPES.dockerDesktop)).toEqual({ kind: 'docker-desktop', context: 'docker-desktop' });
  });

  test('host-containerd: the node label; the socket from the cri-socket annotation kubeadm writes, ours first when both are set', async () => {
    expect(await detect(SHAPES.hostContainerd)).toEqual({
      kind: 'host-containerd',
      context: 'todo-k8s',
      address: '/tmp/todo-k8s-cluster-real/containerd/containerd.sock',
    });
    const context = { name: 'h', cluster: 'h', user: 'h', server: 'https://127.0.0.1:1' };
    const labels = { 'todo-k8s.dev/images': 'host-containerd' };
    const both = { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock', 'todo-k8s.dev/containerd-address': '/srv/ctr.sock' };
    expect(detectTarget(context, [{ name: 'n', labels, annotations: both, containerRuntimeVersion: 'containerd://1.7.0' }])).toEqual({ kind: 'host-containerd', context: 'h', address: '/srv/ctr.sock' });
    // Neither: ctr's own default (CONTAINERD_ADDRESS, or /run/containerd/containerd.sock).
    expect(detectTarget(context, [{ name: 'n', labels, annotations: {}, containerRuntimeVersion: 'containerd://1.7.0' }])).toEqual({ kind: 'host-containerd', context: 'h' });
  });

  test('any other cluster is cloud; --registry makes any real cluster a registry target', async () => {
    expect(await detect(SHAPES.cloud)).toEqual({ kind: 'cloud', context: 'gke_acme_europe-west1_prod' });
    expect(await detect(SHAPES.cloud, 'europe-docker.pkg.dev/acme/todo')).toEqual({ kind: 'cloud', context: 'gke_acme_europe-west1_prod', registry: 'europe-docker.pkg.dev/acme/todo' });
    expect(await detect(SHAPES.kind, 'registry.example.com')).toMatchObject({ kind: 'cloud', registry: 'registry.example.com' });
  });

  test('readKubeTarget passes --context on to both kubectl calls', async () => {
    const calls: string[][] = [];
    await readKubeTarget('/opt/kubectl', 'kind-dev', fixtureKubectl(SHAPES.kind, calls));
    expect(calls).toEqual([
      ['/opt/kubectl', 'config', 'view', '--minify', '-o', 'json', '--context', 'kind-dev'],
      ['/opt/kubectl', 'get', 'nodes', '-o', 'json', '--context', 'kind-dev', '--request-timeout=20s'],
    ]);
  });

  test('a context that does not exist, and kubectl not on PATH, are named', async () => {
    const missing: CommandRunner = async () => ({ code: 1, stdout: '', stderr: 'error: context "nope" does not exist' });
    await expect(readKubeTarget('kubectl', 'nope', missing)).rejects.toThrow(/kubectl config view --minify -o json --context nope` failed \(exit 1\):\n  \| error: context "nope" does not exist/);
    await expect(readKubeTarget('/nonexistent/kubectl')).rejects.toThrow(/\/nonexistent\/kubectl is not installed or not on PATH/);
  });
});

describe('describeTarget and imageLoadCommand', () => {
  const ref = 'todo-backend:sha-0123456789ab';
  test('the command a user runs for each target', () => {
    expect(imageLoadCommand({ kind: 'minikube', context: 'minikube', profile: 'minikube', runtime: 'docker' }, ref)).toBe(`minikube -p minikube image load ${ref}`);
    expect(imageLoadCommand({ kind: 'kind', context: 'kind-dev', clusterName: 'dev', nodes: [] }, ref)).toBe(`kind load docker-image ${ref} --name dev`);
    expect(imageLoadCommand({ kind: 'host-containerd', context: 'c', address: '/run/x.sock' }, ref)).toBe(`docker save ${ref} | ctr --address /run/x.sock -n k8s.io images import -`);
    expect(imageLoadCommand({ kind: 'kwok', context: 'c' }, ref)).toBeUndefined();
    expect(imageLoadCommand({ kind: 'cloud', context: 'c' }, ref)).toMatch(/--registry/);
  });
  test('one line each', () => {
    for (const t of [
      { kind: 'minikube', context: 'dev', profile: 'dev', runtime: 'containerd' },
      { kind: 'kind', context: 'kind-dev', clusterName: 'dev', nodes: ['a'] },
      { kind: 'docker-desktop', context: 'docker-desktop' },
      { kind: 'kwok', context: 'k' },
      { kind: 'host-containerd', context: 'h' },
      { kind: 'cloud', context: 'c', registry: 'r.example.com' },
    ] as ClusterTarget[]) {
      expect(describeTarget(t)).not.toMatch(/\n/);
      expect(describeTarget(t)).toContain(t.context);
    }
  });
});

describe('spawnCommand', () => {
  test('streams stdin, collects output, reports the exit code; a hung command is killed at its deadline', async () => {
    const { Readable } = await import('stream');
    const { spawnCommand } = await import('../../lib/deploy/target');
    expect(await spawnCommand('sh', ['-c', 'cat; echo err >&2; exit 3'], { stdin: Readable.from(['in\n']) })).toEqual({ code: 3, stdout: 'in\n', stderr: 'err\n' });
    const hung = await spawnCommand('sleep', ['30'], { timeoutMs: 300 });
    expect(hung.code).toBeNull();
    expect(hung.stderr).toMatch(/killed: no exit within 0\.3s/);
  });
});
