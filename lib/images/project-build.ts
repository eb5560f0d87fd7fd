/**
 * The one path from the settings to the image builds, for `npm run images` and `npm run deploy`
 * alike: where the sources are (flags, env, settings, default), what they are (detected), the
 * plans (Dockerfile, context, build arguments of settings and flags), and what changed against
 * the lock. The commands only print.
 */
import { ComponentName, COMPONENTS } from '../model/contract/image-contract';
import { TodoConfig } from '../model/settings/types';
import { AppSources } from '../app-checks/sources';
import { AppShape, detectAppShape, resolveServiceDirs, resolveSourceDirs } from '../app-checks/shape-detect';
import { contractBuildSpecs } from '../model/contract/component-specs';
import { ImagesLock, readImagesLock } from './lock';
import { ComponentImagePlan, planImageBuilds, planServiceBuilds } from './plan';
import { ImageBuildPlan } from './build-image';
import { projectImagePlans } from './phase-v-images';
import { shownValue } from '../util/shown-value';

/** Where the sources are, and what they are. */
export interface ProjectSources {
  readonly sourceDirs: Record<ComponentName, string>;
  readonly serviceDirs: Record<string, string>;
}

export interface ProjectPlanInput {
  readonly config: TodoConfig;
  /** The project root: profiles, dockerfiles, and what settings' relative paths start from. */
  readonly root: string;
  /** `--backend-dir` / `--frontend-dir`, as typed (relative to where npm runs). @default none */
  readonly sourceDirFlags?: { readonly backend?: string; readonly frontend?: string };
  /** `--build-arg NAME=VALUE` of this run, over the settings' buildArgs. @default none */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** @default process.env (TODO_BACKEND_DIR, TODO_FRONTEND_DIR, INIT_CWD) */
  readonly env?: NodeJS.ProcessEnv;
  readonly noCache?: boolean;
}

export interface ProjectPlan extends ProjectSources {
  readonly plans: Record<ComponentName, ComponentImagePlan>;
  /** The additional services' builds (settings `services`). */
  readonly services: Record<string, ImageBuildPlan>;
  readonly shape: AppShape;
}

/** The sources, their shape and the build of each image, from the settings and this run's flags. */
export function planProjectImages(input: ProjectPlanInput): ProjectPlan {
  const env = input.env ?? process.env;
  const sourceDirs = resolveSourceDirs(input.config, input.root, input.sourceDirFlags, env);
  const serviceDirs = resolveServiceDirs(input.config, input.root);
  const shape = detectAppShape(input.config, new AppSources(sourceDirs.frontend, sourceDirs.backend), serviceDirs);
  const planInput = { config: input.config, specs: contractBuildSpecs(input.root), sourceDirs, baseImageOverrides: input.buildArgs ?? {}, noCache: input.noCache, shape };
  const plans = planImageBuilds(planInput);
  const services = planServiceBuilds(planInput, serviceDirs);
  // Phase V's broker and consumers: built and delivered like a service, never app-checked.
  return { sourceDirs, serviceDirs, shape, plans, services: { ...services, ...projectImagePlans(input.config, input.root) } };
}

/** The lock as it is, for comparing; undefined when there is none or it cannot be read (the build reports that). */
export function previousLock(lockFile: string): ImagesLock | undefined {
  try {
    return readImagesLock(lockFile, { required: false });
  } catch {
    return undefined;
  }
}

/**
 * What a rebuild changes against the lock, a line per build argument (base image, manifest,
 * ASGI app, package manager...), each saying where the new value comes from: a rebuild with
 * settings other than those the lock records says so instead of rebuilding in silence.
 * Values whose name says they are credentials are not shown, nor credentials inside a URL.
 */
export function buildArgChanges(
  lock: ImagesLock | undefined,
  plans: Readonly<Record<ComponentName, ComponentImagePlan>>,
  config: TodoConfig,
  flags: Readonly<Record<string, string>> = {},
  services: Readonly<Record<string, ImageBuildPlan>> = {},
): string[] {
  if (!lock) return [];
  const images = [
    ...COMPONENTS.map((c) => ({ name: c, field: `images.${c}.buildArgs`, settings: config.images[c].buildArgs, before: lock.images[c]?.buildArgs, after: plans[c].buildArgs })),
    // A service the lock does not hold yet is new, not changed.
    ...Object.entries(services).filter(([name]) => lock.services?.[name]).map(([name, plan]) => ({
      name, field: `services.${name}.image.buildArgs`, settings: { ...config.images.backend.buildArgs, ...config.services?.[name]?.image?.buildArgs }, before: lock.services![name].buildArgs, after: plan.buildArgs,
    })),
  ];
  return images.flatMap(({ name: image, field, settings, before = {}, after }) => {
    const source = (name: string) => (name in flags ? `--build-arg ${name}` : settings?.[name] !== undefined ? `${field}.${name}` : 'detected from the sources');
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().filter((name) => before[name] !== after[name]).map((name) =>
      after[name] === undefined
        ? `${image}: ${name} was ${shownValue(name, before[name])} in the lock, now the Dockerfile's default (no setting or --build-arg names it; set ${field}.${name} to keep it)`
        : before[name] === undefined
          ? `${image}: ${name} is now ${shownValue(name, after[name])} (${source(name)}); the lock's image was built without it`
          : `${image}: ${name} was ${shownValue(name, before[name])} in the lock, now ${shownValue(name, after[name])} (${source(name)})`,
    );
  });
}
