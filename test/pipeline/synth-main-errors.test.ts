import * as fs from 'fs';
import { projectLines } from '../../lib/pipeline/run-cdk8s';
import { SynthProject, noLockLine } from '../support/synth-project';

// An error thrown while main.ts builds the chart, after loadSettings: an explained one (a bad
// prop) prints its message only, through `npm run synth` and plain `cdk8s synth`; a bug keeps its stack.
let project: SynthProject;
beforeEach(() => (project = new SynthProject()));
afterEach(() => project.remove());

const LIB = JSON.stringify(require.resolve('../lib'));
const CDK8S = JSON.stringify(require.resolve('cdk8s'));

function useMain(body: string): void {
  const main = project.path('main.ts');
  fs.writeFileSync(main, [
    `import { App } from ${CDK8S};`,
    `import { BACKEND_CONTRACT, loadSettings, synthesizeApp, TodoChart, Worker } from ${LIB};`,
    'const settings = loadSettings();',
    'const app = new App();',
    'const chart = new TodoChart(app, settings.instance, { config: settings });',
    body,
    'synthesizeApp(app, settings);',
    '',
  ].join('\n'));
  fs.writeFileSync(project.path('cdk8s.yaml'), `app: node --require ${require.resolve('tsx/cjs')} ${main}\noutput: .synth/cli\n`);
  fs.mkdirSync(project.path('dist'));
  fs.writeFileSync(project.path('dist', 'todo.k8s.yaml'), 'previous output\n');
}

const BAD_WORKER = `new Worker(chart, 'My_Worker', { contract: BACKEND_CONTRACT, name: 'my-worker', component: 'worker', instance: settings.instance,
  image: settings.images.backend, command: ['python', '-m', 'worker'], database: chart.database, env: chart.backend.appEnv, replicas: -2 });`;

test.each(['npm run synth', 'cdk8s synth'])('a bad prop in main.ts: %s prints the Invalid props message and the outcome only, exit 1', (how) => {
  useMain(BAD_WORKER);
  const run = how === 'npm run synth' ? project.run('synth') : project.cdk8sSynth();
  expect(run.status).toBe(1);
  // Plain `cdk8s synth` adds its own "Error: command ... returned a non-zero exit code 1" after the app's lines.
  const appLines = how === 'npm run synth' ? run.stderr : `${projectLines(run.stderr)}\n`;
  expect(appLines).toBe(`${noLockLine()}Invalid props of todo/My_Worker:\n  - replicas: got -2; allowed: an integer from 0 to 100\nSynth failed; dist/ was left as it was.\n`);
  expect(fs.readFileSync(project.path('dist', 'todo.k8s.yaml'), 'utf8')).toBe('previous output\n');
});

test('a bug in main.ts (a ReferenceError) keeps its stack: it points at the user\'s line', () => {
  useMain('console.log(notDefinedAnywhere);');
  const run = project.run('synth');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('ReferenceError: notDefinedAnywhere is not defined');
  expect(run.stderr).toMatch(/    at .*main\.ts:6:\d+\)/);
  expect(run.stderr).toMatch(/Synth failed; dist\/ was left as it was\.\n$/);
});
