import * as fs from 'fs';
import * as path from 'path';
import { COMPONENTS, ComponentName } from '../contract/image-contract';
import { writeFileAtomic } from '../util/atomic-write';

/** Default lock file, written by `npm run images` and read by synth. Not committed. */
export const DEFAULT_LOCK_FILE = 'images.lock.json';

/** Environment variable that points synth and `npm run images` at another lock file. */
export const LOCK_FILE_ENV = 'TODO_IMAGES_LOCK';

/** The lock file in use: TODO_IMAGES_LOCK (relative to the project root) or DEFAULT_LOCK_FILE there. */
export function lockFilePath(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(projectRoot, env[LOCK_FILE_ENV] || DEFAULT_LOCK_FILE);
}

/** One image as `npm run images` built it. */
export interface LockedImage {
  /** `repository:tag`, where the tag is derived from the build's inputs. */
  readonly reference: string;
  readonly repository: string;
  readonly tag: string;
  /** Docker image ID (`sha256:...`) of the built image. */
  readonly imageId: string;
  /** CONTRACT_VERSION the Dockerfile implemented. */
  readonly contractVersion: string;
  /** Build arguments baked into the image (e.g. NEXT_PUBLIC_API_URL). */
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly sizeBytes: number;
}

/** Contents of images.lock.json. */
export interface ImagesLock {
  readonly version: 1;
  readonly images: Readonly<Record<ComponentName, LockedImage>>;
}

/** A lock file that exists but cannot be used; names the file and the field. */
export class LockFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}. Rebuild it with \`npm run images\`, or delete it to deploy the configured image references.`);
    this.name = 'LockFileError';
  }
}

/** Reads a lock file; undefined when there is none (a fresh clone, CI). */
export function readImagesLock(file: string): ImagesLock | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new LockFileError(file, `is not valid JSON (${(err as Error).message})`);
  }
  if (data?.version !== 1) throw new LockFileError(file, `field "version" is ${JSON.stringify(data?.version)}, expected 1`);
  for (const component of COMPONENTS) {
    const image = data.images?.[component];
    for (const field of ['reference', 'repository', 'tag', 'imageId', 'contractVersion'] as const) {
      if (typeof image?.[field] !== 'string' || image[field].length === 0) {
        throw new LockFileError(file, `field "images.${component}.${field}" is missing or not a string`);
      }
    }
    if (typeof image.buildArgs !== 'object' || image.buildArgs === null) {
      throw new LockFileError(file, `field "images.${component}.buildArgs" is missing or not an object`);
    }
  }
  return data as ImagesLock;
}

/** Writes a lock file atomically: a failure leaves the previous one as it was. */
export function writeImagesLock(file: string, lock: ImagesLock): void {
  writeFileAtomic(file, JSON.stringify(lock, null, 2) + '\n');
}
