import * as fs from 'fs';
import * as path from 'path';
import { asgiModuleFiles, DEFAULT_ASGI_APP } from '../model/contract/app-shapes';
import { readInputFile } from '../util/read-input-file';
import { ShapeProblem } from './shape-problems';

/** Directories a Python app's module is never in. */
const SKIPPED = new Set(['.venv', 'venv', 'env', '__pycache__', 'node_modules', '.git', 'tests', 'test', 'migrations', 'alembic', '.mypy_cache', '.pytest_cache', 'build', 'dist', 'site-packages']);
const MAX_FILES = 3000;

/** `app = FastAPI(`, `app: FastAPI = FastAPI(` at module level: a FastAPI (or Starlette) app object. */
const APP_OBJECT = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_][\w.]*\s*)?=\s*(?:fastapi\.)?(?:FastAPI|Starlette)\s*\(/gm;

/** `app = FastAPI()`, `app: FastAPI = ...`, `from x import app`, `import x as app`, `def app(`: the module defines `name`. */
export function definesAttribute(text: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^(?:${n}\\s*(?::[^=\\n]+)?=|(?:async\\s+)?def\\s+${n}\\s*\\(|from\\s+\\S+\\s+import\\s+(?:\\([^)]*\\b${n}\\b[^)]*\\)|[^#\\n(]*\\b${n}\\b)|import\\s+\\S+\\s+as\\s+${n}\\b)`,
    'm',
  ).test(text);
}

/** Every `.py` file under `dir` (relative paths, sorted), skipping environments, tests and caches. */
export function pythonFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= MAX_FILES) return;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith('.')) walk(r);
      else if (e.isFile() && e.name.endsWith('.py')) files.push(r);
    }
  };
  walk('');
  return files;
}

/** The module a file is (`app/main.py` → `app.main`, `app/__init__.py` → `app`). */
export function moduleOf(file: string): string {
  return file.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/** A FastAPI app the sources define at module level. */
export interface AsgiCandidate {
  readonly asgiApp: string;
  /** `file:line`, relative to the directory. */
  readonly at: string;
}

export function asgiCandidates(dir: string): AsgiCandidate[] {
  return pythonFiles(dir).flatMap((file) => {
    let text: string;
    try {
      text = readInputFile(path.join(dir, file), 1 << 20).toString('utf8');
    } catch {
      return [];
    }
    return [...text.matchAll(APP_OBJECT)].map((m) => ({ asgiApp: `${moduleOf(file)}:${m[1]}`, at: `${file}:${text.slice(0, m.index).split('\n').length}` }));
  });
}

/** The ASGI app the image serves, where it was found, or why it cannot be told. */
export interface AsgiAppResult {
  readonly asgiApp?: string;
  /** `setting`, `contract default` (main.py defines app) or `detected: app/main.py:12`. */
  readonly from: string;
  readonly problems: readonly ShapeProblem[];
}

/**
 * The setting when given (its module must exist and define the attribute); else the contract's
 * `main:app` when main.py defines `app`; else the one FastAPI app the sources define. Several or
 * none: a problem naming the setting. `read` gives a file's text (undefined when absent).
 */
export function detectAsgiApp(dir: string, field: string, setting: string | undefined, read: (relative: string) => string | undefined): AsgiAppResult {
  if (setting !== undefined) {
    const { files, attribute } = asgiModuleFiles(setting);
    const file = files.find((f) => read(f) !== undefined);
    if (file === undefined) {
      return { from: 'setting', problems: [{ field: `${field}.asgiApp`, file: path.join(dir, files[0]), problem: `${field}.asgiApp is "${setting}", but neither ${files.join(' nor ')} exists in ${dir}`, fix: fixFor(dir, field) }] };
    }
    if (!definesAttribute(read(file)!, attribute)) {
      return { from: 'setting', problems: [{ field: `${field}.asgiApp`, file: path.join(dir, file), problem: `defines no module-level \`${attribute}\`, which ${field}.asgiApp "${setting}" names`, fix: `define it there (\`${attribute} = FastAPI()\`), or ${fixFor(dir, field)}` }] };
    }
    return { asgiApp: setting, from: 'setting', problems: [] };
  }
  const main = read('main.py');
  if (main !== undefined && definesAttribute(main, 'app')) return { asgiApp: DEFAULT_ASGI_APP, from: 'the contract\'s default: main.py defines app', problems: [] };
  const candidates = asgiCandidates(dir);
  const distinct = [...new Map(candidates.map((c) => [c.asgiApp, c])).values()];
  if (distinct.length === 1) return { asgiApp: distinct[0].asgiApp, from: `detected: ${distinct[0].at}`, problems: [] };
  if (distinct.length > 1) {
    return {
      from: 'ambiguous',
      problems: [{ field: `${field}.asgiApp`, file: dir, problem: `defines ${distinct.length} FastAPI apps (${distinct.map((c) => `${c.asgiApp} at ${c.at}`).join(', ')}), so which one uvicorn serves cannot be told`, fix: `set ${field}.asgiApp to the one the server runs, e.g. ${field}: { asgiApp: "${distinct[0].asgiApp}" }` }],
    };
  }
  return {
    from: 'none',
    problems: [{
      field: `${field}.asgiApp`, file: path.join(dir, 'main.py'),
      problem: main === undefined ? `does not exist, and no module of ${dir} defines a FastAPI app (\`app = FastAPI()\`)` : 'defines no module-level `app`, and no other module defines a FastAPI app (`app = FastAPI()`)',
      fix: `set ${field}.asgiApp to the app uvicorn serves ("<module>:<attribute>", e.g. "app.main:app"), or define \`app = FastAPI()\` in main.py`,
    }],
  };
}

function fixFor(dir: string, field: string): string {
  const found = asgiCandidates(dir);
  return found.length
    ? `set ${field}.asgiApp to one the sources define: ${[...new Set(found.map((c) => `"${c.asgiApp}" (${c.at})`))].join(', ')}`
    : `set ${field}.asgiApp to "<module>:<attribute>" of the FastAPI app, relative to ${dir}`;
}
