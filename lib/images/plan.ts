import { ComponentName } from '../model/contract/image-contract';
import { runsMigrationImage } from '../model/settings/frontend-migration';
import { TodoConfig } from '../model/settings/types';
import { buildArgField, buildArgsFor } from './build-args';
import { ImageBuildPlan } from './build-image';
import { COMPONENTS } from '../model/contract/image-contract';
import { ComponentBuildSpecs } from './component-specs';
import { BuildInputError } from './errors';
import { IMAGE_REFERENCE_ALLOWED, isImageReference } from '../util/image-reference';
import { quote } from '../util/quote';

export interface PlanInput {
  readonly config: TodoConfig;
  readonly specs: ComponentBuildSpecs;
  /** Source directory (build context) of each component. */
  readonly sourceDirs: Readonly<Record<ComponentName, string>>;
  /** `--build-arg NAME=VALUE`; only the base image arguments (`PYTHON_IMAGE`, `NODE_IMAGE`) may be set. */
  readonly baseImageOverrides?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
}

/** Checks the overrides: each names some component's base image argument and has a value. */
function checkOverrides(input: PlanInput): void {
  const allowed = Object.values(input.specs).map((s) => s.baseImageArg);
  const fromConfig = new Set(COMPONENTS.flatMap((c) => Object.keys(buildArgsFor(c, input.config))));
  for (const [name, value] of Object.entries(input.baseImageOverrides ?? {})) {
    if (fromConfig.has(name)) {
      throw new BuildInputError(
        `--build-arg ${name} cannot be set on the command line: it comes from config.${buildArgField(name)} ` +
          `(profile "${input.config.profile}"), so the image and the manifests agree. Choose the profile with TODO_PROFILE.`,
      );
    }
    if (!allowed.includes(name)) throw new BuildInputError(`--build-arg ${name}: unknown; only the base image arguments ${allowed.join(', ')} can be set`);
    if (!value) throw new BuildInputError(`--build-arg ${name}= has an empty value`);
    // Checked before the engine is called: docker-modem throws on a space or a non-ASCII
    // character in the URL, and the engine answers a bad name with an HTTP 400.
    if (!isImageReference(value)) throw new BuildInputError(`--build-arg ${name}=${quote(value)}: not an image reference; allowed: ${IMAGE_REFERENCE_ALLOWED}`);
  }
}

/** One component's build, and the migration image built from the same inputs when the configuration runs it. */
export type ComponentImagePlan = ImageBuildPlan & {
  /**
   * Built after the app image from the same prepared context (shared layer cache), `--target`ed.
   * @default undefined (no migration image)
   */
  readonly migration?: ImageBuildPlan;
};

/**
 * The build of each component: its spec, its source directory, and the build arguments the
 * contract declares with their values from the configuration (./build-args.ts, which synth
 * also uses to check the lock).
 */
export function planImageBuilds(input: PlanInput): Record<ComponentName, ComponentImagePlan> {
  checkOverrides(input);
  const plan = (component: ComponentName): ComponentImagePlan => {
    const spec = input.specs[component];
    const buildArgs = buildArgsFor(component, input.config);
    const baseImage = input.baseImageOverrides?.[spec.baseImageArg];
    if (baseImage) buildArgs[spec.baseImageArg] = baseImage;
    const app: ImageBuildPlan = {
      name: component,
      contextDir: input.sourceDirs[component],
      dockerfile: spec.dockerfile,
      requiredFiles: spec.requiredFiles,
      buildArgs,
      repository: input.config.images[component].repository,
      maxSizeBytes: spec.maxSizeBytes,
      noCache: input.noCache,
    };
    if (!spec.migration || !runsMigrationImage(component, input.config)) return app;
    const migration: ImageBuildPlan = { ...app, name: `${component}${spec.migration.tagSuffix}`, target: spec.migration.target, tagSuffix: spec.migration.tagSuffix, maxSizeBytes: spec.migration.maxSizeBytes };
    return { ...app, migration };
  };
  return { backend: plan('backend'), frontend: plan('frontend') };
}
