import * as fs from 'fs';
import * as path from 'path';

/** Directories never scanned: installs, build output, VCS and caches. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.next', '.git', 'out', '.turbo', '.vercel', 'coverage', '__pycache__', '.venv', 'venv', 'dist', 'build']);
/** Source files looked at for imports; larger or more files than this are not read. */
const SCRIPT_EXTENSIONS = /\.(?:[cm]?[jt]sx?)$/;
const MAX_FILE_BYTES = 1 << 20;
const MAX_FILES = 5000;

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

/** The app's two source directories (the build contexts), read lazily and once. */
export class AppSources {
  private frontendScripts?: SourceFile[];

  constructor(
    readonly frontendDir: string,
    readonly backendDir: string,
  ) {}

  /** Text of a file in a source directory, or undefined when it does not exist. */
  read(dir: string, relative: string): string | undefined {
    try {
      return fs.readFileSync(path.join(dir, relative), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** The frontend's package.json, or undefined when it is missing or not JSON (the build reports that). */
  packageJson(): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } | undefined {
    const text = this.read(this.frontendDir, 'package.json');
    try {
      return text === undefined ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
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

  /** Normalised names (PEP 503: lowercase, `-`) of the packages in the backend's requirements.txt; undefined without one. */
  backendRequirements(): Set<string> | undefined {
    const text = this.read(this.backendDir, 'requirements.txt');
    if (text === undefined) return undefined;
    const names = text
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*/, '').trim())
      .filter((line) => line && !line.startsWith('-'))
      .map((line) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line)?.[0])
      .filter((name): name is string => Boolean(name))
      .map((name) => name.toLowerCase().replace(/[._]+/g, '-'));
    return new Set(names);
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
          if (fs.statSync(full).size <= MAX_FILE_BYTES) files.push({ path: full, text: fs.readFileSync(full, 'utf8') });
        } catch {
          // unreadable: the build context scan reports it
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
