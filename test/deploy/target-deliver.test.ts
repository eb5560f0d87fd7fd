// Needs: docker, cluster (probed once by test/support/global-setup.ts before any test runs)
/*
 * Delivery against real parts: the local Docker Engine (Docker Desktop's shared-engine check, the
 * source of every save and push), a containerd of this test's own (host-containerd: docker save |
 * ctr import), a registry (distribution v3) on 127.0.0.1 (cloud: push and digest), and the shared
 * kwok cluster read through kubectl. The minikube and kind CLIs cannot run here: those tests check
 * the exact argv they are given through the injected runner, answering as the tools' sources say.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { CommandRunner, DeliveryDeps, ImageToDeliver, deliverImages, detectTarget, readKubeTarget, spawnCommand } from '../../lib/deploy/target';
import { ensureTestBaseImage, removeRepositories, tagVariantOfBaseImage, testDocker, uniqueRepository } from '../images/helpers/docker';
import { readClusterEnv } from '../support/cluster';
import { MINIKUBE_DOCKER_ENV_JSON } from './fixtures/cluster-shapes';

let docker: Docker;
let image: ImageToDeliver;
const repository = uniqueRepository('deliver');
const logs: string[] = [];

beforeAll(async () => {
  docker = await testDocker();
  await ensureTestBaseImage(docker);
  const reference = `${repository}:sha-0123456789ab`;
  await tagVariantOfBaseImage(docker, reference, `deliver-${process.pid}`);
  image = { component: 'backend', reference, imageId: (await docker.getImage(reference).inspect()).Id };
});

afterAll(async () => {
  await removeRepositories(docker, [repository]);
});

/** A runner that records every argv and answers from `answer` (undefined: the program is not installed). */
function recordingRunner(answer: (command: string, args: readonly string[]) => { code: number; stdout?: string } | undefined, calls: string[][]): CommandRunner {
  return async (command, args) => {
    calls.push([command, ...args]);
    const a = answer(command, args);
    if (!a) throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
    return { code: a.code, stdout: a.stdout ?? '', stderr: '' };
  };
}

function deps(run: CommandRunner, extra: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return { docker, run, log: (l) => logs.push(l), ...extra };
}

describe('Docker Desktop and kwok', () => {
  test('Docker Desktop: the image in the shared engine with the lock\'s ID is already there', async () => {
    const report = await deliverImages({ kind: 'docker-desktop', context: 'docker-desktop' }, [image], deps(spawnCommand));
    expect(report.images).toEqual([{ component: 'backend', reference: image.reference, status: 'already-there' }]);
  });

  test('Docker Desktop: an image with another ID, or none, is refused naming npm run images', async () => {
    const wrong = { ...image, imageId: `sha256:${'0'.repeat(64)}` };
    await expect(deliverImages({ kind: 'docker-desktop', context: 'docker-desktop' }, [wrong], deps(spawnCommand))).rejects.toThrow(
      new RegExp(`backend: the image ${image.reference} in the Docker Engine at unix://\\S+ is ${image.imageId}, not sha256:0{64} as the images lock says.*npm run images`),
    );
    const missing = { ...image, reference: `${repository}:absent` };
    await expect(deliverImages({ kind: 'docker-desktop', context: 'docker-desktop' }, [missing], deps(spawnCommand))).rejects.toThrow(/is not in the Docker Engine at/);
  });

  test('kwok: nothing is needed and no engine is asked', async () => {
    const nowhere = new Docker({ socketPath: '/nonexistent/docker.sock' });
    const report = await deliverImages({ kind: 'kwok', context: 'k' }, [image], deps(spawnCommand, { docker: nowhere }));
    expect(report.images[0].status).toBe('not-needed');
  });

  test('readKubeTarget on the shared test cluster (kwok\'s fake node) detects kwok', async () => {
    const env = readClusterEnv()!;
    const run: CommandRunner = (command, args, options) => spawnCommand(command, args, { ...options, env: { KUBECONFIG: env.kubeconfig } });
    const { context, nodes } = await readKubeTarget(env.kubectl, undefined, run);
    expect(context).toMatchObject({ name: 'todo-k8s-test', cluster: 'todo-k8s-test', user: 'todo-k8s-admin', server: 'https://127.0.0.1:16443' });
    expect(nodes.map((n) => n.annotations['kwok.x-k8s.io/node'])).toContain('fake');
    expect(detectTarget(context, nodes)).toEqual({ kind: 'kwok', context: 'todo-k8s-test' });
  });
});

