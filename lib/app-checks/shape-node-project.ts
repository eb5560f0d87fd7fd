import * as fs from 'fs';
import * as path from 'path';
import { PACKAGE_MANAGER_DEFAULT_VERSIONS, PACKAGE_MANAGERS, PackageManagerName, packageManagerShape } from '../model/contract/app-shapes';
import { readSourceFile } from './sources';
import { ShapeProblem } from './shape-problems';

/** How far above the frontend's directory a workspace root (a monorepo's lockfile) is looked for. */
const MAX_WORKSPACE_DEPTH = 4;

/** The package manager the image installs with. */
export interface PackageManagerChoice {
  readonly name: PackageManagerName;
  /** The version installed (`10`, `9.15.0`, `4.5.1`); undefined for npm: the base image's own. */
  readonly version?: string;
  /** Where the version came from: `packageManager` field, the lockfile's format, or the default. */
  readonly versionFrom?: string;
  readonly lockfile: string;
}

/** A frontend source directory as the image build sees it. */
export interface NodeProject {
  /** The Next.js app's directory (the setting). */
  readonly appDir: string;
  /** The build context: the app's directory, or the workspace root above it that holds the lockfile. */
  readonly contextDir: string;
  /** The app's directory relative to the context (`.` unless a workspace). */
  readonly appPath: string;
  readonly packageManager?: PackageManagerChoice;
  readonly packageManagerFrom: 'setting' | 'detected';
  readonly problems: readonly ShapeProblem[];
}

const exists = (file: string) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** A JSON file of the sources (never a FIFO or device: readSourceFile refuses those by name); undefined when absent or not JSON (the checks that need it say so). */
function readJson(file: string): Record<string, any> | undefined {
  const text = readSourceFile(path.dirname(file), path.basename(file));
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The lockfiles a directory has, as package managers. */
function lockfilesIn(dir: string): PackageManagerName[] {
  return PACKAGE_MANAGERS.filter((pm) => exists(path.join(dir, pm.lockfile)) || (pm.name === 'npm' && exists(path.join(dir, 'npm-shrinkwrap.json')))).map((pm) => pm.name);
}

/** Whether `dir` declares a workspace (pnpm-workspace.yaml, or package.json `workspaces`). */
function declaresWorkspace(dir: string): boolean {
  return exists(path.join(dir, 'pnpm-workspace.yaml')) || readJson(path.join(dir, 'package.json'))?.workspaces !== undefined;
}

/** The nearest directory at or above `appDir` with a lockfile: the app's own, or a workspace root's. */
function findContext(appDir: string): string {
  if (lockfilesIn(appDir).length) return appDir;
  let dir = appDir;
  for (let i = 0; i < MAX_WORKSPACE_DEPTH; i++) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    if (lockfilesIn(dir).length && declaresWorkspace(dir)) return dir;
    if (fs.existsSync(path.join(dir, '.git'))) break;
  }
  return appDir;
}

/** `pnpm@9.15.0+sha512...` → { name, version }. */
function packageManagerField(pkg: Record<string, any> | undefined): { name: string; version: string } | undefined {
  const m = typeof pkg?.packageManager === 'string' ? /^(npm|pnpm|yarn)@(\d+(?:\.\d+){0,2}(?:-[\w.]+)?)/.exec(pkg.packageManager) : null;
  return m ? { name: m[1], version: m[2] } : undefined;
}

/**
 * The Yarn 2+ releases that write a berry yarn.lock, by its `__metadata.version`: the newest of
 * them, since `yarn install --immutable` refuses a lockfile that its Yarn would write otherwise
 * (a newer format, or Yarn 4.1's checksums prefixed with the cache key where 4.0's were not).
 */
function yarnBerryRelease(metadataVersion: number, unprefixedChecksums: boolean): string {
  if (metadataVersion <= 4) return '2';
  if (metadataVersion === 5) return '3.1';
  if (metadataVersion === 6) return '3';
  if (metadataVersion === 8) return unprefixedChecksums ? '4.0' : '4.13';
  if (metadataVersion === 9) return '4.14';
  return '4';
}

