/**
 * Which engine `npm run images` talks to (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, as
 * `eval $(minikube docker-env)` sets them), and the error when nothing answers there.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildAll } from '../../lib/images/build-all';
import { buildImage } from '../../lib/images/build-image';
import { connectDocker, describeDockerEndpoint, dockerOptionsFromEnv } from '../../lib/images/docker-endpoint';
import { DockerEndpointError, DockerUnreachableError } from '../../lib/images/errors';
import { testDocker } from './helpers/docker';
import { FixtureSources, copyFixtureSources, fixturePlans, testConfig } from './helpers/fixtures';

const repositories = { backend: 'todo-k8s-test/unreachable-backend', frontend: 'todo-k8s-test/unreachable-frontend' };
let sources: FixtureSources;

beforeEach(() => {
  sources = copyFixtureSources();
});
afterEach(() => sources.remove());

describe('endpoint from the environment', () => {
  test('a unix socket from DOCKER_HOST', () => {
    const env = { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' };
    expect(dockerOptionsFromEnv(env)).toMatchObject({ socketPath: '/run/user/1000/docker.sock', host: undefined });
    expect(describeDockerEndpoint(connectDocker(env))).toBe('unix:///run/user/1000/docker.sock');
  });

  test('the local socket when DOCKER_HOST is unset', () => {
    expect(dockerOptionsFromEnv({}).socketPath).toMatch(/docker\.sock$/);
  });

  test('minikube docker-env: tcp with verified TLS from the cert directory', () => {
    const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-certs-'));
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, file), `contents of ${file}`);
    try {
      const env = { DOCKER_HOST: 'tcp://192.168.49.2:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
      const options = dockerOptionsFromEnv(env);
      expect(options).toMatchObject({ host: '192.168.49.2', port: '2376', protocol: 'https', socketPath: undefined });
      expect(String(options.ca)).toBe('contents of ca.pem');
      expect(String(options.cert)).toBe('contents of cert.pem');
      expect(String(options.key)).toBe('contents of key.pem');
      expect(describeDockerEndpoint(connectDocker(env))).toBe('tcp://192.168.49.2:2376 (TLS)');
    } finally {
      fs.rmSync(certs, { recursive: true, force: true });
    }
  });

  test('plain tcp without TLS_VERIFY; a missing cert file is named, not its content', () => {
    expect(dockerOptionsFromEnv({ DOCKER_HOST: 'tcp://10.0.0.5' })).toMatchObject({ host: '10.0.0.5', port: '2375', protocol: 'http' });
    const noCerts = path.join(sources.root, 'no-certs');
    expect(() => dockerOptionsFromEnv({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: noCerts })).toThrow(
      new RegExp(`TLS file ${path.join(noCerts, 'ca.pem')} cannot be read`),
    );
    expect(() => dockerOptionsFromEnv({ DOCKER_HOST: 'ssh://me@host' })).toThrow(DockerEndpointError);
  });
});

describe('an unreachable engine', () => {
  const deadEndpoints = [
    ['a unix socket that does not exist', 'unix:///tmp/todo-k8s-no-such-dir/docker.sock', 'unix:///tmp/todo-k8s-no-such-dir/docker.sock'],
    ['a tcp port nothing listens on', 'tcp://127.0.0.1:1', 'tcp://127.0.0.1:1'],
  ];

  test.each(deadEndpoints)('%s: buildAll names the endpoint and how to point at one; the lock is untouched', async (_, host, shown) => {
    const lockFile = path.join(sources.root, 'images.lock.json');
    fs.writeFileSync(lockFile, 'previous\n');
    const docker = connectDocker({ DOCKER_HOST: host });
    const error = await buildAll({ docker, plans: fixturePlans({ sources, config: testConfig(repositories) }), lockFile }).catch((e) => e);

    expect(error).toBeInstanceOf(DockerUnreachableError);
    expect(error.message).toContain(`Cannot reach the Docker Engine at ${shown}`);
    expect(error.message).toContain('eval $(minikube docker-env)');
    expect(error.message).toContain('DOCKER_HOST');
    expect(fs.readFileSync(lockFile, 'utf8')).toBe('previous\n');
  });

  test('buildImage alone (no ping first) reports the same error', async () => {
    const docker = connectDocker({ DOCKER_HOST: 'tcp://127.0.0.1:1' });
    const error = await buildImage({ docker, ...fixturePlans({ sources, config: testConfig(repositories) }).backend }).catch((e) => e);
    expect(error).toBeInstanceOf(DockerUnreachableError);
    expect(error.message).toContain('tcp://127.0.0.1:1');
  });
});

test('the engine the tests build with answers (CI starts dockerd; the suite fails rather than skips without it)', async () => {
  await expect(testDocker()).resolves.toBeDefined();
});
