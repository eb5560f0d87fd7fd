import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import {
  DEFAULT_PYTHON_MANIFEST, PYTHON_IMAGE_VERSIONS, PYTHON_MANIFESTS, PYTHON_VERSION_FILE, PythonManifest, pythonManifestShape,
} from '../model/contract/app-shapes';
import { PythonRequirements, requirementsReader } from './python-requirements';
import { AppSourceError } from './sources';
import { ShapeProblem } from './shape-problems';

/** Reads a file of the source directory (undefined when absent); the sources' reader, so limits and messages agree. */
export type ReadSource = (dir: string, relative: string) => string | undefined;

/** Where the interpreter version comes from, and the spec it gives. */
export interface PythonPin {
  /** `.python-version`, `pyproject.toml (requires-python)` or `pyproject.toml ([tool.poetry.dependencies] python)`. */
  readonly source: string;
  readonly spec: string;
}

/** A Python source directory as the image build sees it. */
export interface PythonProject {
  readonly dir: string;
  /** The manifests the directory has, in PYTHON_MANIFESTS order. */
  readonly candidates: readonly PythonManifest[];
  /** The one installed from; undefined when detection cannot decide (see problems). */
  readonly manifest?: PythonManifest;
  readonly manifestFrom: 'setting' | 'detected';
  /** The Python version pin, when the project has one. */
  readonly pin?: PythonPin;
  /** The minor version the pin asks for, when the contract's default does not satisfy it. */
  readonly pinnedMinor?: string;
  /** Declared dependencies (and the lock's versions) of the manifest in use; undefined without one. */
  readonly dependencies?: PythonRequirements;
  /** The file those dependencies were read from, for messages. */
  readonly dependencyFile?: string;
  readonly problems: readonly ShapeProblem[];
}

type Toml = Record<string, any>;

function readToml(read: ReadSource, dir: string, file: string): Toml | undefined {
  const text = read(dir, file);
  if (text === undefined) return undefined;
  try {
    return parseToml(text) as Toml;
  } catch (err) {
    const where = /line (\d+), column (\d+)/.exec(String((err as Error).message));
    throw new AppSourceError(`${path.join(dir, file)} is not valid TOML${where ? ` (line ${where[1]}, column ${where[2]})` : ''}; the image build installs from it. Fix the file.`);
  }
}

/** Poetry constraints (`^2.0.1`, `~2.0`, `2.0.*`, `>=2,<3`) as PEP 440 specifiers. */
function poetrySpecifier(constraint: string): string {
  return constraint.split(',').map((part) => {
    const c = part.trim();
    const caret = /^\^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(c);
    if (caret) {
      const [maj, min, pat] = [Number(caret[1]), caret[2] === undefined ? undefined : Number(caret[2]), caret[3]];
      const upper = maj > 0 ? `${maj + 1}.0` : min !== undefined && (min > 0 || pat === undefined) ? `0.${min + 1}` : `0.0.${Number(pat ?? 0) + 1}`;
      return `>=${c.slice(1)},<${upper}`;
    }
    const tilde = /^~(\d+)(?:\.(\d+))?/.exec(c);
    if (tilde && !c.startsWith('~=')) return `>=${c.slice(1)},<${tilde[2] === undefined ? Number(tilde[1]) + 1 : `${tilde[1]}.${Number(tilde[2]) + 1}`}`;
    if (/^\d/.test(c)) return `==${c}`;
    return c === '*' ? '' : c;
  }).filter(Boolean).join(',');
}

/** Requirement lines of a pyproject: PEP 621 `[project].dependencies`, else Poetry's `[tool.poetry.dependencies]`. */
function pyprojectRequirements(pyproject: Toml): string[] {
  const pep621 = pyproject.project?.dependencies;
  if (Array.isArray(pep621)) return pep621.filter((d): d is string => typeof d === 'string');
  const poetry = pyproject.tool?.poetry?.dependencies;
  if (poetry && typeof poetry === 'object') {
    return Object.entries(poetry).filter(([name]) => name.toLowerCase() !== 'python').map(([name, value]) => {
      const version = typeof value === 'string' ? value : typeof (value as Toml)?.version === 'string' ? (value as Toml).version : '*';
      return `${name}${poetrySpecifier(version)}`;
    });
  }
  return [];
}

/** name → version of every `[[package]]` of a uv.lock or poetry.lock. */
function lockedVersions(lock: Toml | undefined): Record<string, string> {
  const packages = Array.isArray(lock?.package) ? lock!.package : [];
  return Object.fromEntries(packages.filter((p: Toml) => typeof p?.name === 'string' && typeof p?.version === 'string').map((p: Toml) => [p.name, p.version]));
}

