/**
 * Phase V's images the project builds from its own dockerfiles/ rather than the app's sources:
 * the in-cluster Kafka broker (settings `kafka.image`) and the consumers (`dapr.workers.image`).
 * Same build, lock and delivery as the app's images; the lock records each under
 * `services.<name>`, a name a user's own service cannot take.
 */
import * as path from 'path';
import { BuiltImageSettings, TodoConfig } from '../model/settings/types';
import { ImageBuildPlan } from './build-image';
import { WORKERS_IMAGE_NAME } from '../model/dapr';

/** One image built from dockerfiles/<dockerfile> with dockerfiles/<context> as its context. */
export interface ProjectImage {
  /** Its lock entry under `services`, and the build's name in progress lines. */
  readonly name: string;
  /** The settings field that configures it, for messages. */
  readonly field: string;
  readonly dockerfile: string;
  readonly context: string;
  /** Files the context must have (a partial checkout is refused before the build). */
  readonly requiredFiles: readonly string[];
  readonly maxSizeBytes: number;
  /** The image the settings run, when they run it. */
  readonly settingsImage: (config: TodoConfig) => BuiltImageSettings | undefined;
  /** Build arguments the settings imply besides the image's own `buildArgs`. @default none */
  readonly impliedBuildArgs?: (config: TodoConfig) => Record<string, string>;
  /** The settings with this image replaced (what the lock pins). */
  readonly withImage: (config: TodoConfig, image: BuiltImageSettings) => TodoConfig;
}

/** The broker: about 440 MB (a JRE and 92 jars). Built only for `dapr.pubsub.brokers: in-cluster`. */
export const KAFKA_IMAGE: ProjectImage = {
  name: 'kafka',
  field: 'kafka.image',
  dockerfile: 'kafka.Dockerfile',
  context: 'kafka',
  requiredFiles: ['pom.xml', 'bin/kafka-start.sh', 'config/log4j2.properties'],
  maxSizeBytes: 700 * 1024 * 1024,
  settingsImage: (config) => (config.dapr?.enabled === true && config.dapr.pubsub?.brokers === 'in-cluster' ? config.kafka?.image : undefined),
  withImage: (config, image) => ({ ...config, kafka: { ...config.kafka!, image } }),
};

/** The consumers: the Python base and one file. */
export const WORKERS_IMAGE: ProjectImage = {
  name: WORKERS_IMAGE_NAME,
  field: 'dapr.workers.image',
  dockerfile: 'workers.Dockerfile',
  context: 'workers',
  requiredFiles: ['task_consumers.py'],
  maxSizeBytes: 1024 * 1024 * 1024,
  settingsImage: (config) => (config.dapr?.enabled === true ? config.dapr.workers?.image : undefined),
  // The backend's base (a mirror's, a pinned Python) unless the workers name their own.
  impliedBuildArgs: (config): Record<string, string> => {
    const python = config.images.backend.buildArgs?.PYTHON_IMAGE;
    return python ? { PYTHON_IMAGE: python } : {};
  },
  withImage: (config, image) => ({ ...config, dapr: { ...config.dapr!, workers: { ...config.dapr!.workers!, image } } }),
};

export const PROJECT_IMAGES: readonly ProjectImage[] = [KAFKA_IMAGE, WORKERS_IMAGE];

/** The build of one of these images from the project's (or a checkout's) dockerfiles/. */
export function projectImagePlan(root: string, image: ProjectImage, repository: string, buildArgs: Readonly<Record<string, string>> = {}): ImageBuildPlan {
  return {
    name: image.name,
    contextDir: path.join(root, 'dockerfiles', image.context),
    dockerfile: path.join(root, 'dockerfiles', image.dockerfile),
    requiredFiles: image.requiredFiles,
    buildArgs,
    repository,
    maxSizeBytes: image.maxSizeBytes,
  };
}

/** The builds the settings need, by lock name. */
export function projectImagePlans(config: TodoConfig, root: string): Record<string, ImageBuildPlan> {
  const plans: Record<string, ImageBuildPlan> = {};
  for (const image of PROJECT_IMAGES) {
    const settings = image.settingsImage(config);
    if (settings) plans[image.name] = projectImagePlan(root, image, settings.repository, { ...image.impliedBuildArgs?.(config), ...settings.buildArgs });
  }
  return plans;
}
