// The layers point one way: the settings (lib/config) and the images' contract (lib/contract) are
// the bottom; constructs, checks and the synth pipeline import from them, never the reverse.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const BOTTOM = ['lib/config', 'lib/contract'];
/** What the bottom layer may import besides itself: generated Kubernetes types and lib/util's dependency-free helpers. */
const BELOW = ['imports', 'lib/util'];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every module a file names: static, type-only, re-exports, `import()` and `require()`. */
function importedModules(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

test('lib/config and lib/contract import nothing from the layers above them', () => {
  const allowed = [...BOTTOM, ...BELOW].map((d) => path.join(ROOT, d));
  const backImports: string[] = [];
  for (const file of BOTTOM.flatMap((d) => tsFiles(path.join(ROOT, d)))) {
    for (const spec of importedModules(file)) {
      if (!spec.startsWith('.')) continue; // node built-ins and npm packages
      const target = path.resolve(path.dirname(file), spec);
      if (!allowed.some((dir) => target === dir || target.startsWith(dir + path.sep))) {
        backImports.push(`${path.relative(ROOT, file)} imports ${spec}`);
      }
    }
  }
  expect(backImports).toEqual([]);
});

test('the scan sees every kind of import (else the test above could pass on nothing)', () => {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'layers-'));
  const file = path.join(dir, 'x.ts');
  fs.writeFileSync(file, [
    "import { a } from '../a';",
    "import type { B } from '../b';",
    "export { c } from '../c';",
    "export * from '../d';",
    "const e = require('../e');",
    "const f = import('../f');",
    "import '../g';",
  ].join('\n'));
  try {
    expect(importedModules(file).sort()).toEqual(['../a', '../b', '../c', '../d', '../e', '../f', '../g']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