/** Whether some release of minor version `minor` (e.g. `3.13`) satisfies every PEP 440 specifier of `spec`. */
export function minorSatisfies(minor: string, spec: string): boolean {
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const nums = (v: string) => v.replace(/\.\*$/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const releases = [0, 1, 99].map((patch) => [...nums(minor), patch]);
  return releases.some((r) => parts.every((p) => {
    const m = /^(===|==|~=|!=|<=|>=|<|>)?\s*([0-9][0-9.*]*)/.exec(p);
    if (!m) return true;
    const [op, v] = [m[1] ?? '==', m[2]];
    const wanted = nums(v);
    if (v.endsWith('.*') || ((op === '==' || op === '===') && wanted.length <= 2)) {
      const prefix = cmp(r.slice(0, wanted.length), wanted) === 0;
      return op === '!=' ? !prefix : prefix;
    }
    const c = cmp(r, wanted);
    switch (op) {
      case '>=': return c >= 0;
      case '>': return c > 0;
      case '<=': return c <= 0;
      case '<': return c < 0;
      case '!=': return c !== 0;
      case '~=': return c >= 0 && cmp(r.slice(0, wanted.length - 1), wanted.slice(0, -1)) === 0;
      default: return c === 0;
    }
  }));
}

/**
 * The minor version for the base image: the contract's own (`contractMinor`) when the pin allows
 * it, else the one the pin allows closest above it, else closest below. Undefined: the pin allows
 * none of the official images (the build then uses the base image as set; check-app says so).
 */
export function minorForPin(pin: PythonPin, contractMinor: string): string | undefined {
  const spec = pin.source === PYTHON_VERSION_FILE ? `==${pin.spec.split('.').slice(0, 2).join('.')}.*` : pin.spec;
  const allowed = PYTHON_IMAGE_VERSIONS.filter((v) => minorSatisfies(v, spec));
  if (allowed.includes(contractMinor)) return contractMinor;
  const index = PYTHON_IMAGE_VERSIONS.indexOf(contractMinor);
  return allowed.find((v) => PYTHON_IMAGE_VERSIONS.indexOf(v) > index) ?? allowed[allowed.length - 1];
}

/**
 * Reads a Python source directory: which manifests it has, the one in use (the setting, else the
 * only one), its dependencies, and the Python pin. `field` names the settings (`backend`,
 * `services.x`) in problems.
 */
export function readPythonProject(dir: string, read: ReadSource, field: string, setting: PythonManifest | undefined, contractMinor: string): PythonProject {
  const pyproject = readToml(read, dir, 'pyproject.toml');
  const has = (file: string) => read(dir, file) !== undefined;
  const declares = pyproject !== undefined && pyprojectRequirements(pyproject).length > 0;
  const candidates = PYTHON_MANIFESTS.map((m) => m.manifest).filter((m) => {
    if (m === 'requirements.txt') return has('requirements.txt');
    if (m === 'pyproject.toml') return pyproject !== undefined && declares && !has('uv.lock') && !has('poetry.lock');
    return pyproject !== undefined && has(m);
  });
  const problems: ShapeProblem[] = [];
  let manifest: PythonManifest | undefined;
  if (setting !== undefined) {
    const missing = pythonManifestShape(setting).requiredFiles.filter((f) => !has(f));
    if (missing.length) {
      problems.push({
        field: `${field}.pythonManifest`, file: path.join(dir, missing[0]), problem: `${field}.pythonManifest is "${setting}", but ${missing.join(' and ')} is not in ${dir}`,
        fix: candidates.length ? `set ${field}.pythonManifest to ${candidates.map((c) => `"${c}"`).join(' or ')} (what the directory has), or point ${field}.sourceDir at the directory with ${setting}` : `point ${field}.sourceDir at the directory with ${setting}`,
      });
    } else manifest = setting;
  } else if (candidates.length === 1) {
    manifest = candidates[0];
  } else if (candidates.length > 1) {
    problems.push({
      field: `${field}.pythonManifest`, file: dir,
      problem: `has several dependency manifests: ${candidates.map((c) => `${c} (${pythonManifestShape(c).install.split(' (')[0]})`).join(', ')}, so which one the app installs from cannot be told`,
      fix: `set ${field}.pythonManifest to the one it installs from, e.g. ${field}: { pythonManifest: "${candidates.find((c) => c !== DEFAULT_PYTHON_MANIFEST) ?? candidates[0]}" }`,
    });
  } else {
    problems.push({
      field: `${field}.sourceDir`, file: dir,
      problem: `has no dependency manifest: none of requirements.txt, pyproject.toml with uv.lock or poetry.lock, or a pyproject.toml with [project] dependencies${pyproject && !declares ? ' (its pyproject.toml declares no dependencies)' : ''}`,
      fix: `point ${field}.sourceDir (or --${field === 'backend' ? 'backend' : 'service'}-dir) at the Python app's directory, the one with its manifest`,
    });
  }

  const versionFile = read(dir, PYTHON_VERSION_FILE)?.split(/\r?\n/)[0]?.trim();
  const requiresPython = typeof pyproject?.project?.['requires-python'] === 'string' ? pyproject.project['requires-python'] : undefined;
  const poetryPython = typeof pyproject?.tool?.poetry?.dependencies?.python === 'string' ? poetrySpecifier(pyproject.tool.poetry.dependencies.python) : undefined;
  const pin: PythonPin | undefined = versionFile && /^\d+\.\d+/.test(versionFile)
    ? { source: PYTHON_VERSION_FILE, spec: versionFile }
    : requiresPython ? { source: 'pyproject.toml (requires-python)', spec: requiresPython }
    : poetryPython ? { source: 'pyproject.toml ([tool.poetry.dependencies] python)', spec: poetryPython } : undefined;
  const minor = pin ? minorForPin(pin, contractMinor) : undefined;

  let dependencies: PythonRequirements | undefined;
  let dependencyFile: string | undefined;
  if (manifest === 'requirements.txt') {
    dependencies = new PythonRequirements(read(dir, 'requirements.txt') ?? '', {}, requirementsReader(read, dir));
    dependencyFile = path.join(dir, 'requirements.txt');
  } else if (manifest && pyproject) {
    const lock = manifest === 'pyproject.toml' ? undefined : readToml(read, dir, manifest);
    dependencies = new PythonRequirements(pyprojectRequirements(pyproject).join('\n'), lockedVersions(lock));
    dependencyFile = path.join(dir, 'pyproject.toml');
  }
  return {
    dir, candidates, manifest, manifestFrom: setting !== undefined ? 'setting' : 'detected', pin,
    pinnedMinor: minor !== undefined && minor !== contractMinor ? minor : undefined, dependencies, dependencyFile, problems,
  };
}
