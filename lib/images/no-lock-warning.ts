import * as path from 'path';
import { TodoConfig } from '../model/settings/types';
import { runsMigrationImage } from '../model/settings/frontend-migration';
import { COMPONENTS, IMAGE_CONTRACTS } from '../model/contract/image-contract';

/**
 * The one line synth prints when no images lock exists and the configuration runs images that
 * are never pulled (the local profile's `todo-frontend:dev`, `imagePullPolicy: Never`): no
 * cluster has them, so every pod would stop in ErrImageNeverPull. Undefined when nothing runs
 * unpulled (a registry profile), so a cloud synth from a fresh clone stays quiet.
 */
export function noLockWarning(config: TodoConfig, lockFile: string, cwd: string = process.cwd()): string | undefined {
  const unpulled = COMPONENTS.flatMap((component) => {
    const image = config.images[component];
    if (image.pullPolicy !== 'Never') return [];
    const reference = `${image.repository}:${image.tag}`;
    const migration = IMAGE_CONTRACTS[component].migration;
    return migration && runsMigrationImage(component, config) ? [reference, `${reference}${migration.tagSuffix}`] : [reference];
  });
  if (unpulled.length === 0) return undefined;
  const file = path.relative(cwd, lockFile) || lockFile;
  return (
    `Warning: no images lock (${file}), so the manifests run ${unpulled.join(', ')} with imagePullPolicy: Never, ` +
    'which the cluster answers with ErrImageNeverPull unless you built those tags yourself; ' +
    'run `npm run images` (same --profile/-f) to build and pin them, or `npm run deploy`, which builds them.'
  );
}
