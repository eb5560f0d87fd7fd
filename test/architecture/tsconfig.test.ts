/**
 * tsx (synth, npm run images, npm run secret) strips types without checking them, so type errors
 * in a user's files surface only through `npm run typecheck` / `npm test`: the project's
 * tsconfig.json must cover every file a user adds at the project root, TypeScript or JavaScript.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-tsconfig-'));
  fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'main.ts'), "import { port } from './my-chart';\nexport const answer: number = port;\n");
  fs.writeFileSync(path.join(dir, 'my-chart.ts'), 'export const port: number = 8080;\n');
  // Added by a user at the root, imported by nothing yet: still checked.
  fs.writeFileSync(path.join(dir, 'my-workload.ts'), "export const replicas: number = 'three';\n");
  fs.writeFileSync(path.join(dir, 'my-helper.mts'), 'export const ok: boolean = 1;\n');
  fs.writeFileSync(path.join(dir, 'legacy.js'), "/** @type {number} */\nexports.port = 'eighty';\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("files a user adds at the project root are type-checked, JavaScript included", () => {
  const read = ts.readConfigFile(path.join(dir, 'tsconfig.json'), ts.sys.readFile);
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
  const roots = config.fileNames.map((f) => path.basename(f)).sort();
  expect(roots).toEqual(['legacy.js', 'main.ts', 'my-chart.ts', 'my-helper.mts', 'my-workload.ts']);

  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.basename(d.file.fileName) : '?'}: TS${d.code}`)
    .sort();
  expect(errors).toEqual(['legacy.js: TS2322', 'my-helper.mts: TS2322', 'my-workload.ts: TS2322']);
});

test("the project's own root files are covered", () => {
  const read = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const covered = new Set(ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT).fileNames.map((f) => path.resolve(f)));
  const rootSources = fs.readdirSync(ROOT).filter((f) => /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts'));
  for (const file of rootSources) expect(covered).toContain(path.join(ROOT, file));
});
