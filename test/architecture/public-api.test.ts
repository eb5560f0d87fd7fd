// The package's entry is small enough to read in a minute, and the docs use nothing else.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { extendingSnippets } from '../support/docs';

const ROOT = path.resolve(__dirname, '..', '..');

/** The names lib/index.ts exports (values and types alike), as the compiler sees them. */
function publicNames(): string[] {
  const entry = path.join(ROOT, 'lib', 'index.ts');
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  return checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!).map((s) => s.name).sort();
}

const names = publicNames();

test('at most 40 names, none of the pipeline\'s internals', () => {
  expect(names.length).toBeGreaterThan(10);
  expect(names.length).toBeLessThanOrEqual(40);
  for (const internal of ['synthesizeApp', 'loadSettings', 'activeCollector', 'publishFiles', 'FORMAT_ENV', 'exitOnExplainedErrors', 'checkManifests']) {
    expect(names).not.toContain(internal);
  }
});

test("docs/extending.md and main.ts import from './lib' only names it exports", () => {
  const texts = [fs.readFileSync(path.join(ROOT, 'main.ts'), 'utf8'), ...[extendingSnippets().preamble], fs.readFileSync(path.join(ROOT, 'docs', 'extending.md'), 'utf8')];
  const imported = texts.flatMap((t) => [...t.matchAll(/import \{([^}]*)\} from '\.\/lib'/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()).filter(Boolean)));
  expect(imported.length).toBeGreaterThan(5);
  expect(imported.filter((n) => !names.includes(n))).toEqual([]);
});
