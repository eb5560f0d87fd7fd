import { TodoConfig } from '../config/types';
import { COMPONENTS, CONTRACT_VERSION } from '../contract/image-contract';
import { buildArgField, buildArgsFor } from './build-args';
import { ImagesLock, LockFileError } from './lock';

/**
 * Pins the configuration's images to what `npm run images` built, so the manifests run exactly
 * that. A locked image is used when its repository is the configured one; it is never pulled
 * (it exists only in the Docker Engine it was built in). Fails when a locked image was built
 * from inputs the configuration no longer implies, e.g. another NEXT_PUBLIC_API_URL.
 */
export function applyImagesLock(config: TodoConfig, lock: ImagesLock | undefined, lockFile: string): TodoConfig {
  if (!lock) return config;
  const images = { ...config.images };
  for (const component of COMPONENTS) {
    const locked = lock.images[component];
    if (locked.repository !== config.images[component].repository) continue;
    if (locked.contractVersion !== CONTRACT_VERSION) {
      throw new LockFileError(lockFile, `${locked.reference} implements image contract ${locked.contractVersion}, but this code expects ${CONTRACT_VERSION}`);
    }
    for (const [name, expected] of Object.entries(buildArgsFor(component, config))) {
      const built = locked.buildArgs[name];
      if (built !== expected) {
        throw new LockFileError(
          lockFile,
          `the ${component} image ${locked.reference} was built with ${name}=${JSON.stringify(built)}, ` +
            `but the configuration (profile "${config.profile}", ${buildArgField(name)}) now implies ${JSON.stringify(expected)}`,
        );
      }
    }
    images[component] = { repository: locked.repository, tag: locked.tag, pullPolicy: 'Never' };
  }
  return { ...config, images };
}
