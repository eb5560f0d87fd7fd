/**
 * The parts of a pip requirements file the checks need: which distributions it names and the
 * version specifiers on each, so that a check can tell whether pip may install a release at or
 * above some version. Files it includes (`-r base.txt`) are followed, as pip does, when a reader
 * is given, and listed; other options (`--index-url`), URLs and environment markers are skipped:
 * a check that cannot read a line treats it as naming nothing.
 */
import * as path from 'path';

/** A file a requirements file names with `-r`/`--requirement` or `-c`/`--constraint`. */
export interface RequirementsInclude {
  /** The option as written: `-r` or `-c`. */
  readonly option: '-r' | '-c';
  /** The path relative to the backend directory, e.g. `requirements/base.txt`. */
  readonly file: string;
  /** The file that names it. */
  readonly from: string;
}

/** Reads a file of the backend directory by relative path; undefined when absent or outside it. */
export type RequirementsReader = (file: string) => string | undefined;

/** How deep `-r` chains are followed (pip has no limit; a cycle or a runaway chain stops here). */
const MAX_INCLUDE_DEPTH = 10;
const INCLUDE = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)$/;

/** One `op version` of a requirement, e.g. `<` `2.1`. */
export interface VersionSpecifier {
  readonly op: string;
  readonly version: string;
}

/** The distributions of a requirements file, by normalized name (PEP 503: lower case, runs of `-_.` as `-`). */
export class PythonRequirements {
  private readonly specifiersByName = new Map<string, VersionSpecifier[]>();
  /** Versions a lockfile (uv.lock, poetry.lock) pins, by normalized name. */
  private readonly lockedByName = new Map<string, string>();

  /**
   * `text`: requirement lines (a requirements.txt, or a pyproject's PEP 508 strings one a line);
   * `locked`: name → version of a lockfile, which then decides what is installed.
   */
  /** The files named by `-r`/`-c`, followed or not, in the order pip reads them. */
  readonly includes: RequirementsInclude[] = [];

  constructor(text: string, locked: Readonly<Record<string, string>> = {}, read?: RequirementsReader, file = 'requirements.txt') {
    for (const [name, version] of Object.entries(locked)) this.lockedByName.set(normalizeName(name), version);
    this.addLines(text, file, read, new Set([file]), 0);
  }

  private addLines(text: string, file: string, read: RequirementsReader | undefined, seen: Set<string>, depth: number): void {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*/, '').trim();
      const include = INCLUDE.exec(line);
      if (include) {
        const option = include[1].startsWith('-r') || include[1] === '--requirement' ? '-r' : '-c';
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), include[2]));
        this.includes.push({ option, file: target, from: file });
        // Constraints only bound versions; requirements add names, as pip reads them.
        const included = option === '-r' && read && !seen.has(target) && depth < MAX_INCLUDE_DEPTH ? read(target) : undefined;
        if (included !== undefined) this.addLines(included, target, read, new Set([...seen, target]), depth + 1);
        continue;
      }
      if (!line || line.startsWith('-')) continue;
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;@]*)/.exec(line);
      if (!m) continue;
      const name = normalizeName(m[1]);
      const specifiers = m[2]
        .split(',')
        .map((s) => /^\s*(===|==|~=|!=|<=|>=|<|>)\s*([^\s,]+)\s*$/.exec(s))
        .filter((s): s is RegExpExecArray => s !== null)
        .map((s) => ({ op: s[1], version: s[2] }));
      this.specifiersByName.set(name, [...(this.specifiersByName.get(name) ?? []), ...specifiers]);
    }
  }

  /** Whether the file names the distribution (any spelling of its name). */
  has(name: string): boolean {
    return this.specifiersByName.has(normalizeName(name));
  }

  /** The version a lockfile pins, if the dependencies came with one. */
  lockedVersion(name: string): string | undefined {
    return this.lockedByName.get(normalizeName(name));
  }

  /**
   * Whether the file keeps the distribution below `version` (e.g. `SQLAlchemy<2.1`, `==2.0.36`,
   * `~=2.0.30`). A distribution it does not name is not kept below anything.
   */
  capsBelow(name: string, version: string): boolean {
    const locked = this.lockedByName.get(normalizeName(name));
    if (locked !== undefined) return compareReleases(locked, version) < 0;
    return (this.specifiersByName.get(normalizeName(name)) ?? []).some((s) => specifierCapsBelow(s, version));
  }
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Whether one specifier excludes every release at or above `bound`. */
function specifierCapsBelow({ op, version }: VersionSpecifier, bound: string): boolean {
  switch (op) {
    case '<':
      return compareReleases(version, bound) <= 0;
    case '<=':
    case '===':
      return compareReleases(version, bound) < 0;
    case '==':
      // `==2.0.*` allows every 2.0.x: below 2.1 when its prefix is.
      return version.endsWith('.*') ? compareReleases(bumpLast(version.slice(0, -2)), bound) <= 0 : compareReleases(version, bound) < 0;
    case '~=': {
      // `~=2.0.30` means >=2.0.30, ==2.0.*: the upper bound bumps the second-to-last part.
      const parts = releaseParts(version);
      return parts.length >= 2 && compareReleases(bumpLast(parts.slice(0, -1).join('.')), bound) <= 0;
    }
    default:
      return false;
  }
}

/** The numeric release parts of a version (`2.1.0rc1` → [2, 1, 0]). */
function releaseParts(version: string): number[] {
  return (/^\d+(?:\.\d+)*/.exec(version)?.[0] ?? '0').split('.').map(Number);
}

function bumpLast(version: string): string {
  const parts = releaseParts(version);
  parts[parts.length - 1] += 1;
  return parts.join('.');
}

function compareReleases(a: string, b: string): number {
  const [x, y] = [releaseParts(a), releaseParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A reader of the backend directory's files for `-r`, refusing paths that leave it. */
export function requirementsReader(read: (dir: string, relative: string) => string | undefined, dir: string): RequirementsReader {
  return (file) => (path.posix.isAbsolute(file) || file === '..' || file.startsWith('../') ? undefined : read(dir, file));
}
