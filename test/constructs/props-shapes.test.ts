// Construct props are checked at run time against shapes read from their TypeScript interfaces.
import { App } from 'cdk8s';
import * as fs from 'fs';
import { BACKEND_CONTRACT, PropsError, TodoChart, Worker } from '../../lib';
import { shapeIssues } from '../../lib/constructs/common/props-shape';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { SHAPES_FILE, shapesText } from '../../scripts/gen-props-shapes';

test('props-shapes.json is what the interfaces say (run `npm run gen:props` after changing one)', () => {
  expect(fs.readFileSync(SHAPES_FILE, 'utf8')).toBe(shapesText());
}, 120_000);

const chart = () => new TodoChart(new App(), 'todo', { config: LOCAL_PROFILE });
const problemsOf = (build: () => unknown): readonly string[] => {
  try {
    build();
  } catch (err) {
    if (err instanceof PropsError) return err.problems;
    throw err;
  }
  return [];
};

test('a misspelt prop is refused with the one meant, not ignored (the worker would run the backend\'s command)', () => {
  const problems = problemsOf(() => new Worker(chart(), 'w', { contract: BACKEND_CONTRACT, name: 'w', comand: ['python', '-m', 'w'] } as any));
  expect(problems).toEqual([expect.stringMatching(/^comand: unknown prop \(did you mean "command"\?\); allowed: args, autoscaling, command, /)]);
});

test('every problem at once, nested props included, with the value received and what is allowed', () => {
  const problems = problemsOf(() => new Worker(chart(), 'w', {
    contract: BACKEND_CONTRACT, name: 'w', command: ['w'],
    image: { repository: 'x', tag: '1', pullPolicy: 'Alwayz', digest: 'sha256:1' },
    initContainers: [{ name: 'a', comand: ['true'] }],
  } as any));
  expect(problems).toEqual([
    expect.stringMatching(/^image\.digest: unknown prop; allowed: pinned, pullPolicy, repository, tag$/),
    'image.pullPolicy: got "Alwayz"; allowed: one of "Always", "IfNotPresent", "Never"',
    expect.stringMatching(/^initContainers\[0\]\.comand: unknown prop \(did you mean "command"\?\)/),
  ]);
});

test('outside a TodoChart, instance is required; inside, it and the contract image come from the chart', () => {
  const app = new App();
  const { Chart } = require('cdk8s');
  const plain = new Chart(app, 'plain');
  expect(problemsOf(() => new Worker(plain, 'w', { contract: BACKEND_CONTRACT, command: ['w'] }))).toEqual([
    expect.stringMatching(/^instance: got nothing \(the field is missing\); allowed: the app instance .*required outside a TodoChart/),
    expect.stringMatching(/^image: got nothing \(the field is missing\); allowed: the image: \{ repository, tag, pullPolicy \} \(the chart's backend image is used inside a TodoChart\)/),
  ]);
  const inChart = new Worker(chart(), 'w', { contract: BACKEND_CONTRACT, command: ['w'] });
  expect(inChart.labels['app.kubernetes.io/instance']).toBe('todo');
  expect(inChart.image).toEqual(LOCAL_PROFILE.images.backend);
});

test('a TodoChart given the wrong key for its settings says which one it takes', () => {
  expect(problemsOf(() => new TodoChart(new App(), 'todo', { settings: LOCAL_PROFILE } as any))).toEqual([
    expect.stringMatching(/^settings: unknown prop; allowed: config, database, /),
    'config: missing; allowed: a value: TodoChartProps requires it',
  ]);
});

test("a user's subclass with props of its own is not refused for them", () => {
  expect(shapeIssues('MyWorkerProps', { anything: 1 })).toEqual([]);
});

test('the env prop cannot replace a wired variable either: a Backend given BETTER_AUTH_URL, a Worker given another DATABASE_URL; the same value again is no change and passes', () => {
  const { Backend, Worker, envValue, BACKEND_CONTRACT } = require('../../lib') as typeof import('../../lib');
  const c = chart();
  const props = { image: LOCAL_PROFILE.images.backend, database: c.database, secretName: 'todo-secrets', betterAuthUrl: 'http://localhost:30300' } as any;
  expect(problemsOf(() => new Backend(c, 'api2', { ...props, env: [envValue('BETTER_AUTH_URL', 'http://elsewhere:3000')] }))).toEqual([
    expect.stringMatching(/^env BETTER_AUTH_URL: would replace the value the image's contract, the database or the settings wire .*; allowed: .*overrideEnv\(\.\.\.\)/),
  ]);
  const worker = (id: string, env: any[]) => () => new Worker(c, id, { contract: BACKEND_CONTRACT, name: id, command: ['python', '-m', id], database: c.database, env });
  expect(problemsOf(worker('w1', [envValue('DATABASE_URL', 'postgresql://other/db')]))).toEqual([expect.stringMatching(/^env DATABASE_URL: would replace/)]);
  expect(problemsOf(worker('w2', [...c.backend.env]))).toEqual([]);
});

test('addEnv refuses a variable the contract wired; overrideEnv replaces it and synth says so', () => {
  const { envValue } = require('../../lib') as typeof import('../../lib');
  const { synthesize } = require('../../lib/pipeline') as typeof import('../../lib/pipeline');
  const c = chart();
  expect(problemsOf(() => c.backend.addEnv(envValue('BETTER_AUTH_URL', 'http://elsewhere:3000')))).toEqual([
    expect.stringMatching(/^addEnv BETTER_AUTH_URL: already set on the main container .*; allowed: a name it does not have, or overrideEnv\(\.\.\.\) to replace it on purpose$/),
  ]);
  expect(problemsOf(() => c.backend.overrideEnv(envValue('NOT_THERE', 'x')))).toEqual([expect.stringMatching(/^overrideEnv NOT_THERE: the main container has no such variable/)]);
  c.backend.overrideEnv(envValue('BETTER_AUTH_URL', 'http://frontend.todo.svc.cluster.local:3000/auth'));
  const s = synthesize(c.node.root as App, { settings: LOCAL_PROFILE });
  const backend = s.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'backend')!;
  expect(backend.spec.template.spec.containers[0].env.find((e: any) => e.name === 'BETTER_AUTH_URL').value).toBe('http://frontend.todo.svc.cluster.local:3000/auth');
  expect(s.warnings.map((w) => `${w.object}: ${w.rule}`)).toContain("todo/Deployment/backend: overrideEnv replaces BETTER_AUTH_URL, which the workload's contract or the settings set");
});
