import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import * as tarFs from 'tar-fs';
import { readBuildStream } from '../../../lib/images/build-stream';
import { connectDocker, pingDocker } from '../../../lib/images/docker-endpoint';

/**
 * The base image every fixture Dockerfile starts FROM: busybox from the host (Debian's
 * busybox-static), because no registry is reachable. Built once and kept between runs.
 */
export const TEST_BASE_IMAGE = 'todo-k8s-test/busybox:local';
const BUSYBOX = '/bin/busybox';

const BASE_DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/mkdir", "-p", "/tmp", "/root"]
ENV PATH=/bin
`;

/** A client for the engine the environment names; fails (not skips) when it does not answer. */
export async function testDocker(): Promise<Docker> {
  const docker = connectDocker();
  await pingDocker(docker);
  return docker;
}

async function imageExists(docker: Docker, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Builds TEST_BASE_IMAGE unless it is there already; safe to call from parallel test files. */
export async function ensureTestBaseImage(docker: Docker): Promise<void> {
  if (await imageExists(docker, TEST_BASE_IMAGE)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-busybox-'));
  try {
    fs.copyFileSync(BUSYBOX, path.join(dir, 'busybox'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), BASE_DOCKERFILE);
    const context = tarFs.pack(dir) as unknown as NodeJS.ReadableStream;
    const result = await readBuildStream(await docker.buildImage(context, { t: TEST_BASE_IMAGE, rm: true, forcerm: true }));
    if (result.error) throw new Error(`Building ${TEST_BASE_IMAGE} failed: ${result.error}\n${result.logTail.join('\n')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A repository no other run uses, so parallel test files and reruns never share tags. */
export function uniqueRepository(name: string): string {
  return `todo-k8s-test/${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Removes every tag of the given repositories (untagging only: another repository may share an image). */
export async function removeRepositories(docker: Docker, repositories: readonly string[]): Promise<void> {
  const images = await docker.listImages();
  const tags = images.flatMap((i) => i.RepoTags ?? []).filter((t) => repositories.some((r) => t.startsWith(`${r}:`)));
  for (const tag of tags) await docker.getImage(tag).remove().catch(() => undefined);
}

/** Runs `cat <file>` in a container of the image and returns what it printed. */
export async function readFileInImage(docker: Docker, reference: string, file: string): Promise<string> {
  const container = await docker.createContainer({ Image: reference, Cmd: ['cat', file], Tty: true });
  try {
    await container.start();
    await container.wait();
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return logs.toString();
  } finally {
    await container.remove({ force: true });
  }
}

/** Builds a variant of TEST_BASE_IMAGE holding `marker` and tags it `reference` (moving the tag if it exists). */
export async function tagVariantOfBaseImage(docker: Docker, reference: string, marker: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-variant-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${TEST_BASE_IMAGE}\nRUN echo ${marker} > /variant\n`);
    const context = tarFs.pack(dir) as unknown as NodeJS.ReadableStream;
    const result = await readBuildStream(await docker.buildImage(context, { t: reference, rm: true, forcerm: true }));
    if (result.error) throw new Error(`Building ${reference} failed: ${result.error}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
