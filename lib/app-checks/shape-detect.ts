/**
 * What the app is, read from its sources the way the image build will use them: the backend's
 * manifest, Python pin and ASGI app; the frontend's package manager, workspace and Better Auth
 * config; the own Dockerfiles the settings name; the additional services. Detection decides what
 * the files decide; the settings name the rest; `npm run check-app` prints what was found.
 */
import * as fs from 'fs';
import * as path from 'path';
import { frontendMigration, DEFAULT_AUTH_CONFIG_PATH } from '../model/settings/frontend-migration';
import { BACKEND_CONTRACT, ComponentName } from '../model/contract/image-contract';
import { pythonManifestShape, pythonImageFor } from '../model/contract/app-shapes';
import { TodoConfig } from '../model/settings/types';
import { AppSources, at, readSourceFile } from './sources';
import { AsgiAppResult, detectAsgiApp } from './shape-asgi-app';
import { dependencySection, NodeProject, readNodeProject } from './shape-node-project';
import { ShapeProblem } from './shape-problems';
import { PythonProject, readPythonProject } from './shape-python-project';

/** The contract's Python minor version (`python:3.12-slim` → `3.12`). */
export const CONTRACT_PYTHON_MINOR = /python:(\d+\.\d+)/.exec(BACKEND_CONTRACT.stages[0].baseImage)?.[1] ?? '3.12';

/** A Python app (the backend, or a service): its project and ASGI app, and its own Dockerfile if it has one. */
export interface PythonAppShape extends PythonProject {
  /** Settings prefix: `backend` or `services.<name>`. */
  readonly field: string;
  readonly asgi: AsgiAppResult;
  /** The app's own Dockerfile (absolute), when the settings name one. */
  readonly ownDockerfile?: string;
}

/** The frontend: its project, Better Auth config and CLI, and its own Dockerfile if it has one. */
export interface FrontendShape extends NodeProject {
  readonly ownDockerfile?: string;
  /** The Better Auth config the migration runs, relative to the app's directory, when it runs. */
  readonly authConfigPath?: string;
  readonly authConfigFrom?: string;
  /** Where package.json lists @better-auth/cli. */
  readonly betterAuthCli?: 'dependencies' | 'devDependencies';
}

export interface AppShape {
  readonly backend: PythonAppShape;
  readonly frontend: FrontendShape;
  readonly services: Readonly<Record<string, PythonAppShape>>;
  /** Everything detection could not decide, or the settings got wrong. */
  readonly problems: readonly ShapeProblem[];
}

