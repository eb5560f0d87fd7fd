import * as fs from 'fs';
import * as path from 'path';
import { ComponentName, COMPONENTS, IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { runsMigrationImage } from '../model/settings/frontend-migration';
import { DEFAULT_ASGI_APP, DEFAULT_PACKAGE_MANAGER, DEFAULT_PYTHON_MANIFEST, pythonImageFor, pythonManifestShape } from '../model/contract/app-shapes';
import { TodoConfig } from '../model/settings/types';
import type { AppShape, FrontendShape, PythonAppShape } from '../app-checks/shape-detect';
import { buildArgField, buildArgsFor } from './build-args';
import { ImageBuildPlan } from './build-image';
import { ComponentBuildSpecs } from '../model/contract/component-specs';
import { BuildInputError } from './errors';
import { IMAGE_REFERENCE_ALLOWED, isImageReference } from '../util/image-reference';
import { quote } from '../util/quote';

export interface PlanInput {
  readonly config: TodoConfig;
  readonly specs: ComponentBuildSpecs;
  /** Source directory (build context) of each component. */
  readonly sourceDirs: Readonly<Record<ComponentName, string>>;
  /**
   * `--build-arg NAME=VALUE` of this run, over `images.<component>.buildArgs`: each goes to the
   * images whose Dockerfile declares the ARG (a base image argument, `PYTHON_IMAGE`, `NODE_IMAGE`...).
   * @default none
   */
  readonly baseImageOverrides?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  /**
   * What the sources are (lib/app-checks/shape): the manifest, package manager, ASGI app,
   * workspace and own Dockerfiles the build arguments and contexts follow.
   * @default undefined (the contract's shape: requirements.txt, main:app, npm in the source directory)
   */
  readonly shape?: AppShape;
}

/** The ARG names a Dockerfile declares (before or after its first FROM). */
export function declaredArgs(dockerfileText: string): Set<string> {
  return new Set([...dockerfileText.matchAll(/^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)/gim)].map((m) => m[1]));
}

function readDockerfile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // prepareBuild names a missing Dockerfile with the image it belongs to
  }
}

/** Where a build argument came from, for messages. */
type ArgSource = { readonly name: string; readonly value: string; readonly from: string };

/**
 * The arguments the user set (settings, then this run's flags) for one image, checked against
 * what its Dockerfile declares: the configuration's own arguments cannot be replaced, an
 * argument no Dockerfile declares is refused, and a base image must be an image reference.
 */
function userArgs(component: ComponentName, input: PlanInput, declared: Set<string>, dockerfile: string, anyDeclares: (name: string) => boolean): Record<string, string> {
  const fromConfig = new Set(COMPONENTS.flatMap((c) => Object.keys(buildArgsFor(c, input.config))));
  const settings: ArgSource[] = Object.entries(input.config.images[component].buildArgs ?? {}).map(([name, value]) => ({ name, value, from: `images.${component}.buildArgs.${name}` }));
  const flags: ArgSource[] = Object.entries(input.baseImageOverrides ?? {}).map(([name, value]) => ({ name, value, from: `--build-arg ${name}` }));
  const out: Record<string, string> = {};
  for (const arg of [...settings, ...flags]) {
    if (fromConfig.has(arg.name)) {
      throw new BuildInputError(
        `${arg.from} cannot be set: it comes from config.${buildArgField(arg.name)} ` +
          `(profile "${input.config.profile}"), so the image and the manifests agree. Set that field instead.`,
      );
    }
    if (!declared.has(arg.name)) {
      // A flag applies to whichever image declares it; one that no image declares is a typo.
      if (arg.from.startsWith('--') && anyDeclares(arg.name)) continue;
      throw new BuildInputError(`${arg.from}: unknown; ${displayName(dockerfile)} declares no ARG ${arg.name}; allowed: the ARGs it declares (${[...declared].sort().join(', ') || 'none'})`);
    }
    if (!arg.value) throw new BuildInputError(`${arg.from}= has an empty value`);
    // Checked before the engine is called: docker-modem throws on a space or a non-ASCII
    // character in the URL, and the engine answers a bad name with an HTTP 400.
    if (/_IMAGE$/.test(arg.name) && !isImageReference(arg.value)) throw new BuildInputError(`${arg.from}=${quote(arg.value)}: not an image reference; allowed: ${IMAGE_REFERENCE_ALLOWED}`);
    out[arg.name] = arg.value;
  }
  return out;
}

const displayName = (file: string) => path.relative(process.cwd(), file) || file;

