import * as fs from 'fs';
import * as path from 'path';
import { jsonErrorLocation } from '../util/json-error-position';
import { InputFileError, readInputFile } from '../util/read-input-file';
import { PythonRequirements, requirementsReader } from './python-requirements';
import { ExplainedError } from '../util/explained-error';

/** Directories never scanned: installs, build output, VCS and caches. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.next', '.git', 'out', '.turbo', '.vercel', 'coverage', '__pycache__', '.venv', 'venv', 'dist', 'build']);
/** Source files looked at for imports; larger or more files than this are not read. */
const SCRIPT_EXTENSIONS = /\.(?:[cm]?[jt]sx?)$/;
const MAX_FILE_BYTES = 1 << 20;
const MAX_FILES = 5000;

/** A source file that cannot be read as one (not a regular file, too large, not JSON): the message names it. */
export class AppSourceError extends ExplainedError {
  constructor(message: string) {
    super(message);
    this.name = 'AppSourceError';
  }
}

/** A source file and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** A line of a file that matches, as `file:line`. */
export interface SourceMatch {
  readonly file: string;
  readonly line: number;
}

/**
 * Text of a file in a source directory, or undefined when it does not exist (or is a directory).
 * A FIFO, device or socket, or a file over 1 MiB, is refused with AppSourceError.
 */
export function readSourceFile(dir: string, relative: string): string | undefined {
  const file = path.join(dir, relative);
  try {
    return readInputFile(file, MAX_FILE_BYTES).toString('utf8');
  } catch (err) {
    if (err instanceof InputFileError && ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(err.problem)) return undefined;
    if (err instanceof InputFileError) throw new AppSourceError(`${err.message}; the app-source checks read it, and the image build needs it readable.`);
    throw err;
  }
}

/** The app's two source directories (the build contexts), read lazily and once. */
export class AppSources {
  private frontendScripts?: SourceFile[];
  private frontendPackage?: { value: ReturnType<AppSources['packageJson']> };

  constructor(
    readonly frontendDir: string,
    readonly backendDir: string,
  ) {}

  /**
   * Text of a file in a source directory, or undefined when it does not exist. A FIFO, device or
   * socket (also behind a symlink), or a file over 1 MiB, is refused with AppSourceError: reading
   * it would hang or fill memory, and the image build could not use it either.
   */
  read(dir: string, relative: string): string | undefined {
    return readSourceFile(dir, relative);
  }

  /**
   * The frontend's package.json, or undefined when there is none (the build names it). One that
   * is not JSON is refused, naming the file and the position (never its text): \`npm ci\` in the
   * build would fail, and every check that reads it would pass unseen.
   */
  packageJson(): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } | undefined {
    if (!this.frontendPackage) {
      const file = path.join(this.frontendDir, 'package.json');
      const text = this.read(this.frontendDir, 'package.json');
      let pkg: unknown;
      try {
        pkg = text === undefined ? undefined : JSON.parse(text);
      } catch {
        throw new AppSourceError(`${file} is not valid JSON${jsonErrorLocation(text!)}; npm ci in the frontend image's build would fail. Fix the file.`);
      }
      if (pkg !== undefined && (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))) {
        throw new AppSourceError(`${file} holds ${Array.isArray(pkg) ? 'a list' : `a ${pkg === null ? 'null' : typeof pkg}`} at the top, not an object; npm ci in the frontend image's build would fail. Fix the file.`);
      }
      this.frontendPackage = { value: pkg as ReturnType<AppSources['packageJson']> };
    }
    return this.frontendPackage.value;
  }

  /** Whether the frontend declares `name` as a dependency (runtime or dev: `npm ci` installs both). */
  frontendDepends(name: string): boolean {
    const pkg = this.packageJson();
    return Boolean(pkg?.dependencies?.[name] ?? pkg?.devDependencies?.[name]);
  }

  /** Every JavaScript/TypeScript source of the frontend (no node_modules or build output). */
  frontendScriptFiles(): SourceFile[] {
    if (!this.frontendScripts) this.frontendScripts = listScripts(this.frontendDir);
    return this.frontendScripts;
  }

  /** Lines of frontend sources matching `pattern`, in file order. */
  findInFrontend(pattern: RegExp): SourceMatch[] {
    return this.frontendScriptFiles().flatMap((file) =>
      file.text.split('\n').flatMap((text, index) => (pattern.test(text) ? [{ file: file.path, line: index + 1 }] : [])),
    );
  }

  /** The distributions the backend's requirements.txt names, with their version specifiers; undefined without one. */
  backendRequirements(): PythonRequirements | undefined {
    const text = this.read(this.backendDir, 'requirements.txt');
    return text === undefined ? undefined : new PythonRequirements(text, {}, requirementsReader((d, f) => this.read(d, f), this.backendDir));
  }
}

function listScripts(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= MAX_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      else if (entry.isFile() && SCRIPT_EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        try {
          files.push({ path: full, text: readInputFile(full, MAX_FILE_BYTES).toString('utf8') });
        } catch {
          // unreadable or too large: not looked at (the build context scan reports what it cannot read)
        }
      }
    }
  };
  walk(root);
  return files;
}

/** `file:line` for messages. */
export function at(match: SourceMatch): string {
  return `${match.file}:${match.line}`;
}
