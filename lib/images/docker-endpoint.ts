import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { DEFAULT_ENGINE_DEADLINES, EngineDeadlines, engineDeadlines, engineEndpoint, excerpt, setEngineDeadlines, withDeadline } from './engine-call';
import { DockerEndpointError, DockerTimeoutError, DockerUnreachableError, NotDockerEngineError } from './errors';

/*
 * Which Docker Engine to talk to, read from the variables the docker CLI reads and
 * `eval $(minikube docker-env)` sets: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH.
 *
 * docker-modem has its own reading of these, but it differs from the docker CLI (TLS only when
 * DOCKER_TLS_VERIFY is exactly "1" or the port is 2376, a cert path without TLS_VERIFY switches to
 * https), so the options are built here and every connection setting is passed explicitly.
 */

/** Sockets the docker CLI and Docker Desktop use when DOCKER_HOST is unset, in order of preference. */
function defaultSocketPaths(): string[] {
  return ['/var/run/docker.sock', path.join(os.homedir(), '.docker', 'run', 'docker.sock')];
}

/** Reads one TLS file from the cert directory, naming it (never its content) when it is missing. */
function readCertFile(certPath: string, file: string): Buffer {
  const full = path.join(certPath, file);
  try {
    return fs.readFileSync(full);
  } catch (err) {
    throw new DockerEndpointError(
      `DOCKER_TLS_VERIFY is set but the TLS file ${full} cannot be read (${(err as NodeJS.ErrnoException).code}). ` +
        'Set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem (minikube: eval $(minikube docker-env)).',
    );
  }
}

/**
 * DOCKER_HOST as it may be shown: user information (`ssh://me:PASSWORD@host`) replaced by `***`.
 * Done on the raw text, as an address that does not parse must not be echoed either.
 */
export function redactDockerHost(host: string): string {
  const at = host.lastIndexOf('@');
  if (at < 0) return host;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(host)?.[0] ?? '';
  return `${scheme}***${host.slice(at)}`;
}

/** dockerode options for the engine the environment names; does not connect. */
export function dockerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  // Every key is set, even to undefined: docker-modem merges our options over its own reading of
  // process.env, and a leftover key (a tcp host while we chose a socket) would win.
  const blank: Docker.DockerOptions = { socketPath: undefined, host: undefined, port: undefined, protocol: undefined, ca: undefined, cert: undefined, key: undefined };
  const host = env.DOCKER_HOST?.trim();

  if (!host) {
    const socketPath = defaultSocketPaths().find((p) => fs.existsSync(p)) ?? defaultSocketPaths()[0];
    return { ...blank, socketPath };
  }
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath) throw new DockerEndpointError('DOCKER_HOST=unix:// names no socket path; use e.g. unix:///var/run/docker.sock');
    return { ...blank, socketPath };
  }

  // Like the docker CLI: `host:port` without a scheme means tcp.
  const withScheme = host.includes('://') ? host : `tcp://${host}`;
  const shown = redactDockerHost(host);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DockerEndpointError(`DOCKER_HOST=${shown} is not a valid address; use unix:///path/to/docker.sock or tcp://host:port`);
  }
  if (url.protocol !== 'tcp:') {
    throw new DockerEndpointError(`DOCKER_HOST=${shown}: the ${url.protocol}// scheme is not supported by npm run images; use unix:// or tcp://`);
  }
  if (url.username || url.password || host.includes('@')) {
    throw new DockerEndpointError(`DOCKER_HOST=${shown}: user information in a tcp:// address is not supported (the Docker Engine API does not use it); use tcp://host:port`);
  }

  // The docker CLI enables verified TLS for any non-empty DOCKER_TLS_VERIFY, and reads the
  // certificates from DOCKER_CERT_PATH, defaulting to ~/.docker.
  const tls = Boolean(env.DOCKER_TLS_VERIFY);
  if (!tls && env.DOCKER_TLS) {
    throw new DockerEndpointError('DOCKER_TLS without DOCKER_TLS_VERIFY (TLS without checking the engine certificate) is not supported; set DOCKER_TLS_VERIFY=1');
  }
  const port = url.port || (tls ? '2376' : '2375');
  if (!tls) return { ...blank, host: url.hostname, port, protocol: 'http' };

  const certPath = env.DOCKER_CERT_PATH || path.join(os.homedir(), '.docker');
  return {
    ...blank,
    host: url.hostname,
    port,
    protocol: 'https',
    ca: readCertFile(certPath, 'ca.pem'),
    cert: readCertFile(certPath, 'cert.pem'),
    key: readCertFile(certPath, 'key.pem'),
  };
}

/** Environment variables that set the engine deadlines, in seconds. */
export const DEADLINE_ENV: Readonly<Record<keyof EngineDeadlines, string>> = { requestMs: 'TODO_DOCKER_TIMEOUT', idleMs: 'TODO_DOCKER_IDLE_TIMEOUT' };

