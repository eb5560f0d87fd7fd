import Docker from 'dockerode';
import { ImageUser } from '../../../lib/model/contract/image-contract';

/**
 * How the pod runs the migration container, as far as `docker run` can say it (the app's pods run
 * on the real node, test/node/): the contract's numeric user,
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
