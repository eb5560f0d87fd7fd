// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * Publishing into dist/ and dist-chart/ when their contents are in the way, and when two chart
 * runs overlap (issue 17): refused before the first rename, in one line; never a mixed chart.
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { SynthProject, finished, noLockLine, tree } from '../support/synth-project';

let project: SynthProject;
beforeEach(() => (project = new SynthProject()));
afterEach(() => project.remove());

/** Every entry of an output directory with its content, to compare before and after. */
const snapshot = (dir: string) => tree(project.path(dir)).map((f) => {
  const stat = fs.lstatSync(project.path(dir, f));
  return [f, stat.isDirectory() ? 'dir' : fs.readFileSync(project.path(dir, f), 'utf8')];
});

describe('something in the way of a rename is refused before anything is replaced, in one line', () => {
  test.each([
    ['chart', 'dist-chart', 'Chart.yaml', 'directory', 'dist-chart/Chart.yaml is a directory, where this project writes a file'],
    ['chart', 'dist-chart', 'templates', 'file', 'dist-chart/templates is a file, where this project writes a directory'],
    ['synth', 'dist', 'todo.k8s.yaml', 'directory', 'dist/todo.k8s.yaml is a directory, where this project writes a file'],
  ] as const)('npm run %s with %s/%s made a %s', (command, dir, entry, kind, reason) => {
    expect(project.run(command).status).toBe(0);
    fs.rmSync(project.path(dir, entry), { recursive: true });
    if (kind === 'directory') fs.mkdirSync(project.path(dir, entry));
    else fs.writeFileSync(project.path(dir, entry), '');
    // A different configuration, so that a replaced file would show.
    fs.writeFileSync(project.path('more.yaml'), 'backend: { replicas: 3 }\n');
    const before = snapshot(dir);

    const run = project.run(command, ['-f', project.path('more.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${noLockLine()}${reason}; remove it and run again (nothing was replaced).\nSynth failed; ${dir}/ was left as it was.\n`);
    expect(snapshot(dir)).toEqual(before);
  });
});

test('two overlapping npm run chart runs never leave one run\'s Chart.yaml over the other\'s templates', async () => {
  expect(project.run('chart').status).toBe(0); // so that both replace files one by one
  fs.writeFileSync(project.path('two.yaml'), 'backend: { replicas: 2 }\n');
  fs.writeFileSync(project.path('three.yaml'), 'backend: { replicas: 3 }\n');
  // The first run stops for 6 s between its templates and its Chart.yaml; the second runs meanwhile.
  const slow = project.spawnRun('chart', ['--chart-version', '2.0.0', '-f', project.path('two.yaml')], {
    TODO_SYNTH_PAUSE_AT: 'renamed:templates/todo.yaml', TODO_SYNTH_PAUSE_MS: '6000',
  });
  const fast = project.spawnRun('chart', ['--chart-version', '3.0.0', '-f', project.path('three.yaml')]);
  const results = await Promise.all([finished(slow), finished(fast)]);
  expect(results.map((r) => r.code)).toEqual([0, 0]);

  const version = /^version: "(.*)"$/m.exec(fs.readFileSync(project.path('dist-chart', 'Chart.yaml'), 'utf8'))![1];
  const objects = parseAllDocuments(fs.readFileSync(project.path('dist-chart', 'templates', 'todo.yaml'), 'utf8')).map((d) => d.toJS());
  const replicas = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'backend').spec.replicas;
  expect(`${version} with ${replicas} backend replicas`).toMatch(/^(2\.0\.0 with 2|3\.0\.0 with 3) backend replicas$/);
}, 120_000);
