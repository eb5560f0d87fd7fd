import * as path from 'path';
import { ComponentName, IMAGE_CONTRACTS } from './image-contract';

/**
 * What the build needs to know about one component's image. The CLI takes these from the
 * contract; tests pass their own (fixture Dockerfiles, tiny size limits) through the same code.
 * Build arguments are not here: they are the contract's, valued by ./build-args.ts.
 */
export interface ComponentBuildSpec {
  readonly component: ComponentName;
  /** Absolute path of the Dockerfile. */
  readonly dockerfile: string;
  /** Files, relative to the source directory, the Dockerfile cannot do without. */
  readonly requiredFiles: readonly string[];
  readonly maxSizeBytes: number;
  /** The `ARG` naming the base image, overridable with `--build-arg <name>=<image>`. */
  readonly baseImageArg: string;
  /**
   * A second image from the same Dockerfile and context: its `--target` and the suffix of its tag.
   * @default undefined (no migration image)
   */
  readonly migration?: { readonly target: string; readonly tagSuffix: string; readonly maxSizeBytes: number };
}

export type ComponentBuildSpecs = Readonly<Record<ComponentName, ComponentBuildSpec>>;

/** The specs `npm run images` builds from: the contract's Dockerfiles, limits and arguments. */
export function contractBuildSpecs(projectRoot: string): ComponentBuildSpecs {
  const spec = (component: ComponentName): ComponentBuildSpec => {
    const contract = IMAGE_CONTRACTS[component];
    return {
      component,
      dockerfile: path.join(projectRoot, contract.dockerfile),
      // Checked before building, so a wrong source directory names the missing file.
      requiredFiles: contract.dependencyManifests,
      maxSizeBytes: contract.maxSizeBytes,
      baseImageArg: contract.baseImageArg,
      migration: contract.migration && { target: contract.migration.target, tagSuffix: contract.migration.tagSuffix, maxSizeBytes: contract.migration.maxSizeBytes },
    };
  };
  return { backend: spec('backend'), frontend: spec('frontend') };
}
