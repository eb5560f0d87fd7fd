/**
 * The images' contract, stated once as typed data.
 *
 * Source of truth: ../shared/specs/dockerfile-contract.md (feature 004-k8s-local-deploy,
 * 2026-02-14). Constructs, the Dockerfiles' checks and the image build read these values
 * from here; no other file restates them.
 */

import { DEFAULT_ASGI_APP, DEFAULT_PACKAGE_MANAGER, DEFAULT_PYTHON_MANIFEST, pythonManifestShape } from './app-shapes';

/** Version of the contract this code implements; recorded on every built image. */
export const CONTRACT_VERSION = '004-k8s-local-deploy@2026-02-14';

/** The components that ship an image of their own. */
export type ComponentName = 'backend' | 'frontend';

/** One stage of a multi-stage Dockerfile. */
export interface BuildStage {
  /** Stage name (`FROM ... AS <name>`). */
  readonly name: string;
  /** Base image the spec names for this stage. */
  readonly baseImage: string;
  /** Why the stage exists. */
  readonly purpose: string;
}

/** A runtime environment variable the application reads. */
export interface EnvVarSpec {
  readonly name: string;
  /** A required variable must be wired (value or valueFrom) in every container running the image. */
  readonly required: boolean;
  readonly description: string;
}

/** A `docker build --build-arg` the Dockerfile declares. */
export interface BuildArgSpec {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

/** A build argument that fits the Dockerfile to the app's shape; its default is the contract's shape. */
export interface ShapeArgSpec {
  readonly name: string;
  /** The Dockerfile's default (`''`: none, the Dockerfile decides). */
  readonly default: string;
  readonly description: string;
}

/** The numeric user an image runs as (checkable by the kubelet's `runAsNonRoot`). */
export interface ImageUser {
  readonly uid: number;
  readonly gid: number;
}

/** Everything a Dockerfile, a manifest and the image build must agree on for one image. */
export interface ImageContract {
  readonly component: ComponentName;
  /** The Dockerfile that implements this contract, relative to the project root. */
  readonly dockerfile: string;
  readonly stages: readonly BuildStage[];
  /**
   * Project decision beyond the spec: the `ARG` every stage's `FROM` reads, defaulting to the
   * spec's base image, so mirrors and air-gapped registries can substitute their copy.
   */
  readonly baseImageArg: string;
  /**
   * Dependency manifests the first stage copies alone before installing (the spec's build
   * steps), so a source change does not reinstall dependencies. The build context must hold them.
   */
  readonly dependencyManifests: readonly string[];
  /**
   * Project decision beyond the spec (issue 23): the other manifests the install step may read
   * instead, copied with the contract's when the app has them (lib/model/contract/app-shapes.ts
   * says which shape installs from which).
   * @default none
   */
  readonly otherManifests?: readonly string[];
  /**
   * Project decision beyond the spec (issue 23): the build arguments that fit the Dockerfile to the
   * app's own shape, each defaulting to the contract's (`npm run images` sets them from what it
   * detects; `npm run check-app` shows them).
   */
  readonly shapeArgs: readonly ShapeArgSpec[];
  /** Working directory of the final stage. */
  readonly workdir: string;
  /** The single port the process listens on and the image exposes. */
  readonly port: number;
  /** Entrypoint of the final stage, exec form. */
  readonly entrypoint: readonly string[];
  /**
   * Project decision beyond the spec (issue 23): the variable the final stage sets from a shape
   * argument and the entrypoint reads (the backend's `UVICORN_APP` from `ASGI_APP`, default
   * `main:app`: the spec's `uvicorn main:app`). Not pod env: the pod keeps the image's value.
   * @default undefined (none)
   */
  readonly entrypointEnv?: { readonly name: string; readonly arg: string };
  /** `ENV` the final stage sets because the process needs it (beyond the runtime env below). */
  readonly imageEnv: Readonly<Record<string, string>>;
  readonly runtimeEnv: readonly EnvVarSpec[];
  readonly buildArgs: readonly BuildArgSpec[];
  /** Size target: the built image must be smaller than this many bytes (the spec's MB, 10^6 bytes). */
  readonly maxSizeBytes: number;
  /**
   * Project decision beyond the spec: the numeric non-root user of the final stage, so the
   * kubelet can enforce `runAsNonRoot` and the pod can state the same uid.
   */
  readonly user: ImageUser;
  /**
   * Project decision beyond the spec: paths the process writes to at run time. Pods run with a
   * read-only root filesystem, so each of these gets an emptyDir.
   */
  readonly writablePaths: readonly string[];
  /**
   * Project decision beyond the spec: a second image built from a stage of the same Dockerfile
   * that migrates the database before the app starts (frontend: Better Auth's tables).
   * @default undefined (no migration image)
   */
  readonly migration?: MigrationImageContract;
}

/**
 * An image built from the same Dockerfile and build context with `--target`, pushed to the
 * same repository under the app image's tag plus a suffix. The pod runs it as an init container
 * with the app's security context (the user below, a read-only root, `writablePaths` mounted).
 */
export interface MigrationImageContract extends Pick<ImageContract, 'imageEnv' | 'runtimeEnv' | 'user' | 'writablePaths' | 'maxSizeBytes'> {
  /** The Dockerfile stage built (`--target`); it sits right before the final stage and starts FROM the base image. */
  readonly target: string;
  /**
   * The earlier stage whose production install (no devDependencies), `/migrate/node_modules`, it
   * copies: the migration CLI and what the auth config imports, without the build's packages.
   */
  readonly nodeModulesFrom: string;
  /** Appended to the app image's tag: `<tag>-migrate`, in the app image's repository. */
  readonly tagSuffix: string;
  /** Exec-form entrypoint; it takes no arguments and exits non-zero when nothing was migrated. */
  readonly entrypoint: readonly string[];
  /** The entry script the stage writes (ours, not the app's). */
  readonly entryScript: string;
  /** The CLI command the entry script runs, with `$BETTER_AUTH_CONFIG` resolved against the workdir. */
  readonly command: readonly string[];
  /** Name and key of the PostgreSQL advisory lock (`pg_advisory_lock(hashtext(key))`) held while it runs. */
  readonly advisoryLockKey: string;
}

const MB = 1_000_000;

export const BACKEND_CONTRACT: ImageContract = {
  component: 'backend',
  dockerfile: 'dockerfiles/backend.Dockerfile',
  stages: [
    { name: 'builder', baseImage: 'python:3.12-slim', purpose: 'Install dependencies' },
    { name: 'runtime', baseImage: 'python:3.12-slim', purpose: 'Run application with minimal size' },
  ],
  baseImageArg: 'PYTHON_IMAGE',
  dependencyManifests: ['requirements.txt'],
  otherManifests: ['pyproject.toml', 'uv.lock', 'poetry.lock', '.python-version'],
  shapeArgs: [
    { name: 'PYTHON_MANIFEST', default: DEFAULT_PYTHON_MANIFEST, description: 'the file the dependencies install from (app-shapes.ts PYTHON_MANIFESTS)' },
    { name: 'UV_VERSION', default: pythonManifestShape('uv.lock').tool!.version, description: 'uv from PyPI, for uv.lock and PEP 621 pyproject.toml' },
    { name: 'POETRY_VERSION', default: pythonManifestShape('poetry.lock').tool!.version, description: 'Poetry from PyPI, for poetry.lock' },
    { name: 'ASGI_APP', default: DEFAULT_ASGI_APP, description: 'what uvicorn serves (UVICORN_APP)' },
  ],
  workdir: '/app',
  port: 8000,
  // `uvicorn main:app --host 0.0.0.0 --port 8000` (the spec's), with the app from UVICORN_APP.
  entrypoint: ['uvicorn', '--host', '0.0.0.0', '--port', '8000'],
  entrypointEnv: { name: 'UVICORN_APP', arg: 'ASGI_APP' },
  imageEnv: {},
  runtimeEnv: [
    { name: 'DATABASE_URL', required: true, description: 'PostgreSQL connection string' },
    { name: 'BETTER_AUTH_SECRET', required: true, description: 'Shared auth secret' },
    { name: 'OPENAI_API_KEY', required: true, description: 'OpenAI API key' },
    { name: 'BETTER_AUTH_URL', required: true, description: 'Frontend URL for JWKS' },
    { name: 'FRONTEND_URL', required: false, description: 'Frontend URL for CORS' },
  ],
  buildArgs: [],
  maxSizeBytes: 300 * MB,
  user: { uid: 10001, gid: 10001 },
  writablePaths: ['/tmp'],
};

/** The frontend's Better Auth migration image (`npm run images` builds it; the frontend pod's init container runs it). */
export const BETTER_AUTH_MIGRATION_CONTRACT: MigrationImageContract = {
  target: 'migrate',
  nodeModulesFrom: 'deps',
  tagSuffix: '-migrate',
  entrypoint: ['node', '/usr/local/lib/todo-k8s/better-auth-migrate.cjs'],
  entryScript: '/usr/local/lib/todo-k8s/better-auth-migrate.cjs',
  command: ['better-auth', 'migrate', '--config', '$BETTER_AUTH_CONFIG', '--yes'],
  advisoryLockKey: 'todo-k8s:better-auth-migrate',
  imageEnv: { HOME: '/tmp', BETTER_AUTH_TELEMETRY: '0' },
  runtimeEnv: [
    { name: 'DATABASE_URL', required: true, description: 'PostgreSQL connection string (postgresql://, libpq form)' },
    { name: 'BETTER_AUTH_SECRET', required: true, description: 'Shared auth secret (the auth config reads it)' },
    { name: 'BETTER_AUTH_URL', required: true, description: 'Auth base URL (the auth config reads it)' },
    { name: 'BETTER_AUTH_CONFIG', required: true, description: 'Auth config file, relative to /app (e.g. src/lib/auth-server.ts)' },
  ],
  user: { uid: 10001, gid: 10001 },
  writablePaths: ['/tmp'],
  // Project decision (the spec has no migration image): the base image, the app's sources and the
  // production install; no Next.js build output or build-only packages.
  maxSizeBytes: 350 * MB,
};

export const FRONTEND_CONTRACT: ImageContract = {
  component: 'frontend',
  dockerfile: 'dockerfiles/frontend.Dockerfile',
  stages: [
    // Project decision beyond the spec (issue 23): a workspace's package.json files and lockfile
    // at their paths, so the install layer stays cached for any package manager and layout.
    { name: 'manifests', baseImage: 'node:22-alpine', purpose: 'Extract the dependency manifests at their paths' },
    { name: 'deps', baseImage: 'node:22-alpine', purpose: 'Install npm dependencies' },
    { name: 'builder', baseImage: 'node:22-alpine', purpose: 'Build Next.js application' },
    { name: 'runner', baseImage: 'node:22-alpine', purpose: 'Run standalone Next.js server' },
  ],
  baseImageArg: 'NODE_IMAGE',
  dependencyManifests: ['package.json', 'package-lock.json'],
  otherManifests: ['npm-shrinkwrap.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'yarn.lock', '.yarnrc.yml', '.yarnrc', '.npmrc'],
  shapeArgs: [
    { name: 'PACKAGE_MANAGER', default: DEFAULT_PACKAGE_MANAGER, description: 'npm, pnpm or yarn, from the lockfile' },
    { name: 'PACKAGE_MANAGER_VERSION', default: '', description: 'pnpm or yarn version (packageManager, or the lockfile format)' },
    { name: 'APP_DIR', default: '.', description: 'the Next.js app within the build context (a workspace member)' },
  ],
  workdir: '/app',
  port: 3000,
  entrypoint: ['node', 'server.js'],
  imageEnv: { HOSTNAME: '0.0.0.0' },
  runtimeEnv: [
    { name: 'BETTER_AUTH_URL', required: true, description: 'Auth base URL (external)' },
    { name: 'BETTER_AUTH_SECRET', required: true, description: 'Shared auth secret' },
    { name: 'DATABASE_URL', required: true, description: 'PostgreSQL connection (for auth)' },
  ],
  buildArgs: [
    { name: 'NEXT_PUBLIC_API_URL', required: true, description: 'Backend URL baked into client JS' },
  ],
  maxSizeBytes: 500 * MB,
  user: { uid: 10001, gid: 10001 },
  // Next.js writes its image-optimisation and fetch caches under .next/cache.
  writablePaths: ['/tmp', '/app/.next/cache'],
  migration: BETTER_AUTH_MIGRATION_CONTRACT,
};

/** Both image contracts, by component. */
export const IMAGE_CONTRACTS: Readonly<Record<ComponentName, ImageContract>> = {
  backend: BACKEND_CONTRACT,
  frontend: FRONTEND_CONTRACT,
};

/** Every component with an image, in build order. */
export const COMPONENTS: readonly ComponentName[] = ['backend', 'frontend'];

/**
 * The Dockerfile's stage names in order: the spec's stages, with the migration target (if any)
 * right before the final stage, so a build without `--target` still ends at the app image.
 */
export function dockerfileStageNames(contract: ImageContract): string[] {
  const names = contract.stages.map((s) => s.name);
  if (contract.migration) names.splice(names.length - 1, 0, contract.migration.target);
  return names;
}

/** The names of the contract's required runtime variables. */
export function requiredEnvNames(contract: Pick<ImageContract, 'runtimeEnv'>): string[] {
  return contract.runtimeEnv.filter((v) => v.required).map((v) => v.name);
}
