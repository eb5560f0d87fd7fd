import Docker from 'dockerode';
import { ComponentName } from '../model/contract/image-contract';
import { BuiltImage, PreparedBuild, ProgressListener, prepareBuild, reportingFailure, runBuild } from './build-image';
import { COMPONENTS } from '../model/contract/image-contract';
import { pingDocker } from './docker-endpoint';
import { DockerTimeoutError, DockerUnreachableError, ImageBuildsFailedError, NotDockerEngineError, BuildInputError } from './errors';
import { KindOptions, checkKindAvailable, loadIntoKind } from './kind';
import { ImagesLock, LockedImage, readImagesLock, writeImagesLock } from './lock';
import { ComponentImagePlan } from './plan';
import { ImageBuildPlan } from './build-image';

export interface BuildAllOptions {
  readonly docker: Docker;
  /** Each component's build; a plan with `migration` also builds that target (same context, after the app image). */
  readonly plans: Readonly<Record<ComponentName, ComponentImagePlan>>;
  /** Written only when every image was built, passed its size check (and was loaded into kind). */
  readonly lockFile: string;
  /**
   * Also load the images into this kind cluster before writing the lock.
   * @default undefined (no kind)
   */
  readonly kind?: KindOptions;
  /**
   * Build only this component's image (and its migration image); the lock keeps the other
   * component's entry exactly as the existing lock file has it, so that file must exist.
   * @default undefined (both)
   */
  readonly only?: ComponentName;
  /**
   * Runs before anything is read or built (the app-source checks of `npm run images`); throwing
   * stops the build with the lock untouched.
   * @default undefined (no checks)
   */
  readonly preflight?: () => void | Promise<void>;
  readonly onProgress?: ProgressListener;
  /**
   * The additional services' builds, after the components' (settings `services`); the lock
   * records them under `services`. An `only` build keeps the lock's entries.
   * @default none
   */
  readonly services?: Readonly<Record<string, ImageBuildPlan>>;
}

export interface BuildAllResult {
  readonly lock: ImagesLock;
  /** Each image built by this run: both, or the one `only` names. */
  readonly images: Readonly<Partial<Record<ComponentName, BuiltImage>>>;
  /** The migration image of each component whose plan has one. */
  readonly migrations: Readonly<Partial<Record<ComponentName, BuiltImage>>>;
  /** Each additional service's image built by this run. @default {} */
  readonly services?: Readonly<Record<string, BuiltImage>>;
}

/**
 * Runs one task per component, one after the other: two builds at once (pip install next to
 * next build) can exhaust a 2 GiB minikube node. Every task runs even after one fails, and if
 * any failed, all errors are thrown together (one error as itself).
 */
/** The engine itself failed (down, silent, or not Docker), not one image's build. */
function isEngineFailure(err: unknown): boolean {
  return err instanceof DockerUnreachableError || err instanceof DockerTimeoutError || err instanceof NotDockerEngineError;
}

async function forEachComponent<T>(components: readonly ComponentName[], task: (component: ComponentName) => Promise<T>): Promise<Partial<Record<ComponentName, T>>> {
  const settled: PromiseSettledResult<T>[] = [];
  for (const component of components) {
    const result = await task(component).then((value) => ({ status: 'fulfilled' as const, value }), (reason) => ({ status: 'rejected' as const, reason }));
    settled.push(result);
    // The next image would only wait for the same engine again: report the engine once.
    if (result.status === 'rejected' && isEngineFailure(result.reason)) break;
  }
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ImageBuildsFailedError(errors);
  return Object.fromEntries(components.map((c, i) => [c, (settled[i] as PromiseFulfilledResult<T>).value]));
}

/**
 * The existing lock whose other entries an `only` build keeps; refuses before anything is built
 * when there is none to keep (the lock always holds both images).
 */
