/**
 * The shapes of app the project's Dockerfiles build, stated once as data: which dependency
 * manifests a backend or frontend may have, what installs from each, and the ASGI app the
 * backend image serves. The contract's own shape (requirements.txt, `uvicorn main:app`,
 * package-lock.json with `npm ci`) is the default of each; the others are detected from the
 * app's files (lib/app-checks/shape/) or named in the settings, never a Dockerfile of their own.
 */

/** How a Python backend declares its dependencies: the file the image installs from. */
export type PythonManifest = 'requirements.txt' | 'uv.lock' | 'poetry.lock' | 'pyproject.toml';

/** One Python manifest shape: the files the build copies before installing, and how it installs. */
export interface PythonManifestShape {
  readonly manifest: PythonManifest;
  /** Files that must be in the source directory for this shape. */
  readonly requiredFiles: readonly string[];
  /** What the image runs to install (for messages; the Dockerfile's `case` runs it). */
  readonly install: string;
  /** The tool it installs first from PyPI, pinned (build argument `<NAME>_VERSION`). @default - none (pip) */
  readonly tool?: { readonly name: string; readonly buildArg: string; readonly version: string };
}

/** Every Python shape, in detection order when a directory has several (each is still reported as ambiguous). */
export const PYTHON_MANIFESTS: readonly PythonManifestShape[] = [
  { manifest: 'requirements.txt', requiredFiles: ['requirements.txt'], install: 'pip install -r requirements.txt' },
  {
    manifest: 'uv.lock',
    requiredFiles: ['pyproject.toml', 'uv.lock'],
    install: 'uv sync --frozen --no-dev --no-install-project',
    tool: { name: 'uv', buildArg: 'UV_VERSION', version: '0.13.9' },
  },
  {
    manifest: 'poetry.lock',
    requiredFiles: ['pyproject.toml', 'poetry.lock'],
    install: 'poetry install --only main --no-root',
    tool: { name: 'poetry', buildArg: 'POETRY_VERSION', version: '2.5.1' },
  },
  {
    manifest: 'pyproject.toml',
    requiredFiles: ['pyproject.toml'],
    install: 'uv pip install -r pyproject.toml (its [project] dependencies; the project itself is not built)',
    tool: { name: 'uv', buildArg: 'UV_VERSION', version: '0.13.9' },
  },
];

/** The contract's Python shape. */
export const DEFAULT_PYTHON_MANIFEST: PythonManifest = 'requirements.txt';

export const PYTHON_MANIFEST_NAMES: readonly PythonManifest[] = PYTHON_MANIFESTS.map((m) => m.manifest);

export function pythonManifestShape(manifest: PythonManifest): PythonManifestShape {
  return PYTHON_MANIFESTS.find((m) => m.manifest === manifest)!;
}

/** Python files the build copies beside the manifest when present (the interpreter pin). */
export const PYTHON_VERSION_FILE = '.python-version';

/** The ASGI app the contract's entrypoint serves (`uvicorn main:app`). */
export const DEFAULT_ASGI_APP = 'main:app';

/** `module.path:attribute`, as uvicorn takes it: dotted Python identifiers, a colon, an attribute path. */
const ASGI_APP = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isAsgiApp(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200 && ASGI_APP.test(value);
}

export const ASGI_APP_ALLOWED = 'a uvicorn app reference "<module>:<attribute>", such as "main:app", "app.main:app" or "src.main:app"';

/** The module file an ASGI reference imports, relative to the backend directory (`app.main:app` → `app/main.py`). */
export function asgiModuleFiles(asgiApp: string): { module: string; files: string[]; attribute: string } {
  const [module, attribute] = asgiApp.split(':');
  const base = module.split('.').join('/');
  return { module, attribute: attribute.split('.')[0], files: [`${base}.py`, `${base}/__init__.py`] };
}

/** A Node package manager the frontend image installs with. */
export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

/** One Node package manager: its lockfile and how the image installs it and with it. */
export interface PackageManagerShape {
  readonly name: PackageManagerName;
  readonly lockfile: string;
  /** What the image runs to install, for messages (the Dockerfile's `case` runs it). */
  readonly install: string;
}

export const PACKAGE_MANAGERS: readonly PackageManagerShape[] = [
  { name: 'npm', lockfile: 'package-lock.json', install: 'npm ci' },
  { name: 'pnpm', lockfile: 'pnpm-lock.yaml', install: 'pnpm install --frozen-lockfile' },
  { name: 'yarn', lockfile: 'yarn.lock', install: 'yarn install --immutable (Yarn 2+) or --frozen-lockfile (Yarn 1)' },
];

export const DEFAULT_PACKAGE_MANAGER: PackageManagerName = 'npm';
export const PACKAGE_MANAGER_NAMES: readonly PackageManagerName[] = PACKAGE_MANAGERS.map((p) => p.name);

export function packageManagerShape(name: PackageManagerName): PackageManagerShape {
  return PACKAGE_MANAGERS.find((p) => p.name === name)!;
}

/**
 * The versions installed when the app names none (package.json's `packageManager` field wins):
 * by the version its lockfile format implies, else the newest major tested here.
 */
export const PACKAGE_MANAGER_DEFAULT_VERSIONS: Readonly<Record<Exclude<PackageManagerName, 'npm'>, string>> = {
  pnpm: '10',
  yarn: '1',
};

/** Python minor versions an official `python:<X.Y>-slim` image exists for, oldest first. */
export const PYTHON_IMAGE_VERSIONS: readonly string[] = ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];

/** The official Python image of a minor version, in the contract's variant. */
export function pythonImageFor(version: string): string {
  return `python:${version}-slim`;
}
