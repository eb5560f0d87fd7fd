import Docker from 'dockerode';
import { engineDeadlines, inspectImage, withDeadline } from './engine-call';
import { BaseImageError, DockerTimeoutError, ImageBuildError, NotDockerEngineError } from './errors';
import { IMAGE_REFERENCE_ALLOWED, isImageReference } from '../util/image-reference';
import { quote } from '../util/quote';

/**
 * The external images a Dockerfile's stages start FROM, with `${ARG}` resolved from the build
 * arguments or the ARG defaults declared before the first FROM. Earlier stages (`FROM builder`)
 * and `scratch` are not images of the engine, so they are left out.
 */
export function baseImageReferences(dockerfileText: string, buildArgs: Readonly<Record<string, string>>): string[] {
  const defaults: Record<string, string> = {};
  const stages = new Set<string>();
  const images: string[] = [];
  let seenFrom = false;
  for (const line of dockerfileText.split(/\r?\n/)) {
    const arg = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?\s*$/i.exec(line);
    if (arg && !seenFrom) defaults[arg[1]] = (arg[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
    const from = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(line);
    if (!from) continue;
    seenFrom = true;
    const image = from[1].replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => buildArgs[name] ?? defaults[name] ?? '');
    if (image !== 'scratch' && !stages.has(image.toLowerCase()) && !images.includes(image)) images.push(image);
    if (from[2]) stages.add(from[2].toLowerCase());
  }
  return images;
}

/**
 * Pulls an image and waits for the pull to finish; the stream carries errors the HTTP status does
 * not. Stalls are bounded: no byte of progress for the idle deadline fails the pull.
 */
function pull(docker: Docker, reference: string): Promise<void> {
  return withDeadline(
    docker,
    `POST /images/create (pull ${reference})`,
    engineDeadlines(docker).idleMs,
    async ({ signal, alive }) => {
      const stream = (await docker.pull(reference, { abortSignal: signal })) as NodeJS.ReadableStream;
      alive();
      await new Promise<void>((resolve, reject) => {
        let pending = '';
        let error: string | undefined;
        const handle = (line: string) => {
          if (!line.trim()) return;
          try {
            const message = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
            if (message.error || message.errorDetail) error = message.errorDetail?.message || message.error;
          } catch {
            error = `the engine's answer is not a pull progress stream (${line.slice(0, 60)})`;
          }
        };
        stream.on('data', (chunk: Buffer | string) => {
          alive();
          pending += chunk.toString();
          let newline: number;
          while ((newline = pending.indexOf('\n')) >= 0) {
            handle(pending.slice(0, newline));
            pending = pending.slice(newline + 1);
          }
        });
        stream.on('error', reject);
        stream.on('end', () => {
          handle(pending);
          if (error) reject(new Error(error));
          else resolve();
        });
      });
    },
    true,
  );
}

/**
 * The engine's image ID of each base image, pulling those it does not have yet. The IDs go into
 * the image's tag: a base image updated under the same name gives a new tag.
 */
export async function resolveBaseImages(docker: Docker, image: string, references: readonly string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const reference of references) {
    // A FROM or ARG default the engine cannot parse: named here rather than as docker-modem's stack.
    if (!isImageReference(reference)) throw new ImageBuildError(`${image}: base image ${quote(reference)} is not a valid image reference; allowed: ${IMAGE_REFERENCE_ALLOWED}`);
    try {
      ids[reference] = (await inspectImage(docker, reference)).Id;
      continue;
    } catch (err) {
      // 404: not in the engine yet, so pull it below as `docker build` would; anything else
      // (an unreachable, stalled or non-Docker engine) is not about this image.
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    try {
      await pull(docker, reference);
      ids[reference] = (await inspectImage(docker, reference)).Id;
    } catch (err) {
      if (err instanceof DockerTimeoutError || err instanceof NotDockerEngineError) throw err;
      throw new BaseImageError(image, reference, (err as Error).message);
    }
  }
  return ids;
}