function lockToKeep(lockFile: string, only: ComponentName): ImagesLock {
  const others = COMPONENTS.filter((c) => c !== only);
  const lock = readImagesLock(lockFile, { required: false });
  if (!lock) {
    throw new BuildInputError(
      `--only ${only} keeps the ${others.join(' and ')} entry of the images lock ${lockFile}, but that file does not exist; ` +
        'run `npm run images` once without --only to build both images',
    );
  }
  return lock;
}

function lockedImage(image: BuiltImage, migration: BuiltImage | undefined, authConfigPath?: string): LockedImage {
  return {
    reference: image.reference,
    repository: image.repository,
    tag: image.tag,
    imageId: image.imageId,
    contractVersion: image.contractVersion,
    buildArgs: image.buildArgs,
    sizeBytes: image.sizeBytes,
    ...(migration ? { migrate: { reference: migration.reference, tag: migration.tag, imageId: migration.imageId, ...(authConfigPath ? { authConfigPath } : {}) } } : {}),
  };
}

/**
 * What `npm run images` does: run the preflight (app-source checks), check every input, check
 * the engine answers (and kind, if asked), build both images (or the one `only` names) one
 * after the other, then the migration image(s), load them into kind, and only then write the
 * lock. Any failure
 * throws before the lock is touched, so it stays exactly as it was.
 */
export async function buildAll(options: BuildAllOptions): Promise<BuildAllResult> {
  const onProgress = options.onProgress ?? (() => undefined);
  const components = options.only ? [options.only] : COMPONENTS;
  const kept = options.only ? lockToKeep(options.lockFile, options.only) : undefined;
  await options.preflight?.();
  const prepared = await forEachComponent(components, (c) =>
    reportingFailure(options.plans[c].name, onProgress, () => prepareBuild(options.plans[c])),
  );
  await pingDocker(options.docker);
  if (options.kind) await checkKindAvailable(options.kind);

  const images = await forEachComponent(components, (c) =>
    reportingFailure(options.plans[c].name, onProgress, () => runBuild(options.docker, prepared[c]!, onProgress)),
  );
  // After the app image, so the stages they share come from the layer cache; same inputs, so the
  // tag is the app tag plus the suffix.
  const migrations: Partial<Record<ComponentName, BuiltImage>> = {};
  for (const component of components) {
    const migration = options.plans[component].migration;
    if (!migration) continue;
    const tag = `${images[component]!.tag}${migration.tagSuffix ?? ''}`;
    migrations[component] = await reportingFailure(migration.name, onProgress, async () => {
      // The app's own Dockerfile has no migrate target: the project's is prepared on its own, tagged after the app image.
      const build: PreparedBuild = migration.separate
        ? await prepareBuild({ ...migration, tag })
        : { ...prepared[component]!, plan: { ...migration, contextDir: prepared[component]!.plan.contextDir } };
      return runBuild(options.docker, build, onProgress);
    });
  }
  // The services, one after the other: each its own context and Dockerfile.
  const services: Record<string, BuiltImage> = {};
  for (const [name, plan] of options.only ? [] : Object.entries(options.services ?? {})) {
    services[name] = await reportingFailure(name, onProgress, async () => runBuild(options.docker, await prepareBuild(plan), onProgress));
  }
  const references = [
    ...components.flatMap((c) => [images[c]!.reference, ...(migrations[c] ? [migrations[c]!.reference] : [])]),
    ...Object.values(services).map((s) => s.reference),
  ];
  if (options.kind) await loadIntoKind(options.kind, references);

  const entry = (c: ComponentName): LockedImage => (images[c] ? lockedImage(images[c]!, migrations[c], options.plans[c].migration?.authConfigPath) : kept!.images[c]);
  const servicesLock = options.only ? kept?.services : Object.fromEntries(Object.entries(services).map(([name, s]) => [name, lockedImage(s, undefined)]));
  const lock: ImagesLock = {
    ...kept, version: 1, images: { ...kept?.images, backend: entry('backend'), frontend: entry('frontend') },
    ...(servicesLock && Object.keys(servicesLock).length ? { services: servicesLock } : {}),
  };
  writeImagesLock(options.lockFile, lock);
  return { lock, images, migrations, services };
}