/** The deadlines the environment sets, defaults for the rest. */
export function engineDeadlinesFromEnv(env: NodeJS.ProcessEnv = process.env): EngineDeadlines {
  const read = (key: keyof EngineDeadlines): number => {
    const text = env[DEADLINE_ENV[key]]?.trim();
    if (!text) return DEFAULT_ENGINE_DEADLINES[key];
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
      throw new DockerEndpointError(`${DEADLINE_ENV[key]}=${text}: expected a number of seconds from 0.1 to 86400 (default ${DEFAULT_ENGINE_DEADLINES[key] / 1000})`);
    }
    return seconds * 1000;
  };
  return { requestMs: read('requestMs'), idleMs: read('idleMs') };
}

/** A client for the engine the environment names, with its deadlines. Does not connect yet; see `pingDocker`. */
export function connectDocker(env: NodeJS.ProcessEnv = process.env): Docker {
  return setEngineDeadlines(new Docker(dockerOptionsFromEnv(env)), engineDeadlinesFromEnv(env));
}

/** The endpoint a client talks to, in DOCKER_HOST form, for messages: `tcp://192.168.49.2:2376 (TLS)`. */
export function describeDockerEndpoint(docker: Docker): string {
  return engineEndpoint(docker);
}

/** Socket-level error codes that mean "no engine there", as opposed to an engine that answered. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPROTO', 'ABORT_ERR']);

/** True when an error from dockerode means the engine could not be reached at all. */
export function isUnreachableError(err: unknown): boolean {
  const e = err as { code?: string; statusCode?: number } | undefined;
  return Boolean(e && !e.statusCode && e.code && UNREACHABLE_CODES.has(e.code));
}

/** A connection failure as DockerUnreachableError naming the endpoint; other errors as they are. */
export function explainDockerError(docker: Docker, err: unknown): Error {
  if (isUnreachableError(err)) return new DockerUnreachableError(describeDockerEndpoint(docker), (err as Error).message || String(err));
  return err instanceof Error ? err : new Error(String(err));
}

/** How long a ping may take before the engine counts as unreachable (a blackholed tcp address never answers). */
const PING_TIMEOUT_MS = 10_000;

/** An HTTP error from dockerode: the server answered, with this status. */
function httpStatus(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Checks that a Docker Engine answers at the endpoint: GET /_ping must say "OK" and GET /version
 * must describe an engine API. Throws DockerUnreachableError when nothing answers in time,
 * NotDockerEngineError when something else answers, DockerTimeoutError when /version stalls.
 */
export async function pingDocker(docker: Docker): Promise<void> {
  const endpoint = describeDockerEndpoint(docker);
  // dockerode's ping and version take an abortSignal (docker-modem passes it on) though their types omit it.
  const ping = docker.ping.bind(docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
  const version = docker.version.bind(docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
  const pingMs = Math.min(PING_TIMEOUT_MS, engineDeadlines(docker).requestMs);

  let answer: unknown;
  try {
    answer = await withDeadline(docker, 'GET /_ping', pingMs, ({ signal }) => ping({ abortSignal: signal }));
  } catch (err) {
    const status = httpStatus(err);
    const body = excerpt((err as { json?: unknown }).json ?? '');
    // Plain http to a TLS port: the engine is there, the settings are wrong.
    if (status === 400 && /HTTPS/i.test(body)) throw new DockerUnreachableError(endpoint, `the engine expects TLS (${body}); set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH`);
    if (status !== undefined) throw new NotDockerEngineError(endpoint, `GET /_ping answered HTTP ${status} ${body}`);
    if (err instanceof DockerTimeoutError) throw new DockerUnreachableError(endpoint, `no answer to GET /_ping within ${pingMs / 1000}s`);
    throw new DockerUnreachableError(endpoint, (err as { message?: string })?.message || String(err));
  }
  if (excerpt(answer) !== 'OK') throw new NotDockerEngineError(endpoint, `GET /_ping answered ${excerpt(answer)} instead of OK`);

  let info: unknown;
  try {
    info = await withDeadline(docker, 'GET /version', engineDeadlines(docker).requestMs, ({ signal }) => version({ abortSignal: signal }));
  } catch (err) {
    const status = httpStatus(err);
    if (status !== undefined) throw new NotDockerEngineError(endpoint, `GET /version answered HTTP ${status} ${excerpt((err as { json?: unknown }).json ?? '')}`);
    throw explainDockerError(docker, err);
  }
  const apiVersion = (info as { ApiVersion?: unknown } | undefined)?.ApiVersion;
  if (typeof apiVersion !== 'string') throw new NotDockerEngineError(endpoint, `GET /version answered ${excerpt(info)}, without the engine's ApiVersion`);
}
