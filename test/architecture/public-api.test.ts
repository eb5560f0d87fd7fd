// The package's entry (and Phase V's module beside it) is small enough to read in a minute, and
// the docs use nothing else.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { extendingSnippets } from '../support/docs';

const ROOT = path.resolve(__dirname, '..', '..');

/** The names a public module exports (values and types alike), as the compiler sees them. */
function publicNames(file: string): string[] {
  const entry = path.join(ROOT, 'lib', file);
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  return checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!).map((s) => s.name).sort();
}

const names = publicNames('index.ts');
const phaseVNames = publicNames('phase-v.ts');
const INTERNALS = ['synthesizeApp', 'synthesize', 'loadSettings', 'activeCollector', 'publishFiles', 'FORMAT_ENV', 'exitOnExplainedErrors', 'checkManifests', 'checkApp'];

test('the entry: at most 40 names, none of the pipeline\'s internals, no namespace export hiding more', () => {
  expect(names.length).toBeGreaterThan(10);
  expect(names.length).toBeLessThanOrEqual(40);
  expect(names.filter((n) => INTERNALS.includes(n))).toEqual([]);
  expect(fs.readFileSync(path.join(ROOT, 'lib', 'index.ts'), 'utf8')).not.toMatch(/export \* as /);
});

test("Phase V's module: its constructs and props only, at most 40 names, none shared with the entry", () => {
  expect(phaseVNames).toEqual(expect.arrayContaining(['DaprSidecar', 'DaprSubscription', 'KafkaPubsub', 'KafkaBroker', 'KafkaTopics', 'PhaseV']));
  expect(phaseVNames.length).toBeLessThanOrEqual(40);
  expect(phaseVNames.filter((n) => INTERNALS.includes(n) || names.includes(n))).toEqual([]);
});

test("docs/extending.md and main.ts import from './lib' and './lib/phase-v' only names they export, and nothing else of lib/", () => {
  const texts = [fs.readFileSync(path.join(ROOT, 'main.ts'), 'utf8'), ...[extendingSnippets().preamble], fs.readFileSync(path.join(ROOT, 'docs', 'extending.md'), 'utf8')];
  const importsFrom = (module: string) => texts.flatMap((t) => [...t.matchAll(new RegExp(`import \\{([^}]*)\\} from '${module.replace(/[./]/g, '\\$&')}'`, 'g'))]
    .flatMap((m) => m[1].split(',').map((n) => n.trim()).filter(Boolean)));
  expect(importsFrom('./lib').length).toBeGreaterThan(5);
  expect(importsFrom('./lib').filter((n) => !names.includes(n))).toEqual([]);
  expect(importsFrom('./lib/phase-v').length).toBeGreaterThan(1);
  expect(importsFrom('./lib/phase-v').filter((n) => !phaseVNames.includes(n))).toEqual([]);
  const deeper = texts.flatMap((t) => [...t.matchAll(/from '(\.\/lib\/[^']+)'/g)].map((m) => m[1])).filter((m) => m !== './lib/phase-v');
  expect(deeper).toEqual([]);
});
