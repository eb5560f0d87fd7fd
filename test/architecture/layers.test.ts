// The layers point one way (docs/design.md "Layers"): the table below is every import allowed
// between the folders of lib/; any other fails, and so does any cycle between two folders.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');

/** Layer (a folder of lib/, or `index` for the public modules lib/index.ts and lib/phase-v.ts) -> the layers it may import. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  util: [],
  model: ['util'],
  constructs: ['model', 'util'],
  checks: ['model', 'util'],
  'app-checks': ['model', 'util'],
  images: ['app-checks', 'model', 'util'],
  pipeline: ['checks', 'model', 'util'],
  secrets: ['checks', 'model', 'util'],
  deploy: ['checks', 'images', 'secrets', 'model', 'util'],
  cli: ['app-checks', 'checks', 'deploy', 'images', 'pipeline', 'secrets', 'model', 'util'],
  index: ['constructs', 'model', 'cli'],
};

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

/** Every module a file names: static, type-only, re-exports, `import()` and `require()`. */
function importedModules(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** Every import between files of lib/, as [from file, to file or folder] relative to lib/. */
function libImports(): [string, string][] {
  return tsFiles(LIB).flatMap((file) =>
    importedModules(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => [path.relative(LIB, file), path.relative(LIB, path.resolve(path.dirname(file), spec))] as [string, string])
      .filter(([, to]) => !to.startsWith('..')),
  );
}

const PUBLIC_MODULES = ['index', 'phase-v'];
const layerOf = (rel: string) => (rel.includes(path.sep) ? rel.split(path.sep)[0] : PUBLIC_MODULES.includes(rel.replace(/\.(ts|js)$/, '')) ? 'index' : rel);
const folderOf = (rel: string) => (fs.existsSync(path.join(LIB, rel)) && fs.statSync(path.join(LIB, rel)).isDirectory() ? rel : path.dirname(rel));

test('every layer of lib/ is in the table', () => {
  const layers = fs.readdirSync(LIB, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(layers.sort()).toEqual(Object.keys(ALLOWED).filter((l) => l !== 'index').sort());
});

test('lib/ imports only down the table', () => {
  const refused = libImports()
    .filter(([from, to]) => layerOf(from) !== layerOf(to) && !ALLOWED[layerOf(from)].includes(layerOf(to)))
    .map(([from, to]) => `${from} imports ${to} (${layerOf(from)} -> ${layerOf(to)})`);
  expect(refused).toEqual([]);
});

test('no two folders of lib/ import each other, directly or around a cycle', () => {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of libImports()) {
    const [a, b] = [path.dirname(from), folderOf(to)];
    if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
  }
  const reaches = (start: string, goal: string): boolean => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const at = stack.pop()!;
      if (at === goal) return true;
      for (const next of edges.get(at) ?? []) if (!seen.has(next)) (seen.add(next), stack.push(next));
    }
    return false;
  };
  const cycles = [...edges].flatMap(([a, bs]) => [...bs].filter((b) => reaches(b, a)).map((b) => `${a} -> ${b} -> ... -> ${a}`));
  expect(cycles).toEqual([]);
});

test('the scan sees every kind of import (else the tests above could pass on nothing)', () => {
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
  expect(libImports().length).toBeGreaterThan(300);
});
