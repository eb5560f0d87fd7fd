import * as path from 'path';
import { COMPONENTS, ComponentName, IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { AUTH_CONFIG_PATH_ALLOWED, isAuthConfigPath } from '../model/settings/frontend-migration';
import { writeFileAtomic } from '../util/atomic-write';
import { IMAGE_REPOSITORY, IMAGE_TAG } from '../util/image-reference';
import { jsonErrorLocation } from '../util/json-error-position';
import { InputFileError, readInputFile } from '../util/read-input-file';
import { ExplainedError } from '../util/explained-error';
import { quoteKey, shownValue } from '../util/quote';

/** The largest lock file read (a real one is under 2 KiB): a FIFO or /dev/zero is refused, not read forever. */
const MAX_LOCK_FILE_BYTES = 1 << 20;

/** Default lock file, written by `npm run images` and read by synth. Not committed. */
export const DEFAULT_LOCK_FILE = 'images.lock.json';

/** Environment variable that points synth and `npm run images` at another lock file. */
export const LOCK_FILE_ENV = 'TODO_IMAGES_LOCK';

/** The shipped profiles' instance, whose lock keeps the plain name. */
const SHIPPED_INSTANCE = 'todo';

/**
 * The lock file of an instance: `images.lock.json` for the shipped instance `todo`,
 * `images.<instance>.lock.json` for any other (a staging instance from a values file), so
 * building one instance never overwrites another's lock.
 */
export function defaultLockFile(instance: string = SHIPPED_INSTANCE): string {
  return instance === SHIPPED_INSTANCE ? DEFAULT_LOCK_FILE : `images.${instance}.lock.json`;
}

/** The lock file in use: TODO_IMAGES_LOCK (relative to the project root), or the instance's default lock there. */
export function lockFilePath(projectRoot: string, env: NodeJS.ProcessEnv = process.env, instance?: string): string {
  return path.resolve(projectRoot, env[LOCK_FILE_ENV] || defaultLockFile(instance));
}

/**
 * Where an image was pushed: registry (as given to `--registry`, e.g. `ghcr.io/acme`) → the digest
 * reference the registry answered, `ghcr.io/acme/todo-backend@sha256:...`. Written by `npm run deploy`.
 */
export type PushedReferences = Readonly<Record<string, string>>;

/** An extra image built from another target of the same build (the frontend's Better Auth migration). */
export interface LockedTargetImage {
  /** `repository:tag`, same repository as the app image. */
  readonly reference: string;
  /** The app image's tag plus the contract's suffix, e.g. `sha-0123456789ab-migrate`. */
  readonly tag: string;
  readonly imageId: string;
  /** @default undefined (never pushed) */
  readonly pushed?: PushedReferences;
  /**
   * The Better Auth config the build found (relative to the frontend's directory), used by synth
   * when frontend.migration.authConfigPath is not set.
   * @default undefined (the setting, or the default path)
   */
  readonly authConfigPath?: string;
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
  /**
   * The migration image built from the contract's migration target (frontend: Better Auth).
   * @default undefined (not built: the configuration turned the migration off)
   */
  readonly migrate?: LockedTargetImage;
  /** @default undefined (never pushed) */
  readonly pushed?: PushedReferences;
}

/** Contents of images.lock.json. */
export interface ImagesLock {
  readonly version: 1;
  readonly images: Readonly<Record<ComponentName, LockedImage>>;
  /**
   * The additional services' images (settings `services`), by name.
   * @default undefined (no service)
   */
  readonly services?: Readonly<Record<string, LockedImage>>;
}

/** A lock file that exists but cannot be used; names the file and the field. */
export class LockFileError extends ExplainedError {
  constructor(file: string, problem: string) {
    super(
      `${file}: ${problem}. Rebuild it with \`npm run images\` given the same profile and values files as synth ` +
        '(`--profile NAME`, `-f FILE`, or TODO_PROFILE and TODO_VALUES), or delete it to deploy the configured image references.',
    );
    this.name = 'LockFileError';
  }
}

/**
 * The lock file TODO_IMAGES_LOCK names does not exist: deploying unpinned images instead would
 * hide the typo. A LockFileError, so every caller that reports those reports this one.
 */
export class MissingLockFileError extends LockFileError {
  constructor(file: string, setting: string) {
    super(file, 'does not exist');
    this.message =
      `${setting} names the lock file ${file}, which does not exist. Build the images with \`npm run images\` ` +
      `(it writes that file), correct the path, or unset ${LOCK_FILE_ENV} to use ${DEFAULT_LOCK_FILE} in the project root.`;
    this.name = 'MissingLockFileError';
  }
}

const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

/** The problem with a string field, or undefined; the value is quoted with JSON so a newline shows as `\n`. */
function fieldProblem(field: string, value: unknown, pattern: RegExp, allowed: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return `field "${field}" is missing or not a string`;
  if (!pattern.test(value)) return `field "${field}" is ${shownValue(value)}, which is not ${allowed}`;
  return undefined;
}

const ALLOWED_TAG = 'a Docker tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"; no spaces or newlines)';
const ALLOWED_REPOSITORY = 'an image repository (lowercase path components, optional registry host; no spaces, uppercase or tag)';

/** Every problem of one locked image; what goes into a manifest's `image:` is checked, not only typed. */
function lockedImageProblems(component: ComponentName | undefined, image: any, at = `images.${component}`): string[] {
  const problems: string[] = [];
  for (const field of ['reference', 'repository', 'tag', 'imageId', 'contractVersion'] as const) {
    if (typeof image?.[field] !== 'string' || image[field].length === 0) problems.push(`field "${at}.${field}" is missing or not a string`);
  }
  if (problems.length) return problems;
  const checks = [
    fieldProblem(`${at}.repository`, image.repository, IMAGE_REPOSITORY, ALLOWED_REPOSITORY),
    fieldProblem(`${at}.tag`, image.tag, IMAGE_TAG, ALLOWED_TAG),
    fieldProblem(`${at}.imageId`, image.imageId, IMAGE_ID, 'an image ID "sha256:<64 hex digits>"'),
  ];
  problems.push(...checks.filter((p): p is string => p !== undefined));
  if (!problems.length && image.reference !== `${image.repository}:${image.tag}`) {
    problems.push(`field "${at}.reference" is ${shownValue(image.reference)}, expected "${image.repository}:${image.tag}" (repository:tag)`);
  }
  if (typeof image.buildArgs !== 'object' || image.buildArgs === null || Array.isArray(image.buildArgs)) {
    problems.push(`field "${at}.buildArgs" is missing or not an object`);
  }
  if (image.migrate !== undefined) problems.push(...(component ? migrateProblems(component, image) : [`field "${at}.migrate" is present, but a service has no migration image`]));
  problems.push(...pushedProblems(at, image.pushed));
  return problems;
}

const DIGEST_REFERENCE = new RegExp(`^(${IMAGE_REPOSITORY.source.slice(1, -1)})@sha256:[a-f0-9]{64}$`);

/** `pushed`: each registry's entry a digest reference in that registry. */
function pushedProblems(at: string, pushed: unknown): string[] {
  if (pushed === undefined) return [];
  if (typeof pushed !== 'object' || pushed === null || Array.isArray(pushed)) return [`field "${at}.pushed" is not an object`];
  return Object.entries(pushed).flatMap(([registry, reference]) => {
    const field = `${at}.pushed[${shownValue(registry)}]`;
    if (typeof reference !== 'string' || !DIGEST_REFERENCE.test(reference)) return [`field "${field}" is ${shownValue(reference)}, which is not a digest reference "<registry>/<repository>@sha256:<64 hex digits>"`];
    if (!reference.startsWith(`${registry.replace(/\/+$/, '')}/`)) return [`field "${field}" is ${shownValue(reference)}, which is not in the registry ${shownValue(registry)}`];
    return [];
  });
}

/** The migration image: same repository, the app tag plus the contract's suffix. */
function migrateProblems(component: ComponentName, image: any): string[] {
  const at = `images.${component}.migrate`;
  const migration = IMAGE_CONTRACTS[component].migration;
  if (!migration) return [`field "${at}" is present, but the ${component} image has no migration target`];
  const migrate = image.migrate;
  if (typeof migrate !== 'object' || migrate === null) return [`field "${at}" is not an object`];
  const expectedTag = `${image.tag}${migration.tagSuffix}`;
  const problems = [
    fieldProblem(`${at}.tag`, migrate.tag, IMAGE_TAG, ALLOWED_TAG),
    fieldProblem(`${at}.imageId`, migrate.imageId, IMAGE_ID, 'an image ID "sha256:<64 hex digits>"'),
  ].filter((p): p is string => p !== undefined);
  if (problems.length) return problems;
  problems.push(...pushedProblems(at, migrate.pushed));
  if (migrate.authConfigPath !== undefined && !isAuthConfigPath(migrate.authConfigPath)) {
    problems.push(`field "${at}.authConfigPath" is ${shownValue(migrate.authConfigPath)}, which is not ${AUTH_CONFIG_PATH_ALLOWED}`);
  }
  if (migrate.tag !== expectedTag) problems.push(`field "${at}.tag" is ${shownValue(migrate.tag)}, expected ${shownValue(expectedTag)}`);
  if (migrate.reference !== `${image.repository}:${expectedTag}`) {
    problems.push(`field "${at}.reference" is ${shownValue(migrate.reference)}, expected "${image.repository}:${expectedTag}"`);
  }
  return problems;
}

/**
 * Whether `file` is the one TODO_IMAGES_LOCK names in this process's environment (resolved
 * against the working directory, as synth resolves it): then it was asked for and must exist.
 */

/**
 * Reads a lock file; undefined when there is none (a fresh clone, CI) unless `required`
 * (loadImagesLock requires the one TODO_IMAGES_LOCK names). Every field that reaches a
 * manifest is validated before anything is pinned.
 */
export function readImagesLock(
  file: string,
  options: { readonly required?: boolean; readonly setting?: string } = { required: false },
): ImagesLock | undefined {
  let text: string;
  try {
    text = readInputFile(file, MAX_LOCK_FILE_BYTES).toString('utf8');
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    if (err.problem === 'ENOENT') {
      if (options.required) throw new MissingLockFileError(file, options.setting ?? file);
      return undefined;
    }
    if (err.problem === 'EISDIR') throw new LockFileError(file, 'is a directory, not a lock file');
    throw new LockFileError(file, err.description);
  }
  let data: any;
  try {
    data = JSON.parse(text);
  } catch {
    // Never V8's message: it quotes the text around the error, and a mistyped TODO_IMAGES_LOCK
    // may name a .env. Only where.
    throw new LockFileError(file, `is not valid JSON${jsonErrorLocation(text)}`);
  }
  if (data?.version !== 1) throw new LockFileError(file, `field "version" is ${shownValue(data?.version)}, expected 1`);
  const problems = COMPONENTS.flatMap((component) => lockedImageProblems(component, data.images?.[component]));
  if (data.services !== undefined) {
    if (typeof data.services !== 'object' || data.services === null || Array.isArray(data.services)) problems.push('field "services" is not an object');
    else for (const [name, image] of Object.entries(data.services)) problems.push(...lockedImageProblems(undefined, image, `services.${quoteKey(name)}`));
  }
  if (problems.length === 1) throw new LockFileError(file, problems[0]);
  if (problems.length > 1) throw new LockFileError(file, `${problems.length} problems:\n  - ${problems.join('\n  - ')}\n`);
  return data as ImagesLock;
}

/** The lock file in use and its contents, as synth reads them. */
export interface LoadedImagesLock {
  readonly file: string;
  /** undefined: no lock file at the default path (images are not pinned). */
  readonly lock: ImagesLock | undefined;
}

/**
 * The lock synth pins images from: TODO_IMAGES_LOCK (must exist when set) or the instance's lock
 * (images.lock.json, images.<instance>.lock.json) in the project root (optional). Throws LockFileError / MissingLockFileError.
 */
export function loadImagesLock(projectRoot: string, env: NodeJS.ProcessEnv = process.env, instance?: string): LoadedImagesLock {
  const file = lockFilePath(projectRoot, env, instance);
  const explicit = Boolean(env[LOCK_FILE_ENV]);
  return { file, lock: readImagesLock(file, { required: explicit, setting: `${LOCK_FILE_ENV}=${env[LOCK_FILE_ENV]}` }) };
}

/**
 * Writes a lock file atomically: a failure leaves the previous one as it was. Pushes the previous
 * lock recorded for an image with the same ID are kept (a rebuild that changed nothing is not
 * pushed again); a changed image loses them.
 */
export function writeImagesLock(file: string, lock: ImagesLock): void {
  writeFileAtomic(file, JSON.stringify(carryPushes(previousLock(file), lock), null, 2) + '\n');
}

function previousLock(file: string): ImagesLock | undefined {
  try {
    return readImagesLock(file, { required: false });
  } catch {
    return undefined; // an unreadable old lock is replaced, as before
  }
}

function carryPushes(previous: ImagesLock | undefined, next: ImagesLock): ImagesLock {
  if (!previous) return next;
  const carry = <T extends { readonly imageId: string; readonly pushed?: PushedReferences }>(old: T | undefined, image: T): T =>
    old && old.imageId === image.imageId && old.pushed && !image.pushed ? { ...image, pushed: old.pushed } : image;
  const images = Object.fromEntries(
    COMPONENTS.map((component) => {
      const old = previous.images[component];
      const image = carry(old, next.images[component]);
      return [component, image.migrate ? { ...image, migrate: carry(old.migrate, image.migrate) } : image];
    }),
  ) as Record<ComponentName, LockedImage>;
  const services = next.services && Object.fromEntries(Object.entries(next.services).map(([name, image]) => [name, carry(previous.services?.[name], image)]));
  return { ...next, images, ...(services ? { services } : {}) };
}

/** One push `npm run deploy` made: the image (by its `repository:tag` reference) and the digest reference the registry answered. */
export interface RecordedPush {
  readonly reference: string;
  /** @default undefined (not pushed: nothing recorded, e.g. a DeliveredImage of a local target) */
  readonly pushedReference?: string;
}

/**
 * The lock with the pushes to `registry` recorded on the images they were made from (the app
 * image, or its migration image, matched by reference); other registries' entries are kept.
 */
export function withPushedReferences(lock: ImagesLock, registry: string, pushes: readonly RecordedPush[]): ImagesLock {
  const digestFor = (reference: string) => pushes.find((p) => p.reference === reference && p.pushedReference)?.pushedReference;
  const record = <T extends { readonly reference: string; readonly pushed?: PushedReferences }>(image: T): T => {
    const digest = digestFor(image.reference);
    return digest ? { ...image, pushed: { ...image.pushed, [registry]: digest } } : image;
  };
  const images = Object.fromEntries(
    COMPONENTS.map((component) => {
      const image = lock.images[component];
      return [component, record(image.migrate ? { ...image, migrate: record(image.migrate) } : image)];
    }),
  ) as Record<ComponentName, LockedImage>;
  const services = lock.services && Object.fromEntries(Object.entries(lock.services).map(([name, image]) => [name, record(image)]));
  return { ...lock, images, ...(services ? { services } : {}) };
}
