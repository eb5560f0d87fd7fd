// Needs: docker (probed once by test/support/global-setup.ts before any test runs)
/**
 * Which engine `npm run images` talks to (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, as
 * `eval $(minikube docker-env)` sets them), and the error when nothing answers there.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import * as os from 'os';
import * as path from 'path';
import { buildAll } from '../../lib/images/build-all';
import { buildImage } from '../../lib/images/build-image';
import { connectDocker, describeDockerEndpoint, dockerOptionsFromEnv, pingDocker } from '../../lib/images/docker-endpoint';
import { DockerEndpointError, DockerTimeoutError, DockerUnreachableError, NotDockerEngineError } from '../../lib/images/errors';
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

describe('DOCKER_HOST with user information', () => {
  const PASSWORD = 'PW-Zq8wLEAK';
  test.each([
    ['an ssh:// address', `ssh://me:${PASSWORD}@host`],
    ['a tcp:// address', `tcp://me:${PASSWORD}@10.0.0.5:2376`],
    ['an address without a scheme', `me:${PASSWORD}@10.0.0.5:2375`],
    ['an address that does not parse', `ssh://me:${PASSWORD}@[broken`],
    ['a password holding "@" and "/"', `tcp://me:p@ss/${PASSWORD}@host:2375`],
  ])('%s: refused, and no part of the password is printed', (_, host) => {
    let error: unknown;
    try {
      dockerOptionsFromEnv({ DOCKER_HOST: host });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DockerEndpointError);
    const message = (error as Error).message;
    expect(message).toContain('***@');
    for (let i = 0; i + 4 <= PASSWORD.length; i++) expect(message).not.toContain(PASSWORD.slice(i, i + 4));
    expect(message).not.toContain('me:');
  });
});

/** A local HTTP server standing in for an engine; `close` also drops connections it left hanging. */
async function fakeEngine(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const server = http.createServer(handle);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    /** A client with 1 s deadlines, so a stall fails fast. */
    docker: connectDocker({ DOCKER_HOST: host, TODO_DOCKER_TIMEOUT: '1', TODO_DOCKER_IDLE_TIMEOUT: '1' }),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers /_ping and /version as Docker Engine 20.10 does; false for any other request. */
function answerLikeDocker(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.url?.endsWith('/_ping')) {
    res.writeHead(200, { 'Api-Version': '1.41', 'Content-Type': 'text/plain; charset=utf-8', Server: 'Docker/20.10.24 (linux)' }).end('OK');
    return true;
  }
  if (req.url?.endsWith('/version')) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux' }));
    return true;
  }
  return false;
}

/** Resolves with the error a build rejects with, and how long that took. */
async function failure(run: () => Promise<unknown>): Promise<{ error: Error; seconds: number }> {
  const started = Date.now();
  const error = await run().then(
    () => new Error('expected the call to fail'),
    (e: Error) => e,
  );
  return { error, seconds: (Date.now() - started) / 1000 };
}

describe('an endpoint that answers /_ping, then stalls', () => {
  test('buildAll fails within its deadline, naming the endpoint and the call; the lock is untouched', async () => {
    const engine = await fakeEngine((req, res) => void answerLikeDocker(req, res)); // anything else: never answered
    try {
      const lockFile = path.join(sources.root, 'images.lock.json');
      fs.writeFileSync(lockFile, 'previous\n');
      const { error, seconds } = await failure(() => buildAll({ docker: engine.docker, plans: fixturePlans({ sources, config: testConfig(repositories) }), lockFile }));
      // One timeout, naming the endpoint and the call: the second image does not wait for the same engine again.
      expect(error).toBeInstanceOf(DockerTimeoutError);
      expect(error.message).toContain(`The Docker Engine at ${engine.host} did not answer GET /images/`);
      expect(error.message).toContain('TODO_DOCKER_TIMEOUT');
      expect(seconds).toBeLessThan(4);
      expect(fs.readFileSync(lockFile, 'utf8')).toBe('previous\n');
    } finally {
      await engine.close();
    }
  }, 20_000);

  test.each([
    ['before answering', false],
    ['after its first line of output', true],
  ])('a build that stalls %s fails once nothing moves for the idle deadline', async (_, firstLine) => {
    const engine = await fakeEngine((req, res) => {
      if (answerLikeDocker(req, res)) return;
      if (req.url?.includes('/images/')) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Id: 'sha256:' + 'a'.repeat(64), Size: 1 }));
        return;
      }
      req.resume(); // takes the whole context, then says nothing more
      if (firstLine) req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"stream":"Step 1/3 : FROM base\\n"}\n'));
    });
    try {
      const { error, seconds } = await failure(() => buildImage({ docker: engine.docker, ...fixturePlans({ sources, config: testConfig(repositories) }).backend }));
      expect(error).toBeInstanceOf(DockerTimeoutError);
      expect(error.message).toContain(`The Docker Engine at ${engine.host} sent and took nothing for 1s during POST /build (backend: sending the context, then following the build)`);
      expect(seconds).toBeLessThan(8);
    } finally {
      await engine.close();
    }
  }, 20_000);
});

describe('an HTTP server that is not a Docker Engine', () => {
  test.each([
    ['a web server without /_ping', (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>'), 'GET /_ping answered HTTP 404'],
    ['a page for every path', (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome</body></html>'), 'GET /_ping answered <html><body>Welcome</body></html> instead of OK'],
    ['a health check answering "OK" everywhere', (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK'), "GET /version answered OK, without the engine's ApiVersion"],
  ])('%s: buildAll says so, naming the endpoint', async (_, handle, answer) => {
    const engine = await fakeEngine(handle);
    try {
      const lockFile = path.join(sources.root, 'images.lock.json');
      const { error } = await failure(() => buildAll({ docker: engine.docker, plans: fixturePlans({ sources, config: testConfig(repositories) }), lockFile }));
      expect(error).toBeInstanceOf(NotDockerEngineError);
      expect(error.message).toContain(`${engine.host} is not a Docker Engine: ${answer}`);
      expect(fs.existsSync(lockFile)).toBe(false);
    } finally {
      await engine.close();
    }
  });

  test('buildImage alone (no ping first) says so too, instead of reporting an image of "undefined B"', async () => {
    const engine = await fakeEngine((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK'));
    try {
      const { error } = await failure(() => buildImage({ docker: engine.docker, ...fixturePlans({ sources, config: testConfig(repositories) }).backend }));
      expect(error).toBeInstanceOf(NotDockerEngineError);
      expect(error.message).toContain(`${engine.host} is not a Docker Engine: GET /images/`);
      expect(error.message).not.toContain('undefined');
    } finally {
      await engine.close();
    }
  });
});

test('deadlines from the environment are checked', () => {
  expect(() => connectDocker({ DOCKER_HOST: 'tcp://127.0.0.1:1', TODO_DOCKER_TIMEOUT: 'soon' })).toThrow('TODO_DOCKER_TIMEOUT=soon: expected a number of seconds');
});

test('plain http to an engine TLS port is reported as a TLS setting, not as "not a Docker Engine"', async () => {
  const engine = await fakeEngine((_req, res) => res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Client sent an HTTP request to an HTTPS server.\n'));
  try {
    const { error } = await failure(() => pingDocker(engine.docker));
    expect(error).toBeInstanceOf(DockerUnreachableError);
    expect(error.message).toContain(`Cannot reach the Docker Engine at ${engine.host} (the engine expects TLS`);
    expect(error.message).toContain('set DOCKER_TLS_VERIFY=1');
  } finally {
    await engine.close();
  }
});