describe('minikube (argv through the injected runner; the engine check against the real engine)', () => {
  const docker_env = ['minikube', '-p', 'minikube', 'docker-env', '--shell', 'none', '-o', 'json'];

  test('docker runtime: docker-env is read as JSON and the image is verified in that engine, not loaded again', async () => {
    const calls: string[][] = [];
    // minikube's engine is, here, the local one (what `eval $(minikube docker-env)` users have).
    const run = recordingRunner((_c, a) => (a.includes('docker-env') ? { code: 0, stdout: JSON.stringify({ DOCKER_HOST: 'unix:///var/run/docker.sock', MINIKUBE_ACTIVE_DOCKERD: 'minikube' }) } : undefined), calls);
    const report = await deliverImages({ kind: 'minikube', context: 'minikube', profile: 'minikube', runtime: 'docker' }, [image], deps(run));
    expect(calls).toEqual([docker_env]);
    expect(report.images[0].status).toBe('already-there');
  });

  test('docker runtime: the real TCP/TLS docker-env answer is used with its certificate directory', async () => {
    const run = recordingRunner(() => ({ code: 0, stdout: JSON.stringify(MINIKUBE_DOCKER_ENV_JSON) }), []);
    await expect(deliverImages({ kind: 'minikube', context: 'minikube', profile: 'minikube', runtime: 'docker' }, [image], deps(run))).rejects.toThrow(
      /DOCKER_TLS_VERIFY is set but the TLS file \/home\/u\/\.minikube\/certs\/ca\.pem cannot be read/,
    );
  });

  test('containerd runtime: `minikube image ls --format json` first; `minikube -p P image load REF` only for what is missing', async () => {
    const listed = (ids: string[]) => JSON.stringify(ids.map((id) => ({ id, repoDigests: [], repoTags: [`docker.io/library/${image.reference}`], size: '4400000' })));
    const target = { kind: 'minikube', context: 'dev', profile: 'dev', runtime: 'containerd' } as const;

    const present: string[][] = [];
    const there = await deliverImages(target, [image], deps(recordingRunner(() => ({ code: 0, stdout: listed([image.imageId]) }), present)));
    expect(present).toEqual([['minikube', '-p', 'dev', 'image', 'ls', '--format', 'json']]);
    expect(there.images[0].status).toBe('already-there');

    const absent: string[][] = [];
    const loaded = await deliverImages(target, [image], deps(recordingRunner((_c, a) => ({ code: 0, stdout: a.includes('ls') ? listed([`sha256:${'1'.repeat(64)}`]) : '' }), absent)));
    expect(absent).toEqual([
      ['minikube', '-p', 'dev', 'image', 'ls', '--format', 'json'],
      ['minikube', '-p', 'dev', 'image', 'load', image.reference],
    ]);
    expect(loaded.images[0]).toMatchObject({ status: 'loaded', command: `minikube -p dev image load ${image.reference}` });
  });

  test('docker runtime, several nodes: docker-env refuses (its own message), so every node gets minikube image load', async () => {
    const calls: string[][] = [];
    const run = recordingRunner((_c, a) =>
      a.includes('docker-env')
        ? { code: 81, stdout: 'X Exiting due to ENV_MULTINODE_CONFLICT: The docker-env command is incompatible with multi-node clusters. Use the \'registry\' add-on: https://minikube.sigs.k8s.io/docs/handbook/registry/' }
        : { code: 0, stdout: a.includes('ls') ? '[]' : '' }, calls);
    const report = await deliverImages({ kind: 'minikube', context: 'multi', profile: 'multi', runtime: 'docker' }, [image], deps(run));
    expect(calls.map((c) => c.slice(3).join(' '))).toEqual(['docker-env --shell none -o json', 'image ls --format json', `image load ${image.reference}`]);
    expect(report.images[0].status).toBe('loaded');
  });

  test('minikube not on PATH: says how to install it or load by hand', async () => {
    await expect(
      deliverImages({ kind: 'minikube', context: 'dev', profile: 'dev', runtime: 'containerd' }, [image], deps(spawnCommand, { commands: { minikube: '/nonexistent/minikube' } })),
    ).rejects.toThrow(/minikube profile "dev", but `\/nonexistent\/minikube` is not installed or not on PATH\. Install minikube \(https:\/\/minikube\.sigs\.k8s\.io\/docs\/start\/\), or load each image by hand with `minikube -p dev image load REF`/);
  });

  test('a failing minikube is quoted', async () => {
    const run = recordingRunner(() => ({ code: 80, stdout: '❌  Exiting due to GUEST_STATUS: state: unknown state "dev"' }), []);
    await expect(deliverImages({ kind: 'minikube', context: 'dev', profile: 'dev', runtime: 'docker' }, [image], deps(run))).rejects.toThrow(
      /`minikube -p dev docker-env --shell none -o json` failed \(exit 80\):\n  \| .*GUEST_STATUS/,
    );
  });
});

