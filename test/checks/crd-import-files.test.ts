/**
 * Issue 26 items 4 and 11: the CRD files cdk8s.yaml imports are read as values files and .env
 * are: a FIFO does not hang synth, /dev/zero does not fill memory, a symlink loop is named as
 * one, and an empty file or one without a CRD is reported instead of skipped in silence. A valid
 * CRD nested hundreds of levels deep is read (no "cannot be read as YAML").
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { customResourceSchemas } from '../../lib/checks/custom-resources';

let root: string;
beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-crd-import-'))));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const importing = (...entries: string[]) => fs.writeFileSync(path.join(root, 'cdk8s.yaml'), `language: typescript\nimports:\n${entries.map((e) => `  - ${e}\n`).join('')}`);
const rules = () => customResourceSchemas([], root).problems.map((p) => p.rule);

/** A CRD whose schema nests `depth` objects, as block YAML indented one space a level. */
function deepCrd(depth: number): string {
  const lines = ['apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata:', ' name: deeps.example.com', 'spec:', ' group: example.com',
    ' names: {kind: Deep, plural: deeps, singular: deep, listKind: DeepList}', ' scope: Namespaced', ' versions:', ' - name: v1', '   served: true', '   storage: true', '   schema:', '    openAPIV3Schema:'];
  let indent = 5;
  for (let i = 0; i < depth; i++) {
    lines.push(`${' '.repeat(indent)}type: object`, `${' '.repeat(indent)}properties:`, `${' '.repeat(indent + 1)}a:`);
    indent += 2;
  }
  lines.push(`${' '.repeat(indent)}type: string`);
  return `${lines.join('\n')}\n`;
}

test('a FIFO and /dev/zero are refused at once, naming what they are', () => {
  expect(spawnSync('mkfifo', [path.join(root, 'crds.fifo')]).status).toBe(0);
  importing('crds.fifo', '/dev/zero');
  const started = Date.now();
  expect(rules()).toEqual([
    `crds.fifo: ${path.join(root, 'crds.fifo')} is a FIFO (named pipe), not a regular file`,
    '/dev/zero: /dev/zero is a character device, not a regular file',
  ]);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('a symlink loop is named as one, not as missing; a missing file as missing', () => {
  fs.symlinkSync('loop-b.yaml', path.join(root, 'loop-a.yaml'));
  fs.symlinkSync('loop-a.yaml', path.join(root, 'loop-b.yaml'));
  importing('loop-a.yaml', 'gone.yaml');
  expect(rules().sort()).toEqual([
    `gone.yaml: ${path.join(root, 'gone.yaml')} does not exist`,
    `loop-a.yaml: ${path.join(root, 'loop-a.yaml')} is a symbolic link loop`,
  ]);
});

test('an empty file, or one that holds no CRD, is reported', () => {
  fs.writeFileSync(path.join(root, 'empty.yaml'), '\n');
  fs.writeFileSync(path.join(root, 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  importing('empty.yaml', 'configmap.yaml');
  expect(rules()).toEqual([
    `empty.yaml: ${path.join(root, 'empty.yaml')} is empty: it holds no CustomResourceDefinition`,
    `configmap.yaml: ${path.join(root, 'configmap.yaml')} holds no CustomResourceDefinition (apiextensions.k8s.io/v1)`,
  ]);
});

test('a valid CRD nested 600 schemas deep (1,200 YAML levels) is read', () => {
  fs.writeFileSync(path.join(root, 'deep.yaml'), deepCrd(600));
  importing('deep.yaml');
  const schemas = customResourceSchemas([], root);
  expect(schemas.problems).toEqual([]);
  expect([...schemas.kinds.keys()]).toEqual(['example.com/Deep']);
  expect(schemas.imported).toHaveLength(1);
});
