// The two lanes `npm test` runs (scripts/run-tests.js) and the locks that keep files apart in them.
import * as path from 'path';
import { lanesOf, testFiles } from './test-files';
import { locksOf } from './test-groups';

const TEST_ROOT = path.resolve(__dirname, '..');
const files = testFiles(TEST_ROOT);
const lanes = lanesOf(files);
const rel = (f: string) => path.relative(TEST_ROOT, f);

test('every test file is in exactly one lane, fixtures excluded', () => {
  expect([...lanes.node, ...lanes.other].sort()).toEqual([...files].sort());
  expect(lanes.node.filter((f) => lanes.other.includes(f))).toEqual([]);
  expect(files.some((f) => f.includes(`${path.sep}fixtures${path.sep}`))).toBe(false);
  expect(files.map(rel)).toContain(path.join('support', 'test-files.test.ts'));
});

test('files that run pods on the real node or need Dapr or the mirror are in the node lane', () => {
  expect(lanes.node.map(rel)).toEqual(expect.arrayContaining([
    path.join('deploy', 'quick-start.test.ts'), path.join('node', 'whole-app.test.ts'), path.join('phase-v', 'deploy-e2e.test.ts'),
  ]));
  for (const f of lanes.node) expect(locksOf(f)).toContain('node');
});

test('files that only build small images run in the other lane, one at a time under the docker lock', () => {
  const dockerOnly = [path.join('images', 'build-image.test.ts'), path.join('e2e', 'phase-iv-app.test.ts')];
  expect(lanes.other.map(rel)).toEqual(expect.arrayContaining(dockerOnly));
  for (const f of dockerOnly) expect(locksOf(path.join(TEST_ROOT, f))).toEqual(['docker']);
  for (const f of lanes.other) expect(locksOf(f)).not.toContain('node');
});
