import Docker from 'dockerode';
import { DockerTimeoutError, NotDockerEngineError } from './errors';

/*
 * Every call to the Docker Engine has a deadline: an engine that accepts the connection and then
 * says nothing (hung, overloaded, or not an engine at all) fails the build with a message naming
 * the endpoint and the call, instead of hanging `npm run images` forever.
 */

export interface EngineDeadlines {
  /** Longest wait for the whole answer to one request (ping, version, image inspect). */
  readonly requestMs: number;
  /** Longest silence, no byte sent or received, while a pull or a build runs. */
  readonly idleMs: number;
}

/** Requests answer in milliseconds; 60 s allows a busy remote engine. A silent RUN step may take minutes. */
export const DEFAULT_ENGINE_DEADLINES: EngineDeadlines = { requestMs: 60_000, idleMs: 600_000 };

const deadlinesByClient = new WeakMap<Docker, EngineDeadlines>();

/** Sets the deadlines of one client (connectDocker reads them from the environment); returns it. */
export function setEngineDeadlines(docker: Docker, deadlines: Partial<EngineDeadlines>): Docker {
  deadlinesByClient.set(docker, { ...engineDeadlines(docker), ...deadlines });
  return docker;
}

export function engineDeadlines(docker: Docker): EngineDeadlines {
  return deadlinesByClient.get(docker) ?? DEFAULT_ENGINE_DEADLINES;
}

/** The endpoint a client talks to, in DOCKER_HOST form, for messages: `tcp://192.168.49.2:2376 (TLS)`. Never has user info. */
export function engineEndpoint(docker: Docker): string {
  const modem = docker.modem as { socketPath?: unknown; host?: string; port?: string | number; protocol?: string };
  if (modem.host) return `tcp://${modem.host}:${modem.port}${modem.protocol === 'https' ? ' (TLS)' : ''}`;
  return typeof modem.socketPath === 'string' ? `unix://${modem.socketPath}` : 'the default Docker socket';
}

/** What a call under a deadline gets: the signal that aborts it, and `alive()` for each byte moved. */
export interface EngineCall {
  readonly signal: AbortSignal;
  /** Restarts the clock: a stream that moves data is not stalled. */
  alive(): void;
}

/**
 * Runs `work` under a deadline of `ms` without progress (`alive()` restarts the clock). On expiry
 * the call is aborted through `signal` and the promise rejects with DockerTimeoutError naming
 * the endpoint and `call`, even if the library underneath ignores the signal.
 */
export function withDeadline<T>(docker: Docker, call: string, ms: number, work: (call: EngineCall) => Promise<T>, idle = false): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const arm = () => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const error = new DockerTimeoutError(engineEndpoint(docker), call, ms, idle);
        finish(() => reject(error));
        controller.abort(error);
      }, ms);
    };
    arm();
    let running: Promise<T>;
    try {
      running = work({ signal: controller.signal, alive: arm });
    } catch (err) {
      running = Promise.reject(err);
    }
    running.then(
      (value) => finish(() => resolve(value)),
      (err) => finish(() => reject(err)),
    );
  });
}

/** A short, single-line excerpt of what a non-Docker server answered, for messages. */
export function excerpt(body: unknown): string {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : JSON.stringify(body) ?? String(body);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 80)}…` : line || '(empty)';
}

/** GET /images/{reference}/json with a deadline; an answer without an image ID is not a Docker Engine's. */
export async function inspectImage(docker: Docker, reference: string): Promise<Docker.ImageInspectInfo> {
  const call = `GET /images/${reference}/json`;
  const info = await withDeadline(docker, call, engineDeadlines(docker).requestMs, ({ signal }) =>
    // Through the modem: dockerode's Image.inspect does not pass an abort signal on.
    new Promise<unknown>((resolve, reject) =>
      docker.modem.dial(
        { path: `/images/${reference}/json`, method: 'GET', abortSignal: signal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } } as never,
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data)),
      ),
    ),
  );
  const image = info as Partial<Docker.ImageInspectInfo> | undefined;
  if (typeof image?.Id !== 'string' || typeof image.Size !== 'number') {
    throw new NotDockerEngineError(engineEndpoint(docker), `${call} answered ${excerpt(info)}, not an image description`);
  }
  return image as Docker.ImageInspectInfo;
}
