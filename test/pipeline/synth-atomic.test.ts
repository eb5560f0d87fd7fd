// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { publish, synthesize } from '../../lib/pipeline';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { pinnedSettings } from '../support/synth';
import { SynthProject, escapeRegExp, finished, noLockLine, tree } from '../support/synth-project';

/**
 * dist/ is complete, old or new, at every instant: main.ts is killed (SIGKILL, via the
 * TODO_SYNTH_KILL_AT hook) at each step of publishing, and dist/ is read while concurrent synths
 * publish. "Old" is the cloud profile's output, "new" the local profile's.
 */
let project: SynthProject;
let OLD: string;
let NEW: string;

/** The complete output of a profile, synthesized in-process into a scratch directory. */
function outputOf(profile: string): string {
  const settings = pinnedSettings(project.dir, { profile, valuesFiles: profile === 'cloud' ? [project.cloudValues] : [] });
  const app = new App();
  new TodoChart(app, settings.instance, { config: settings });
  const outDir = project.path(`expected-${profile}`);
  publish(synthesize(app, { settings }), { format: 'manifests', root: project.dir, outDir });
  const text = fs.readFileSync(path.join(outDir, 'todo.k8s.yaml'), 'utf8');
  fs.rmSync(outDir, { recursive: true });
  return text;
}

const dist = () => project.path('dist');
const distText = () => fs.readFileSync(path.join(dist(), 'todo.k8s.yaml'), 'utf8');
function seedOld(): void {
  fs.mkdirSync(dist(), { recursive: true });
  fs.writeFileSync(path.join(dist(), 'todo.k8s.yaml'), OLD);
}

beforeAll(() => {
  project = new SynthProject();
  OLD = outputOf('cloud');
  NEW = outputOf('local');
  expect(OLD).not.toBe(NEW);
});
afterAll(() => project.remove());
beforeEach(() => {
  fs.rmSync(dist(), { recursive: true, force: true });
  fs.rmSync(project.path('.synth'), { recursive: true, force: true });
});

describe('a kill at each publish step leaves dist/ complete', () => {
  test.each([
    ['checked', 'old'],
    ['staged', 'old'],
    ['renamed:todo.k8s.yaml', 'new'],
    ['published', 'new'],
  ])('killed at %s: dist/ holds the %s output, and the next run cleans up', async (step, expected) => {
    seedOld();
    const killed = await finished(project.spawnRun('synth', [], { TODO_PROFILE: 'local', TODO_SYNTH_KILL_AT: step }));
    expect(killed.signal).toBe('SIGKILL');
    expect(tree(dist())).toEqual(['todo.k8s.yaml']);
    expect(distText()).toBe(expected === 'old' ? OLD : NEW);

    const next = await finished(project.spawnRun('synth', [], { TODO_PROFILE: 'local' }));
    expect(next.code).toBe(0);
    expect(distText()).toBe(NEW);
    expect(tree(project.path('.synth', 'runs'))).toEqual([]);
  });

  test.each([
    ['staged', false],
    ['published', true],
  ])('first publish killed at %s: dist/ is absent or complete, never empty', async (step, exists) => {
    const killed = await finished(project.spawnRun('synth', [], { TODO_PROFILE: 'local', TODO_SYNTH_KILL_AT: step }));
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.existsSync(dist())).toBe(exists);
    if (exists) expect(distText()).toBe(NEW);
  });

  test('killed at random moments: dist/ is always one complete output', async () => {
    seedOld();
    for (let i = 0; i < 4; i++) {
      const child = project.spawnRun('synth', [], { TODO_PROFILE: i % 2 ? 'cloud' : 'local' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 300 + Math.random() * 900);
      await finished(child);
      clearTimeout(timer);
      expect(tree(dist())).toEqual(['todo.k8s.yaml']);
      expect([OLD, NEW]).toContain(distText());
    }
  });
});

test('concurrent synths: each stages privately, and a reader polling dist/ always sees one complete output', async () => {
  seedOld();
  const runs = [0, 1, 2, 3, 4, 5].map((i) =>
    finished(project.spawnRun('synth', [], { TODO_PROFILE: i % 2 ? 'cloud' : 'local', TODO_SYNTH_PAUSE_AT: 'staged', TODO_SYNTH_PAUSE_MS: String(100 + i * 60) })),
  );
  let done = false;
  const all = Promise.all(runs).finally(() => (done = true));
  const seen: string[] = [];
  while (!done) {
    const entries = fs.readdirSync(dist());
    const text = distText();
    seen.push(entries.length === 1 && entries[0] === 'todo.k8s.yaml' ? (text === OLD ? 'old' : text === NEW ? 'new' : 'PARTIAL') : `ENTRIES ${entries}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const results = await all;
  expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
  for (const [i, r] of results.entries()) expect(r.stderr).toMatch(new RegExp(`^${i % 2 ? '' : escapeRegExp(noLockLine())}Published dist/todo\\.k8s\\.yaml: \\d+ objects`));
  expect(seen.length).toBeGreaterThan(100);
  expect(new Set(seen)).toEqual(new Set(['old', 'new']));
  expect(tree(project.path('.synth', 'runs'))).toEqual([]);
});

test('concurrent `npm run synth` runs (the real CLI): each has its own scratch directory, all succeed with only their line', async () => {
  seedOld();
  const runs = await Promise.all(['local', 'cloud', 'local'].map((profile) => finished(project.spawnRun('synth', ['--profile', profile, ...(profile === 'cloud' ? ['-f', project.cloudValues] : [])]))));
  for (const [i, run] of runs.entries()) {
    expect([i, run.code]).toEqual([i, 0]);
    // Only the local profile's never-pulled :dev images are warned about (no lock here); cloud pulls from its registry.
    const profile = i === 1 ? 'cloud' : 'local';
    expect(run.stderr).toMatch(new RegExp(`^${profile === 'local' ? escapeRegExp(noLockLine()) : ''}Published dist/todo\\.k8s\\.yaml: \\d+ objects \\(profile ${profile}\\)\\.\\n$`));
  }
  expect(tree(dist())).toEqual(['todo.k8s.yaml']);
  expect([OLD, NEW]).toContain(distText());
  expect(tree(project.path('.synth', 'runs'))).toEqual([]);
});

/** Why dist/ is never a symlink swapped by rename: kubectl does not read a symlinked directory. */
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
(kubectl ? test : test.skip)('kubectl apply -f <symlink to a directory> fails to read it (needs kubectl on PATH)', () => {
  fs.mkdirSync(project.path('real'), { recursive: true });
  fs.writeFileSync(project.path('real', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
  fs.symlinkSync(project.path('real'), project.path('link'));
  const run = spawnSync('kubectl', ['apply', '--dry-run=client', '--validate=false', '-f', 'link', '--server', 'http://127.0.0.1:9'], {
    cwd: project.dir, encoding: 'utf8',
  });
  expect(run.stderr).toContain('error parsing link: read link: is a directory');
});
