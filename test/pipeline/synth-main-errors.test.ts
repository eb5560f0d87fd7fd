// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
import * as fs from 'fs';
import { SynthProject, noLockLine } from '../support/synth-project';

// An error thrown while main.ts builds the app: an explained one (a bad prop) prints its message
// only, through `npm run synth` and plain `cdk8s synth`; a bug keeps its stack.
let project: SynthProject;
beforeEach(() => (project = new SynthProject()));
afterEach(() => project.remove());

function useMain(body: string): void {
  project.writeMain([
    "import { App } from 'cdk8s';",
    "import { BACKEND_CONTRACT, TodoChart, TodoConfig, Worker } from './lib';",
    'export default function buildApp(settings: TodoConfig): App {',
    '  const app = new App();',
    '  const chart = new TodoChart(app, settings.instance, { config: settings });',
    `  ${body}`,
    '  return app;',
    '}',
    '',
  ].join('\n'));
  fs.mkdirSync(project.path('dist'));
  fs.writeFileSync(project.path('dist', 'todo.k8s.yaml'), 'previous output\n');
}

const BAD_WORKER = `new Worker(chart, 'My_Worker', { contract: BACKEND_CONTRACT, name: 'my-worker', component: 'worker',
    command: ['python', '-m', 'worker'], database: chart.database, env: chart.backend.appEnv, replicas: -2 });`;

test.each(['npm run synth', 'cdk8s synth'])('a bad prop in main.ts: %s prints the Invalid props message and the outcome only, exit 1', (how) => {
  useMain(BAD_WORKER);
  const run = how === 'npm run synth' ? project.run('synth') : project.cdk8sSynth();
  expect(run.status).toBe(1);
  // Plain `cdk8s synth` adds its own "Error: command ... returned a non-zero exit code 1" after the app's lines.
  const appLines = run.stderr.replace(/^Error: command [\s\S]*$/m, '');
  expect(appLines).toBe(`${noLockLine()}Invalid props of todo/My_Worker:\n  - replicas: got -2; allowed: an integer from 0 to 100\nSynth failed; dist/ was left as it was.\n`);
  expect(fs.readFileSync(project.path('dist', 'todo.k8s.yaml'), 'utf8')).toBe('previous output\n');
});

test("a bug in main.ts (a ReferenceError) keeps its stack: it points at the user's line", () => {
  useMain('console.log((globalThis as any).x.notDefinedAnywhere);');
  const run = project.run('synth');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("TypeError: Cannot read properties of undefined (reading 'notDefinedAnywhere')");
  expect(run.stderr).toMatch(/    at .*main\.ts:6:\d+\)/);
  expect(run.stderr).toMatch(/Synth failed; dist\/ was left as it was\.\n$/);
});
