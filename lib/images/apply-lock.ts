import { TodoConfig } from '../model/settings/types';
import { COMPONENTS, CONTRACT_VERSION, IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { runsMigrationImage } from '../model/settings/frontend-migration';
import { buildArgField, buildArgsFor } from './build-args';
import { ImageSettings } from '../model/settings/types';
import { ComponentName } from '../model/contract/image-contract';
import { ImagesLock, LockedImage, LockFileError } from './lock';
import { serviceImageSettings } from '../model/settings/service-image';
import { quote } from '../util/quote';
import { PROJECT_IMAGES } from './phase-v-images';

/** How the lock is applied. */
export interface ApplyLockOptions {
  /**
   * The registry the images were pushed to (`npm run deploy --registry`, `npm run synth -- --registry`):
   * the manifests then run the lock's digest references there, pulled IfNotPresent.
   * @default undefined (the local `repository:tag`, never pulled)
   */
  readonly registry?: string;
  /** Told each lock entry that is not used, and why. @default - not told */
  readonly warn?: (line: string) => void;
}

/**
 * Pins the configuration's images to what `npm run images` built, so the manifests run exactly
 * that. A locked image is used when its repository is the configured one; it is never pulled
 * (it exists only in the Docker Engine it was built in). Fails when a locked image was built
 * from inputs the configuration no longer implies, e.g. another NEXT_PUBLIC_API_URL, or when
 * the configuration runs a migration image the lock does not have (its pods would stay in
 * ErrImageNeverPull). The migration image's tag is the app tag plus the contract's suffix.
 */
export function applyImagesLock(config: TodoConfig, lock: ImagesLock | undefined, lockFile: string, options: ApplyLockOptions = {}): TodoConfig {
  if (!lock) return config;
  const images = { ...config.images };
  let detectedAuthConfig: string | undefined;
  for (const component of COMPONENTS) {
    const locked = lock.images[component];
    if (locked.repository !== config.images[component].repository) {
      // Not silent: the manifests then run the configured tag, which this machine may never have built.
      options.warn?.(
        `Warning: ${lockFile}: the ${component} entry (${quote(locked.reference)}) is not used: its repository is not the configured one, ` +
          `${quote(config.images[component].repository)} (images.${component}.repository, profile "${config.profile}"), so the manifests run ` +
          `${quote(`${config.images[component].repository}:${config.images[component].tag}`)} with imagePullPolicy ${config.images[component].pullPolicy}; ` +
          'run `npm run images` with the same settings to build and pin it',
      );
      continue;
    }
    if (locked.contractVersion !== CONTRACT_VERSION) {
      throw new LockFileError(lockFile, `${quote(locked.reference)} implements image contract ${quote(String(locked.contractVersion))}, but this code expects ${CONTRACT_VERSION}`);
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
    const migration = IMAGE_CONTRACTS[component].migration;
    if (migration && !locked.migrate && runsMigrationImage(component, config)) {
      throw new LockFileError(
        lockFile,
        `the ${component} entry (${locked.reference}) has no "migrate" image, but the configuration (profile "${config.profile}", ` +
          `${component}.migration) runs the Better Auth migration from ${locked.repository}:${locked.tag}${migration.tagSuffix} ` +
          `(set ${component}.migration to { kind: 'none' } only if the app creates its tables itself)`,
      );
    }
    // A config path the build detected (the settings name none) is the one the migration runs.
    if (component === 'frontend' && locked.migrate?.authConfigPath && runsMigrationImage(component, config) && !(config.frontend.migration as { authConfigPath?: string } | undefined)?.authConfigPath) {
      detectedAuthConfig = locked.migrate.authConfigPath;
    }
    images[component] = options.registry
      ? pinnedToRegistry(component, locked, options.registry, lockFile, migration !== undefined && runsMigrationImage(component, config))
      : { repository: locked.repository, tag: locked.tag, pullPolicy: 'Never' };
  }
  const frontend = detectedAuthConfig ? { ...config.frontend, migration: { kind: 'better-auth' as const, authConfigPath: detectedAuthConfig } } : config.frontend;
  // Each service's image, as built (same repository), pinned the same way.
  const services = config.services && Object.fromEntries(Object.entries(config.services).map(([name, service]) => {
    const locked = lock.services?.[name];
    const image = serviceImageSettings(config, name);
    if (!locked) return [name, service];
    if (locked.repository !== image.repository) {
      options.warn?.(
        `Warning: ${lockFile}: the service ${name}'s entry (${quote(locked.reference)}) is not used: its repository is not the configured one, ` +
          `${quote(image.repository)} (services.${name}), so the manifests run ${quote(`${image.repository}:${image.tag}`)}; run \`npm run images\` with the same settings to build and pin it`,
      );
      return [name, service];
    }
    const pinned = lockedServiceImage(name, locked, options.registry, lockFile);
    return [name, { ...service, image: { ...service.image, ...pinned } }];
  }));
  let pinned: TodoConfig = { ...config, images, frontend, ...(services ? { services } : {}) };
  // Phase V's broker and consumers, as built (services.<name> in the lock).
  for (const image of PROJECT_IMAGES) {
    const settings = image.settingsImage(config);
    const locked = lock.services?.[image.name];
    if (settings && locked && locked.repository === settings.repository) {
      pinned = image.withImage(pinned, { ...settings, ...lockedServiceImage(image.name, locked, options.registry, lockFile) });
    }
  }
  return pinned;
}

/** A locked image as its registry push: `registry/repository@sha256:...`, IfNotPresent (a digest never changes). */
function pinnedToRegistry(component: ComponentName, locked: LockedImage, registry: string, lockFile: string, runsMigration: boolean): ImageSettings {
  const image = pushedTo(locked, registry);
  const migrate = runsMigration && locked.migrate ? pushedTo(locked.migrate, registry) : undefined;
  const missing = !image ? locked.reference : runsMigration && !migrate ? locked.migrate?.reference : undefined;
  if (missing) {
    throw new LockFileError(
      lockFile,
      `the ${component} image ${missing} was never pushed to ${registry} (no "pushed" entry for it); push it with \`npm run deploy -- --registry ${registry}\`, ` +
        'or synthesize without --registry to pin the local images',
    );
  }
  return { repository: locked.repository, tag: locked.tag, pullPolicy: 'IfNotPresent', pinned: migrate ? { image: image!, migrate } : { image: image! } };
}

/** A service's (or the Kafka broker's) locked image: the local tag, or its push to the registry by digest. */
function lockedServiceImage(name: string, locked: LockedImage, registry: string | undefined, lockFile: string): ImageSettings {
  if (!registry) return { repository: locked.repository, tag: locked.tag, pullPolicy: 'Never' };
  const digest = pushedTo(locked, registry);
  if (!digest) throw new LockFileError(lockFile, `the service ${name}'s image ${locked.reference} was never pushed to ${registry}; push it with \`npm run deploy -- --registry ${registry}\``);
  return { repository: locked.repository, tag: locked.tag, pullPolicy: 'IfNotPresent', pinned: { image: digest } };
}

/** The digest reference an image was pushed as to `registry`: the lock's own entries only (`constructor` is not one). */
function pushedTo(image: { readonly pushed?: Readonly<Record<string, string>> }, registry: string): string | undefined {
  return image.pushed && Object.hasOwn(image.pushed, registry) ? image.pushed[registry] : undefined;
}
