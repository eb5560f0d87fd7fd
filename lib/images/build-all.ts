import Docker from 'dockerode';
import { ComponentName } from '../contract/image-contract';
import { BuiltImage, ImageBuildPlan, PreparedBuild, ProgressListener, prepareBuild, reportingFailure, runBuild } from './build-image';
import { COMPONENTS } from '../contract/image-contract';
import { pingDocker } from './docker-endpoint';
import { ImageBuildsFailedError } from './errors';
import { KindOptions, checkKindAvailable, loadIntoKind } from './kind';
import { ImagesLock, LockedImage, writeImagesLock } from './lock';

export interface BuildAllOptions {
  readonly docker: Docker;
  readonly plans: Readonly<Record<ComponentName, ImageBuildPlan>>;
  /** Written only when every image was built, passed its size check (and was loaded into kind). */
  readonly lockFile: string;
  /** Also load the images into this kind cluster before writing the lock. */
  readonly kind?: KindOptions;
  readonly onProgress?: ProgressListener;
}

export interface BuildAllResult {
  readonly lock: ImagesLock;
  readonly images: Readonly<Record<ComponentName, BuiltImage>>;
}

/**
 * Runs one task per component, one after the other: two builds at once (pip install next to
 * next build) can exhaust a 2 GiB minikube node. Every task runs even after one fails, and if
 * any failed, all errors are thrown together (one error as itself).
 */
async function forEachComponent<T>(task: (component: ComponentName) => Promise<T>): Promise<Record<ComponentName, T>> {
  const settled: PromiseSettledResult<T>[] = [];
  for (const component of COMPONENTS) {
    settled.push(await task(component).then((value) => ({ status: 'fulfilled' as const, value }), (reason) => ({ status: 'rejected' as const, reason })));
  }
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ImageBuildsFailedError(errors);
  const values = settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  return { backend: values[0], frontend: values[1] };
}

function lockedImage(image: BuiltImage): LockedImage {
  return {
    reference: image.reference,
    repository: image.repository,
    tag: image.tag,
    imageId: image.imageId,
    contractVersion: image.contractVersion,
    buildArgs: image.buildArgs,
    sizeBytes: image.sizeBytes,
  };
}

/**
 * What `npm run images` does: check every input, check the engine answers (and kind, if asked),
 * build both images one after the other, load them into kind, and only then write the lock. Any failure
 * throws before the lock is touched, so it stays exactly as it was.
 */
export async function buildAll(options: BuildAllOptions): Promise<BuildAllResult> {
  const onProgress = options.onProgress ?? (() => undefined);
  const prepared: Record<ComponentName, PreparedBuild> = await forEachComponent((c) =>
    reportingFailure(options.plans[c].name, onProgress, () => prepareBuild(options.plans[c])),
  );
  await pingDocker(options.docker);
  if (options.kind) await checkKindAvailable(options.kind);

  const images = await forEachComponent((c) =>
    reportingFailure(options.plans[c].name, onProgress, () => runBuild(options.docker, prepared[c], onProgress)),
  );
  if (options.kind) await loadIntoKind(options.kind, COMPONENTS.map((c) => images[c].reference));

  const lock: ImagesLock = { version: 1, images: { backend: lockedImage(images.backend), frontend: lockedImage(images.frontend) } };
  writeImagesLock(options.lockFile, lock);
  return { lock, images };
}