/** The version a lockfile's format implies (a major, or for Yarn 2+ the releases that write it). */
function versionFromLockfile(name: PackageManagerName, contextDir: string): string | undefined {
  const text = readSourceFile(contextDir, packageManagerShape(name).lockfile) ?? '';
  const head = text.slice(0, 2000);
  if (name === 'pnpm') {
    const v = /lockfileVersion:\s*'?(\d+)(?:\.\d+)?/.exec(head)?.[1];
    return v === undefined ? undefined : Number(v) >= 9 ? '10' : Number(v) === 6 ? '8' : Number(v) === 5 ? '7' : undefined;
  }
  if (name === 'yarn') {
    if (/^# yarn lockfile v1/m.test(head)) return '1';
    const meta = /__metadata:\s*\n\s*version:\s*(\d+)/.exec(head)?.[1];
    return meta === undefined ? undefined : yarnBerryRelease(Number(meta), /^\s+checksum: [0-9a-f]+\r?$/m.test(text));
  }
  return undefined;
}

/**
 * Reads the frontend's directory: the workspace root (a monorepo's lockfile above the app), the
 * package manager (the setting, else the one lockfile there), and its version (`packageManager`
 * in package.json, else the lockfile's format, else the tested default).
 */
export function readNodeProject(appDir: string, setting: PackageManagerName | undefined): NodeProject {
  const contextDir = findContext(appDir);
  const appPath = path.relative(contextDir, appDir) || '.';
  const found = lockfilesIn(contextDir);
  const problems: ShapeProblem[] = [];
  let name: PackageManagerName | undefined;
  if (setting !== undefined) {
    if (!found.includes(setting)) {
      problems.push({
        field: 'frontend.packageManager', file: path.join(contextDir, packageManagerShape(setting).lockfile),
        problem: `frontend.packageManager is "${setting}", but ${contextDir} has no ${packageManagerShape(setting).lockfile}`,
        fix: found.length ? `set frontend.packageManager to ${found.map((f) => `"${f}"`).join(' or ')} (the lockfile there)` : `commit the lockfile \`${setting} install\` writes`,
      });
    } else name = setting;
  } else if (found.length === 1) {
    name = found[0];
  } else if (found.length > 1) {
    problems.push({
      field: 'frontend.packageManager', file: contextDir,
      problem: `has lockfiles of several package managers (${found.map((f) => packageManagerShape(f).lockfile).join(', ')}), so which one installs the app cannot be told`,
      fix: `set frontend.packageManager to the one the team uses, e.g. frontend: { packageManager: "${found.find((f) => f !== 'npm') ?? found[0]}" }`,
    });
  } else {
    problems.push({
      field: 'frontend.sourceDir', file: appDir,
      problem: `has no lockfile (${PACKAGE_MANAGERS.map((p) => p.lockfile).join(', ')})${contextDir === appDir ? ', nor has a workspace root above it' : ''}`,
      fix: exists(path.join(appDir, 'package.json'))
        ? 'commit the lockfile your package manager writes (npm install, pnpm install or yarn): the image installs exactly the versions it pins'
        : 'point frontend.sourceDir (or --frontend-dir) at the Next.js app\'s directory, the one with package.json',
    });
  }
  let packageManager: PackageManagerChoice | undefined;
  if (name !== undefined) {
    const field = packageManagerField(readJson(path.join(contextDir, 'package.json'))) ?? packageManagerField(readJson(path.join(appDir, 'package.json')));
    const lockfile = name === 'npm' && !exists(path.join(contextDir, 'package-lock.json')) ? 'npm-shrinkwrap.json' : packageManagerShape(name).lockfile;
    if (name === 'npm') packageManager = { name, lockfile };
    else if (field?.name === name) packageManager = { name, lockfile, version: field.version, versionFrom: 'package.json "packageManager"' };
    else {
      const fromLock = versionFromLockfile(name, contextDir);
      packageManager = fromLock
        ? { name, lockfile, version: fromLock, versionFrom: `${lockfile}'s format` }
        : { name, lockfile, version: PACKAGE_MANAGER_DEFAULT_VERSIONS[name], versionFrom: 'the default' };
    }
  }
  return { appDir, contextDir, appPath, packageManager, packageManagerFrom: setting !== undefined ? 'setting' : 'detected', problems };
}

/** Where the frontend lists a package: `dependencies`, `devDependencies`, or nowhere. */
export function dependencySection(pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } | undefined, name: string): 'dependencies' | 'devDependencies' | undefined {
  if (pkg?.dependencies?.[name]) return 'dependencies';
  if (pkg?.devDependencies?.[name]) return 'devDependencies';
  return undefined;
}