describe('kind (argv through the injected runner)', () => {
  const target = { kind: 'kind', context: 'kind-dev', clusterName: 'dev', nodes: ['dev-control-plane', 'dev-worker'] } as const;
  const inspecti = (id: string) => JSON.stringify({ status: { id, repoTags: [`docker.io/library/${image.reference}`], repoDigests: [], size: '4400000' } });

  test('every node has the image ID (crictl inspecti, as kind checks): no kind load', async () => {
    const calls: string[][] = [];
    const report = await deliverImages(target, [image], deps(recordingRunner(() => ({ code: 0, stdout: inspecti(image.imageId) }), calls)));
    expect(calls).toEqual([
      ['docker', 'exec', 'dev-control-plane', 'crictl', 'inspecti', image.reference],
      ['docker', 'exec', 'dev-worker', 'crictl', 'inspecti', image.reference],
    ]);
    expect(report.images[0].status).toBe('already-there');
  });

  test('a node lacks it: kind load docker-image REF --name NAME', async () => {
    const calls: string[][] = [];
    const run = recordingRunner((c, a) => (c === 'kind' ? { code: 0 } : a[1] === 'dev-worker' ? { code: 1 } : { code: 0, stdout: inspecti(image.imageId) }), calls);
    const report = await deliverImages(target, [image], deps(run));
    expect(calls[2]).toEqual(['kind', 'load', 'docker-image', image.reference, '--name', 'dev']);
    expect(report.images[0]).toMatchObject({ status: 'loaded', command: `kind load docker-image ${image.reference} --name dev` });
  });

  // The error is kind's own, as kubernetes-sigs/kind#3795 and #4255 quote it.
  test('kind load failing on a containerd-store engine (kind#3795): the image is imported into each node through docker exec', async () => {
    const calls: string[][] = [];
    const received: number[] = [];
    const run: CommandRunner = async (command, args, options) => {
      calls.push([command, ...args]);
      if (command === 'kind') return { code: 1, stdout: '', stderr: 'ERROR: failed to load image: command "docker exec --privileged -i dev-control-plane ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -" failed with error: exit status 1\nCommand Output: ctr: content digest sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1: not found' };
      if (args[0] === 'exec' && args[1] === '--privileged') {
        let bytes = 0;
        for await (const chunk of options!.stdin as AsyncIterable<Buffer>) bytes += chunk.length;
        received.push(bytes);
        return { code: 0, stdout: '', stderr: '' };
      }
      return { code: 1, stdout: '', stderr: '' };
    };
    const report = await deliverImages(target, [image], deps(run));
    expect(calls.slice(3)).toEqual([
      ['docker', 'exec', '--privileged', '-i', 'dev-control-plane', 'ctr', '--namespace=k8s.io', 'images', 'import', '--digests', '-'],
      ['docker', 'exec', '--privileged', '-i', 'dev-worker', 'ctr', '--namespace=k8s.io', 'images', 'import', '--digests', '-'],
    ]);
    // Each node got the whole `docker save` tarball of the real image.
    expect(received.length).toBe(2);
    expect(received[0]).toBeGreaterThan(100_000);
    expect(report.images[0].status).toBe('loaded');
  });

  test('kind not on PATH: says how to install it or what to run', async () => {
    const run = recordingRunner((c) => (c === 'docker' ? { code: 1 } : undefined), []);
    await expect(deliverImages(target, [image], deps(run))).rejects.toThrow(
      new RegExp(`kind cluster "dev", but \`kind\` is not installed or not on PATH\\. Install kind .* or run \`kind load docker-image ${image.reference.replace(/[/.]/g, '\\$&')} --name dev\``),
    );
  });
});

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('host-containerd: a containerd of this test\'s own, docker save | ctr import', () => {
  let dir: string;
  let containerd: ChildProcess;
  let address: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctd-'));
    address = path.join(dir, 'c.sock');
    fs.writeFileSync(
      path.join(dir, 'config.toml'),
      `version = 2\nroot = "${dir}/root"\nstate = "${dir}/state"\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n[grpc]\n  address = "${address}"\n`,
    );
    containerd = spawn('containerd', ['--config', path.join(dir, 'config.toml')], { stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'log'), 'w')] });
    await waitFor(() => spawnSync('ctr', ['--address', address, 'version'], { timeout: 5000 }).status === 0, `containerd at ${address} (log: ${dir}/log)`);
  });

  afterAll(async () => {
    if (containerd?.pid) {
      containerd.kill('SIGTERM');
      await new Promise((r) => containerd.once('exit', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('imported once, then already there; containerd holds the image under its normalized name with the lock\'s ID as config', async () => {
    const target = { kind: 'host-containerd', context: 'todo-k8s', address } as const;
    const first = await deliverImages(target, [image], deps(spawnCommand));
    expect(first.images[0]).toMatchObject({ status: 'loaded', command: `docker save ${image.reference} | ctr --address ${address} --namespace k8s.io images import -` });

    const listed = spawnSync('ctr', ['--address', address, '-n', 'k8s.io', 'images', 'ls', '-q'], { encoding: 'utf8' }).stdout;
    expect(listed.split('\n')).toContain(`docker.io/${image.reference}`);

    const second = await deliverImages(target, [image], deps(spawnCommand));
    expect(second.images[0].status).toBe('already-there');
  });

  test('ctr failing (no containerd at the address) is quoted', async () => {
    const target = { kind: 'host-containerd', context: 'todo-k8s', address: path.join(dir, 'none.sock') } as const;
    await expect(deliverImages(target, [image], deps(spawnCommand))).rejects.toThrow(/`ctr --address \S+none\.sock --namespace k8s\.io images ls name==docker\.io\/\S+` failed \(exit 1\)/);
  });
});

/** Where `.ci/registry-build` puts the distribution registry (built with go install, no image pulled). */
const REGISTRY_BINARY = process.env.TODO_K8S_REGISTRY_BINARY || path.join(process.env.TODO_K8S_CACHE || path.join(os.homedir(), '.cache', 'todo-k8s'), 'registry-v3.0.0', 'registry');

describe('cloud: a registry push pinned by digest', () => {
  let dir: string;
  let registryProcess: ChildProcess;
  let registry: string;

  beforeAll(async () => {
    if (!fs.existsSync(REGISTRY_BINARY)) throw new Error(`${REGISTRY_BINARY} is missing: build it with \`bash .ci/registry-build\` (go install, about 3 minutes cold)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    const port = await freePort();
    registry = `127.0.0.1:${port}/todo-test`;
    fs.writeFileSync(path.join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`);
    registryProcess = spawn(REGISTRY_BINARY, ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'log'), 'w')] });
    await waitFor(
      () => new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1').on('connect', function (this: net.Socket) { this.end(); resolve(true); }).on('error', () => resolve(false))),
      `the registry on 127.0.0.1:${port}`,
    );
  });

  afterAll(async () => {
    if (registry) await removeRepositories(docker, [`${registry}/${repository.split('/').pop()}`]);
    if (registryProcess?.pid) {
      registryProcess.kill('SIGTERM');
      await new Promise((r) => registryProcess.once('exit', r));
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('without --registry: refused naming --registry', async () => {
    await expect(deliverImages({ kind: 'cloud', context: 'gke_acme' }, [image], deps(spawnCommand))).rejects.toThrow(
      /The kube context gke_acme is not minikube, kind, Docker Desktop or kwok.*npm run deploy -- --registry REGISTRY/,
    );
  });

  test('pushed with its digest, then already there when the registry still holds that digest', async () => {
    const target = { kind: 'cloud', context: 'gke_acme', registry } as const;
    const name = `${registry}/${repository.split('/').pop()}`;
    const first = await deliverImages(target, [image], deps(spawnCommand, { run: spawnCommand }));
    expect(first.images[0]).toMatchObject({ status: 'pushed', pushedReference: expect.stringMatching(new RegExp(`^${name.replace(/[.]/g, '\\.')}@sha256:[a-f0-9]{64}$`)) });
    const pinned = first.images[0].pushedReference!;
    expect((await docker.getImage(image.reference).inspect()).RepoDigests).toContain(pinned);

    const second = await deliverImages(target, [{ ...image, pushedReference: pinned }], deps(spawnCommand));
    expect(second.images[0]).toEqual({ component: 'backend', reference: image.reference, status: 'already-there', pushedReference: pinned });

    // A lock whose digest the registry does not hold (another registry's, a deleted tag) pushes again.
    const stale = await deliverImages(target, [{ ...image, pushedReference: `${name}@sha256:${'2'.repeat(64)}` }], deps(spawnCommand));
    expect(stale.images[0]).toMatchObject({ status: 'pushed', pushedReference: pinned });
  });
});