/** The build arguments the backend's sources imply for the project's Dockerfile (only those that differ from its defaults). */
function pythonShapeArgs(shape: PythonAppShape | undefined, baseImageArg: string): Record<string, string> {
  if (!shape) return {};
  const args: Record<string, string> = {};
  if (shape.manifest && shape.manifest !== DEFAULT_PYTHON_MANIFEST) args.PYTHON_MANIFEST = shape.manifest;
  if (shape.asgi.asgiApp && shape.asgi.asgiApp !== DEFAULT_ASGI_APP) args.ASGI_APP = shape.asgi.asgiApp;
  if (shape.pinnedMinor) args[baseImageArg] = pythonImageFor(shape.pinnedMinor);
  return args;
}

/** The build arguments the frontend's sources imply: package manager and version, the app's path in a workspace. */
function nodeShapeArgs(shape: FrontendShape | undefined): Record<string, string> {
  const pm = shape?.packageManager;
  if (!shape) return {};
  return {
    ...(pm && pm.name !== DEFAULT_PACKAGE_MANAGER ? { PACKAGE_MANAGER: pm.name } : {}),
    ...(pm?.version ? { PACKAGE_MANAGER_VERSION: pm.version } : {}),
    ...(shape.appPath !== '.' ? { APP_DIR: shape.appPath } : {}),
  };
}

/** One component's build, and the migration image built from the same inputs when the configuration runs it. */
export type ComponentImagePlan = ImageBuildPlan & {
  /**
   * Built after the app image, `--target`ed: from the same prepared context (shared layer cache),
   * or, when `separate`, prepared on its own (an own Dockerfile's app image, the project's migrate target).
   * @default undefined (no migration image)
   */
  readonly migration?: ImageBuildPlan & {
    readonly separate?: boolean;
    /** The Better Auth config the sources were found to have (detected, when the settings name none): the lock records it for synth. */
    readonly authConfigPath?: string;
  };
};

/**
 * The build of each component: its Dockerfile (the project's, or the app's own the settings
 * name), its context (the source directory, or a workspace's root), and its build arguments: the
 * contract's from the configuration (./build-args.ts, which synth also uses to check the lock),
 * those the sources imply (manifest, ASGI app, Python pin, package manager, workspace path), then
 * `images.<component>.buildArgs`, then this run's `--build-arg`s.
 */
export function planImageBuilds(input: PlanInput): Record<ComponentName, ComponentImagePlan> {
  const dockerfileOf = (c: ComponentName) => (c === 'backend' ? input.shape?.backend.ownDockerfile : input.shape?.frontend.ownDockerfile) ?? input.specs[c].dockerfile;
  const declaredBy = Object.fromEntries(COMPONENTS.map((c) => [c, declaredArgs(readDockerfile(dockerfileOf(c)))])) as Record<ComponentName, Set<string>>;
  const anyDeclares = (name: string) => COMPONENTS.some((c) => declaredBy[c].has(name));
  for (const name of Object.keys(input.baseImageOverrides ?? {})) {
    if (!anyDeclares(name) && !COMPONENTS.some((c) => Object.keys(buildArgsFor(c, input.config)).includes(name))) {
      const derived = new Set(COMPONENTS.flatMap((c) => Object.keys(buildArgsFor(c, input.config))));
      const known = [...new Set(COMPONENTS.flatMap((c) => [...declaredBy[c]]))].filter((n) => !derived.has(n)).sort();
      throw new BuildInputError(`--build-arg ${name}: unknown; no image's Dockerfile declares ARG ${name}; allowed: ${known.join(', ')}`);
    }
  }

  const plan = (component: ComponentName): ComponentImagePlan => {
    const spec = input.specs[component];
    const own = component === 'backend' ? input.shape?.backend.ownDockerfile : input.shape?.frontend.ownDockerfile;
    const dockerfile = dockerfileOf(component);
    const frontendShape = input.shape?.frontend;
    // An own Dockerfile is built from the directory the settings name; the project's frontend
    // Dockerfile from the workspace root when the app is a member of one.
    const contextDir = component === 'frontend' && !own && frontendShape ? frontendShape.contextDir : input.sourceDirs[component];
    const shapeArgs = component === 'backend' ? pythonShapeArgs(input.shape?.backend, spec.baseImageArg) : nodeShapeArgs(frontendShape);
    const buildArgs = {
      ...buildArgsFor(component, input.config),
      ...(own ? {} : shapeArgs),
      ...userArgs(component, input, declaredBy[component], dockerfile, anyDeclares),
    };
    const requiredFiles = own ? [] : requiredFilesFor(component, input.shape) ?? spec.requiredFiles;
    const app: ImageBuildPlan = {
      name: component,
      contextDir,
      dockerfile,
      requiredFiles,
      buildArgs,
      repository: input.config.images[component].repository,
      maxSizeBytes: spec.maxSizeBytes,
      noCache: input.noCache,
    };
    if (!spec.migration || !runsMigrationImage(component, input.config)) return app;
    const migrationBase = { name: `${component}${spec.migration.tagSuffix}`, target: spec.migration.target, tagSuffix: spec.migration.tagSuffix, maxSizeBytes: spec.migration.maxSizeBytes };
    const authConfigPath = frontendShape?.authConfigPath;
    if (!own) return { ...app, migration: { ...app, ...migrationBase, authConfigPath } };
    // The app's own Dockerfile has no migrate target: the project's builds it from the same sources.
    const projectArgs = {
      ...buildArgsFor(component, input.config), ...shapeArgs,
      ...userArgs(component, { ...input, baseImageOverrides: {} }, new Set([...declaredArgs(readDockerfile(spec.dockerfile)), ...declaredBy[component]]), spec.dockerfile, () => true),
    };
    const projectDeclared = declaredArgs(readDockerfile(spec.dockerfile));
    const migrationArgs = Object.fromEntries(Object.entries({ ...projectArgs, ...input.baseImageOverrides }).filter(([name]) => projectDeclared.has(name) || name in buildArgsFor(component, input.config)));
    return {
      ...app,
      migration: {
        ...migrationBase, separate: true, contextDir: frontendShape?.contextDir ?? contextDir, dockerfile: spec.dockerfile,
        requiredFiles: requiredFilesFor(component, input.shape) ?? spec.requiredFiles, buildArgs: migrationArgs,
        repository: app.repository, noCache: input.noCache, authConfigPath,
      },
    };
  };
  return { backend: plan('backend'), frontend: plan('frontend') };
}

