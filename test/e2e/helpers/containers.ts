import * as net from 'net';
import Docker from 'dockerode';
import { ImageUser } from '../../../lib/contract/image-contract';

/**
 * How the pod runs a container, as far as `docker run` can say it: the contract's numeric user,
 * a read-only root with emptyDir-like tmpfs mounts for the writable paths, no capabilities, no
 * privilege escalation (the restricted Pod Security Standard). Host networking, so the
 * container reaches the PostgreSQL on 127.0.0.1 and the test reaches the app.
 */
export interface PodLikeRun {
  readonly name: string;
  readonly image: string;
  readonly user: ImageUser;
  readonly writablePaths: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

function createOptions(run: PodLikeRun): Docker.ContainerCreateOptions {
  return {
    name: run.name,
    Image: run.image,
    User: `${run.user.uid}:${run.user.gid}`,
    Env: Object.entries(run.env).map(([k, v]) => `${k}=${v}`),
    Tty: true, // one stream, no multiplexing headers in the logs
    HostConfig: {
      NetworkMode: 'host',
      ReadonlyRootfs: true,
      // emptyDir is world-writable; the pod's fsGroup would make it the app's group.
      Tmpfs: Object.fromEntries(run.writablePaths.map((p) => [p, 'rw,mode=1777'])),
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
    },
  };
}

/** Runs a container to its end (an init container); its exit code and output. */
export async function runToCompletion(docker: Docker, run: PodLikeRun): Promise<{ code: number; logs: string }> {
  const container = await docker.createContainer(createOptions(run));
  try {
    await container.start();
    const { StatusCode } = await container.wait();
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })).toString();
    return { code: StatusCode, logs };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Starts a long-running container (the app); stop it with `remove`. */
export async function start(docker: Docker, run: PodLikeRun): Promise<{ logs(): Promise<string>; remove(): Promise<void> }> {
  const container = await docker.createContainer(createOptions(run));
  await container.start();
  return {
    logs: async () => (await container.logs({ stdout: true, stderr: true, follow: false })).toString(),
    remove: () => container.remove({ force: true }).then(() => undefined, () => undefined),
  };
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers at all (any status), or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${(last as Error)?.message})`);
}
