import type Docker from 'dockerode';
import { describeDockerEndpoint, explainDockerError } from '../../images/docker-endpoint';
import { inspectImage } from '../../images/engine-call';
import { TargetError } from './errors';
import { ImageToDeliver } from './types';

/** The ID of `reference` in an engine; undefined when the engine has no such image. */
export async function engineImageId(docker: Docker, reference: string): Promise<string | undefined> {
  try {
    return (await inspectImage(docker, reference)).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw explainDockerError(docker, err);
  }
}

/** Every image must be the one the lock names in the user's engine, before it is copied anywhere. */
export async function requireBuiltImages(docker: Docker, images: readonly ImageToDeliver[]): Promise<void> {
  for (const image of images) {
    const id = await engineImageId(docker, image.reference);
    if (id === image.imageId) continue;
    throw new TargetError(
      `${image.component}: the image ${image.reference} ${id ? `in the Docker Engine at ${describeDockerEndpoint(docker)} is ${id}, not ${image.imageId} as the images lock says` : `is not in the Docker Engine at ${describeDockerEndpoint(docker)}`}. ` +
        'Build it again with `npm run images` (same profile and values files), against this engine.',
    );
  }
}

/** `docker save REF` as a stream of the image tarball. */
export async function saveImage(docker: Docker, reference: string): Promise<NodeJS.ReadableStream> {
  try {
    return await docker.getImage(reference).get();
  } catch (err) {
    throw explainDockerError(docker, err);
  }
}
