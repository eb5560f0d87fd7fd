import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { DockerEndpointError, DockerUnreachableError } from './errors';

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
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DockerEndpointError(`DOCKER_HOST=${host} is not a valid address; use unix:///path/to/docker.sock or tcp://host:port`);
  }
  if (url.protocol !== 'tcp:') {
    throw new DockerEndpointError(`DOCKER_HOST=${host}: the ${url.protocol}// scheme is not supported by npm run images; use unix:// or tcp://`);
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

/** A client for the engine the environment names. Does not connect yet; see `pingDocker`. */
export function connectDocker(env: NodeJS.ProcessEnv = process.env): Docker {
  return new Docker(dockerOptionsFromEnv(env));
}

/** The endpoint a client talks to, in DOCKER_HOST form, for messages: `tcp://192.168.49.2:2376 (TLS)`. */
export function describeDockerEndpoint(docker: Docker): string {
  const modem = docker.modem as { socketPath?: unknown; host?: string; port?: string | number; protocol?: string };
  if (modem.host) return `tcp://${modem.host}:${modem.port}${modem.protocol === 'https' ? ' (TLS)' : ''}`;
  return typeof modem.socketPath === 'string' ? `unix://${modem.socketPath}` : 'the default Docker socket';
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

/** Checks that the engine answers; throws DockerUnreachableError naming the endpoint if not. */
export async function pingDocker(docker: Docker): Promise<void> {
  // dockerode's ping takes an abortSignal (docker-modem passes it on) though its types omit it.
  const ping = docker.ping.bind(docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
  try {
    await ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
      throw new DockerUnreachableError(describeDockerEndpoint(docker), `no answer within ${PING_TIMEOUT_MS / 1000}s`);
    }
    // An engine that answers with an HTTP error (e.g. plain http to a TLS port) is still unusable.
    throw new DockerUnreachableError(describeDockerEndpoint(docker), e?.message || String(err));
  }
}