/**
 * Each additional service's build: its own directory, the project's backend Dockerfile (or the
 * service's own), the build arguments its sources imply and `services.<name>.image.buildArgs`,
 * held to the backend's size target; its repository `<images.backend.repository>-<name>` unless set.
 */
export function planServiceBuilds(input: PlanInput, serviceDirs: Readonly<Record<string, string>>): Record<string, ImageBuildPlan> {
  const spec = input.specs.backend;
  return Object.fromEntries(Object.entries(serviceDirs).map(([name, dir]) => {
    const settings = input.config.services?.[name];
    const shape = input.shape?.services[name];
    const dockerfile = shape?.ownDockerfile ?? spec.dockerfile;
    const declared = declaredArgs(readDockerfile(dockerfile));
    const args: Record<string, string> = { ...(shape?.ownDockerfile ? {} : pythonShapeArgs(shape, spec.baseImageArg)) };
    for (const [arg, value] of Object.entries({ ...input.config.images.backend.buildArgs, ...settings?.image?.buildArgs, ...input.baseImageOverrides })) {
      if (declared.has(arg)) args[arg] = value;
      else if (settings?.image?.buildArgs?.[arg] !== undefined) {
        throw new BuildInputError(`services.${name}.image.buildArgs.${arg}: unknown; ${displayName(dockerfile)} declares no ARG ${arg}; allowed: the ARGs it declares (${[...declared].sort().join(', ')})`);
      }
    }
    const plan: ImageBuildPlan = {
      name,
      contextDir: dir,
      dockerfile,
      requiredFiles: shape?.manifest && !shape.ownDockerfile ? [...pythonManifestShape(shape.manifest).requiredFiles] : [],
      buildArgs: args,
      repository: serviceRepository(input.config, name),
      maxSizeBytes: spec.maxSizeBytes,
      noCache: input.noCache,
    };
    return [name, plan];
  }));
}

/** A service's image repository: `services.<name>.image.repository`, else the backend's plus `-<name>`. */
export function serviceRepository(config: TodoConfig, name: string): string {
  return config.services?.[name]?.image?.repository ?? `${config.images.backend.repository}-${name}`;
}

/** The files the shape's install needs in the context (undefined: the spec's, without a shape). */
function requiredFilesFor(component: ComponentName, shape: AppShape | undefined): string[] | undefined {
  if (!shape) return undefined;
  if (component === 'backend') return shape.backend.manifest ? [...pythonManifestShape(shape.backend.manifest).requiredFiles] : undefined;
  const f = shape.frontend;
  if (!f.packageManager) return undefined;
  return [path.posix.join(f.appPath, 'package.json'), f.packageManager.lockfile].map((p) => p.replace(/^\.\//, ''));
}

/** The contract's Dockerfile arguments, for help texts. */
export const BASE_IMAGE_ARGS: readonly string[] = COMPONENTS.map((c) => IMAGE_CONTRACTS[c].baseImageArg);