/** Where each component's sources are: the flag, else env TODO_<C>_DIR (both from where npm runs), else the setting, else ../<component> (both from the project root). */
export function resolveSourceDirs(
  config: TodoConfig,
  root: string,
  flags: { readonly backend?: string; readonly frontend?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): Record<ComponentName, string> {
  const cwd = env.INIT_CWD || process.cwd();
  const dir = (c: ComponentName) => {
    const given = flags[c] || env[c === 'backend' ? 'TODO_BACKEND_DIR' : 'TODO_FRONTEND_DIR'];
    if (given) return path.resolve(cwd, given);
    return path.resolve(root, config[c]?.sourceDir ?? path.join('..', c));
  };
  return { backend: dir('backend'), frontend: dir('frontend') };
}

/** Each service's directory, from the project root. */
export function resolveServiceDirs(config: TodoConfig, root: string): Record<string, string> {
  return Object.fromEntries(Object.entries(config.services ?? {}).map(([name, s]) => [name, path.resolve(root, s.sourceDir)]));
}

const isFile = (file: string) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function ownDockerfile(dir: string, field: string, setting: string | undefined, problems: ShapeProblem[]): string | undefined {
  if (setting === undefined) return undefined;
  const file = path.resolve(dir, setting);
  if (!isFile(file)) problems.push({ field: `${field}.dockerfile`, file, problem: `${field}.dockerfile names ${file}, which is not a file`, fix: `set ${field}.dockerfile to the app's Dockerfile, relative to ${dir}, or leave it out to build with the project's` });
  return file;
}

function pythonApp(dir: string, field: string, settings: TodoConfig['backend'] | NonNullable<TodoConfig['services']>[string] | undefined, optionalApp: boolean): PythonAppShape {
  const read = (d: string, rel: string) => readSourceFile(d, rel);
  const project = readPythonProject(dir, read, field, settings?.pythonManifest, CONTRACT_PYTHON_MINOR);
  const problems = [...project.problems];
  const dockerfile = ownDockerfile(dir, field, settings?.dockerfile, problems);
  let asgi = detectAsgiApp(dir, field, settings?.asgiApp, (rel) => read(dir, rel));
  // A service may be a worker: no ASGI app is not a problem there.
  if (optionalApp && asgi.from === 'none') asgi = { from: 'none (a worker: give it a command)', problems: [] };
  // An own Dockerfile starts the server its own way: its checks read the command instead.
  if (dockerfile === undefined) problems.push(...asgi.problems);
  return { ...project, field, asgi, ownDockerfile: dockerfile, problems };
}

/** The Better Auth config: the setting; else the contract's default path when it exists; else the one betterAuth( call. */
function authConfig(config: TodoConfig, sources: AppSources, problems: ShapeProblem[]): { path?: string; from?: string } {
  const migration = frontendMigration(config);
  if (migration.kind !== 'better-auth' || !sources.frontendDepends('better-auth')) return {};
  const setting = (config.frontend as { migration?: { authConfigPath?: string } } | undefined)?.migration?.authConfigPath;
  if (setting !== undefined) return { path: setting, from: 'setting' };
  if (isFile(path.join(sources.frontendDir, DEFAULT_AUTH_CONFIG_PATH))) return { path: DEFAULT_AUTH_CONFIG_PATH, from: 'the default path' };
  const calls = sources.findInFrontend(/\bbetterAuth\s*\(/).filter((m) => !/(^|[\\/])(app|pages|tests?|__tests__)[\\/]|\.(test|spec)\.[cm]?[jt]sx?$/.test(path.relative(sources.frontendDir, m.file)));
  const files = [...new Set(calls.map((c) => c.file))];
  if (files.length === 1) return { path: path.relative(sources.frontendDir, files[0]).split(path.sep).join('/'), from: `detected: betterAuth( at ${at(calls[0])}` };
  if (files.length > 1) {
    problems.push({
      field: 'frontend.migration.authConfigPath', file: sources.frontendDir,
      problem: `calls betterAuth( in ${files.length} files (${calls.map(at).join(', ')}), so which config the migration runs cannot be told`,
      fix: `set frontend.migration.authConfigPath to the server's config, e.g. "${path.relative(sources.frontendDir, files[0])}"`,
    });
  }
  return {};
}

/** Reads the app's shape from its sources and the settings (no Docker, nothing written). */
export function detectAppShape(config: TodoConfig, sources: AppSources, serviceDirs: Readonly<Record<string, string>> = {}): AppShape {
  const backend = pythonApp(sources.backendDir, 'backend', config.backend, false);
  const node = readNodeProject(sources.frontendDir, config.frontend?.packageManager);
  const frontendProblems = [...node.problems];
  const dockerfile = ownDockerfile(sources.frontendDir, 'frontend', config.frontend?.dockerfile, frontendProblems);
  const auth = authConfig(config, sources, frontendProblems);
  const frontend: FrontendShape = {
    ...node, ownDockerfile: dockerfile, authConfigPath: auth.path, authConfigFrom: auth.from,
    betterAuthCli: dependencySection(sources.packageJson(), '@better-auth/cli'), problems: frontendProblems,
  };
  const services = Object.fromEntries(Object.entries(serviceDirs).map(([name, dir]) => [name, pythonApp(dir, `services.${name}`, config.services?.[name], true)]));
  return { backend, frontend, services, problems: [...backend.problems, ...frontendProblems, ...Object.values(services).flatMap((s) => s.problems)] };
}

/** One line per fact, for check-app: what was found and where it came from. */
export function describeAppShape(shape: AppShape, baseImageSet: (component: string) => string | undefined = () => undefined): string {
  const python = (s: PythonAppShape, label: string): string[] => {
    const manifest = s.manifest ? `${s.manifest} (${pythonManifestShape(s.manifest).install.split(' (')[0]}; ${s.manifestFrom})` : 'no manifest in use (see below)';
    const base = baseImageSet(s.field) ?? (s.pinnedMinor ? `${pythonImageFor(s.pinnedMinor)} (from ${s.pin!.source}: ${s.pin!.spec})` : s.pin ? `the contract's (${s.pin.source}: ${s.pin.spec} allows it)` : 'the contract\'s (no Python pin)');
    return [
      `${label} ${s.dir}`,
      `  dependencies: ${manifest}`,
      `  base image:   ${base}`,
      `  ASGI app:     ${s.asgi.asgiApp ? `${s.asgi.asgiApp} (${s.asgi.from})` : s.asgi.from}`,
      `  Dockerfile:   ${s.ownDockerfile ? `${s.ownDockerfile} (the app's own)` : 'the project\'s'}`,
    ];
  };
  const f = shape.frontend;
  const pm = f.packageManager;
  const lines = [
    ...python(shape.backend, 'backend '),
    `frontend ${f.appDir}`,
    `  workspace:    ${f.appPath === '.' ? 'none (the directory is the build context)' : `${f.contextDir} (the app is ${f.appPath} in it; the whole workspace is the build context)`}`,
    `  dependencies: ${pm ? `${pm.lockfile} (${pm.name}${pm.version ? ` ${pm.version}, from ${pm.versionFrom}` : ''}; ${f.packageManagerFrom})` : 'no package manager in use (see below)'}`,
    ...(f.authConfigPath ? [`  Better Auth:  config ${f.authConfigPath} (${f.authConfigFrom}); @better-auth/cli in ${f.betterAuthCli ?? 'no section'}${f.betterAuthCli === 'devDependencies' ? ' (the migration image installs it at the lockfile\'s version)' : ''}`] : []),
    `  Dockerfile:   ${f.ownDockerfile ? `${f.ownDockerfile} (the app's own)` : 'the project\'s'}`,
    ...Object.entries(shape.services).flatMap(([name, s]) => python(s, `service ${name}`)),
  ];
  return lines.join('\n');
}
