// Needs: docker
/**
 * A machine without Go builds the validator in its Docker Engine, with the official golang image
 * of the Go version k8s.io/kubernetes names (validator/build's Docker route). No image can be
 * pulled here: the test stands one in under the official name, made from this machine's Go and
 * CA certificates with `docker import`, and removes it after (an image of that name already
 * present is used as it is). The build reuses this machine's Go caches, so it takes minutes,
 * not the half hour of a cold build.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findValidator, kubeVersionIn, validateObjects } from '../../../lib/checks/apiserver';
import { BAD_CASES } from './cases';

jest.setTimeout(40 * 60 * 1000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const KUBE_VERSION = kubeVersionIn(path.join(ROOT, '.ci', 'cluster-versions'));
const go = (...args: string[]) => execFileSync('go', args, { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } }).trim();

/** The image validator/build asks for: golang:<major.minor of k8s.io/kubernetes's go directive>. */
function officialImage(): string {
  const goMod = JSON.parse(go('mod', 'download', '-json', `k8s.io/kubernetes@${KUBE_VERSION}`)).GoMod as string;
  const directive = /^go (\d+\.\d+)/m.exec(fs.readFileSync(goMod, 'utf8'))![1];
  return `golang:${directive}`;
}

const image = officialImage();
let madeImage = false;
let cache: string;

beforeAll(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-validator-docker-'));
  if (spawnSync('docker', ['image', 'inspect', image]).status === 0) return;
  // Go's tree without what a build does not read, and the CA certificates the module proxy needs.
  const goroot = go('env', 'GOROOT');
  const tar = spawnSync('tar', ['-C', '/', '-c', '--exclude=./test', '--exclude=./api', '--exclude=./doc', '--exclude=./misc', path.relative('/', goroot), 'etc/ssl/certs/ca-certificates.crt'], { maxBuffer: 1 << 30 });
  expect(tar.status).toBe(0);
  const imported = spawnSync('docker', ['import', '--change', `ENV PATH=${goroot}/bin:/usr/bin:/bin`, '--change', 'ENV GOTOOLCHAIN=local', '-', image], { input: tar.stdout, encoding: 'utf8' });
  expect(imported.stderr).toBe('');
  madeImage = true;
});

afterAll(() => {
  if (madeImage) spawnSync('docker', ['rmi', image]);
  fs.rmSync(cache, { recursive: true, force: true });
});

test(`without go on PATH, npm run validator builds in Docker with ${'the official golang image'}, and the result validates`, () => {
  const noGo = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !fs.existsSync(path.join(dir, 'go'))).join(path.delimiter);
  const env = {
    ...process.env,
    PATH: noGo,
    TODO_K8S_CACHE: cache,
    // This machine's module and build caches, so that only what changed is compiled.
    VALIDATOR_DOCKER_GOMODCACHE: go('env', 'GOMODCACHE'),
    VALIDATOR_DOCKER_GOCACHE: go('env', 'GOCACHE'),
  };
  const build = spawnSync('bash', [path.join(ROOT, 'validator', 'build')], { cwd: ROOT, env, encoding: 'utf8', timeout: 35 * 60 * 1000 });
  expect({ status: build.status, stderr: build.stderr.split('\n').slice(-15).join('\n') }).toEqual({ status: 0, stderr: expect.stringContaining(`building in Docker with ${image}`) });
  const wasm = build.stdout.trim();
  expect(wasm.startsWith(path.join(cache, `validator-${KUBE_VERSION}`))).toBe(true);

  const handle = findValidator({ cacheDir: cache, kubeVersion: KUBE_VERSION, sourceDir: path.join(ROOT, 'validator') });
  expect(handle?.wasmFile).toBe(wasm);
  const selector = BAD_CASES.find((k) => k.name === 'Deployment with negative replicas')!;
  const [answer] = validateObjects(handle!, [selector.object({ ns: 'docker', id: 'docker' })]);
  expect(answer).toMatchObject({ code: 422, message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0' });
});
