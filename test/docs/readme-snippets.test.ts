/**
 * docs/extending.md "Tasks for main.ts": every ```ts snippet type-checks against the exported
 * API, each placed in main.ts after the page's own preamble, so a renamed prop or export breaks
 * this test and not a user's first try. (test/extend.test.ts runs the tasks and checks what they produce.)
 */
import * as path from 'path';
import * as ts from 'typescript';
import { extendingSnippets, mainWith as mainWithPreamble } from '../support/docs';

const ROOT = path.resolve(__dirname, '..', '..');
const { preamble, tasks: taskBlocks } = extendingSnippets();
const tasks = taskBlocks.map((t) => t.code);
const mainWith = (task: string) => mainWithPreamble(preamble, task);

test('docs/extending.md has the preamble and the tasks', () => {
  expect(preamble).toContain('export default function buildApp(settings: TodoConfig): App {');
  // Where each task goes: without it no task would be type-checked at all.
  expect(preamble).toMatch(/^ *\/\/ \.\.\. a task from below \.\.\.$/m);
  expect(tasks.length).toBeGreaterThanOrEqual(6);
});

test('every Extending snippet type-checks in main.ts', () => {
  const files = new Map(tasks.map((task, i) => [path.join(ROOT, `readme-snippet-${i}.ts`), mainWith(task)]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const getSource = host.getSourceFile.bind(host);
  host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
  host.readFile = (f) => files.get(f) ?? read(f);
  host.getSourceFile = (f, v, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : getSource(f, v, ...rest));
  const program = ts.createProgram([...files.keys()], options, host);
  const errors = [...files.keys()].flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f))).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const task = d.file ? tasks[Number(/readme-snippet-(\d+)/.exec(d.file.fileName)?.[1])] : '';
    return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')} (line ${(at?.line ?? 0) + 1} of:\n${task})`;
  });
  expect(errors).toEqual([]);
}, 60_000);
