// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
// `npm run synth` as users run it: bin/todo-k8s.js in a project laid out as theirs.
import * as fs from 'fs';
import * as path from 'path';
import { SynthProject, lockWith, noLockLine, tree, ROOT } from '../support/synth-project';

let project: SynthProject;
beforeEach(() => (project = new SynthProject()));
afterEach(() => project.remove());

const distFile = () => project.path('dist', 'todo.k8s.yaml');
function seedDist(): string {
  fs.mkdirSync(project.path('dist'), { recursive: true });
  fs.writeFileSync(distFile(), 'previous output\n');
  return 'previous output\n';
}
const MAIN_IMPORTS = "import { App, Chart, ApiObject } from 'cdk8s';\nimport { TodoChart, TodoConfig } from './lib';\n";

test('success: only the project line; dist/ holds the manifests', () => {
  seedDist();
  fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:30800')));
  const run = project.run('synth');
  expect(run.stderr).toBe('Published dist/todo.k8s.yaml: 8 objects (profile local).\n');
  expect(run.stdout).toBe('');
  expect(run.status).toBe(0);
  expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
  expect(fs.readFileSync(distFile(), 'utf8')).toContain('image: todo-backend:sha-111111111111\n          imagePullPolicy: Never');
});

test('no images lock: one warning line naming the never-pulled images and the commands that fix it', () => {
  const run = project.run('synth');
  expect(run.status).toBe(0);
  expect(run.stderr).toBe(`${noLockLine()}Published dist/todo.k8s.yaml: 8 objects (profile local).\n`);
  expect(fs.readFileSync(distFile(), 'utf8')).toContain('image: todo-frontend:dev\n          imagePullPolicy: Never');
  // An instance of its own names its own lock; a registry profile (cloud) pulls, so it says nothing.
  fs.writeFileSync(project.path('staging.yaml'), 'instance: todo-staging\nnamespace: todo-staging\nfrontend: { migration: { kind: none } }\n');
  const staging = project.run('synth', ['-f', 'staging.yaml']);
  expect(staging.stderr.split('\n')[0]).toMatch(/^Warning: no images lock \(images\.todo-staging\.lock\.json\), so the manifests run todo-backend:dev, todo-frontend:dev with /);
  expect(project.run('synth', ['--profile', 'cloud', '-f', project.cloudValues]).stderr).toMatch(/^Published dist\/todo\.k8s\.yaml: \d+ objects \(profile cloud\)\.\n$/);
});

test('a frontend image built for another NEXT_PUBLIC_API_URL is refused and says to rebuild', () => {
  fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:9999')));
  const run = project.run('synth');
  expect(run.stderr).toContain('the frontend image todo-frontend:sha-222222222222 was built with NEXT_PUBLIC_API_URL="http://localhost:9999", but the configuration (profile "local", publicUrls.backend) now implies "http://localhost:30800"');
  expect(run.status).toBe(1);
});

test('bad configuration: the project lines only, non-zero, dist/ untouched', () => {
  const before = seedDist();
  const run = project.run('synth', ['--profile', 'prod']);
  expect(run.stderr).toBe(
    `Invalid configuration (--profile prod):\n  - --profile: unknown profile "prod"; allowed: one of local, cloud (files in ${path.join(ROOT, 'profiles')})\nSynth failed; dist/ was left as it was.\n`,
  );
  expect(run.status).toBe(1);
  expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
});

test.each([
  [['-o', 'dist'], '-o is not accepted: use --output DIR'],
  [['--app', 'x'], '--app is not accepted'],
  [['--bogus'], "Unknown option '--bogus'"],
  [['--values'], '--values needs a value'],
  [['-f', '--profile'], '-f needs a value'],
  [['--profile'], '--profile needs a value'],
  [['--values', 'missing.yaml'], '--values "missing.yaml": does not exist'],
  [['-f', '/tmp'], '-f "/tmp": is a directory, not a file'],
  [['--chart-version', '1.0.0'], '--chart-version is not accepted: only `npm run chart` takes --chart-version'],
  [['extra'], "Unexpected argument 'extra'"],
])('refuses %j before anything runs (exit 2, usage); dist/ untouched', (args, message) => {
  const before = seedDist();
  const run = project.run('synth', args);
  expect(run.stderr).toContain(`npm run synth: ${message}`);
  expect(run.stderr).toContain('Usage: npm run synth -- [options]');
  expect(run.status).toBe(2);
  expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
});

test('relative values files (-f and TODO_VALUES) are found where npm was run (INIT_CWD)', () => {
  fs.mkdirSync(project.path('sub'));
  fs.writeFileSync(project.path('sub', 'p2.yaml'), 'backend: { replicas: 2 }\n');
  const inSub = { INIT_CWD: project.path('sub') };
  for (const [args, env] of [[['-f', 'p2.yaml'], inSub], [[], { ...inSub, TODO_VALUES: 'p2.yaml' }]] as const) {
    const run = project.run('synth', [...args], env);
    expect(run.stderr).toBe(`${noLockLine('../images.lock.json')}Published ../dist/todo.k8s.yaml: 8 objects (profile local).\n`);
    expect(run.status).toBe(0);
    expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/  name: backend\n  namespace: todo\nspec:\n(  .*\n)*?  replicas: 2\n/);
    fs.rmSync(distFile());
  }
});

test('--output publishes elsewhere (one directory per instance), atomically as dist/', () => {
  const run = project.run('synth', ['--output', 'dist-staging']);
  expect(run.status).toBe(0);
  expect(run.stderr).toContain('Published dist-staging/todo.k8s.yaml: 8 objects');
  expect(tree(project.path('dist-staging'))).toEqual(['todo.k8s.yaml']);
  expect(fs.existsSync(project.path('dist'))).toBe(false);
});

test('main.ts builds, the command synthesizes: the function it exports gets the settings of -f', () => {
  fs.writeFileSync(project.path('two.yaml'), 'instance: todo-two\nnamespace: todo-two\n');
  project.writeMain(`${MAIN_IMPORTS}export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  new TodoChart(app, settings.instance, { config: settings });
  new ApiObject(new Chart(app, 'mine'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-' + settings.instance, namespace: settings.namespace } });
  return app;
}
`);
  const run = project.run('synth', ['-f', 'two.yaml']);
  expect(run.status).toBe(0);
  expect(fs.readFileSync(distFile(), 'utf8')).toContain('name: from-todo-two\n  namespace: todo-two\n');
});

test.each([
  ['exports nothing (the old style: it ran the pipeline itself)', "import { App } from 'cdk8s';\nnew App();\n", /main\.ts exports no function that builds the app\. Export one; every command calls it with the settings:\n  export default function buildApp/],
  ['returns no App', `${MAIN_IMPORTS}export default function buildApp(_s: TodoConfig): App { return undefined as any; }\n`, /the function main\.ts exports returned nothing, not the cdk8s App it built: end it with `return app;`/],
])('a main.ts that %s is told what to write; dist/ untouched', (_, text, message) => {
  const before = seedDist();
  project.writeMain(text);
  const run = project.run('synth');
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toMatch(/\nSynth failed; dist\/ was left as it was\.\n$/);
  expect(run.status).toBe(1);
  expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
});

test('a main.ts that does not compile: file, line and column, exit 1, dist/ untouched', () => {
  const before = seedDist();
  project.writeMain('const x: number = ;\n');
  const run = project.run('synth');
  expect(run.stderr).toBe('main.ts does not compile:\nmain.ts:1:18: Unexpected ";"\nSynth failed; dist/ was left as it was.\n');
  expect(run.status).toBe(1);
  expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  // The CLI itself still runs without the app.
  expect(project.run('check-app', ['--list']).status).toBe(0);
});

test("a bug in the user's main.ts: their stack is shown, pointing at their file", () => {
  project.writeMain(`${MAIN_IMPORTS}export default function buildApp(_s: TodoConfig): App {\n  throw new TypeError('my worker has no image');\n}\n`);
  const before = seedDist();
  const run = project.run('synth');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('TypeError: my worker has no image');
  expect(run.stderr).toContain(`${project.path('main.ts')}:4:`); // the bundle's source map points at the user's file
  expect(run.stderr).toMatch(/\nSynth failed; dist\/ was left as it was\.\n$/);
  expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
});

test('a bad prop in main.ts prints the construct path and every problem, no stack', () => {
  project.writeMain(`${MAIN_IMPORTS}import { Worker } from './lib';
export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  const chart = new TodoChart(app, settings.instance, { config: settings });
  new Worker(chart, 'My_Worker', { name: 'My_Worker', user: { uid: 1, gid: 1 }, image: { repository: 'x', tag: '1', pullPolicy: 'IfNotPresent' }, replicas: -2 });
  return app;
}
`);
  const run = project.run('synth');
  expect(run.stderr).toMatch(/^Invalid props of todo\/My_Worker:\n  - replicas: got -2; allowed: an integer from 0 to 100\n/m);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.status).toBe(1);
});

test('the app runs from a cached bundle that follows every change to its files', () => {
  fs.writeFileSync(project.path('helper.ts'), "export const name = 'first';\n");
  const main = (t: string) => `${MAIN_IMPORTS}import { name } from './helper';\nexport default function buildApp(settings: TodoConfig): App {\n  const app = new App();\n  new TodoChart(app, settings.instance, { config: settings });\n  new ApiObject(new Chart(app, 'c'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ${t}, namespace: 'todo' } });\n  return app;\n}\n`;
  project.writeMain(main('name'));
  expect(project.run('synth').status).toBe(0);
  expect(fs.readFileSync(distFile(), 'utf8')).toContain('name: first\n');
  expect(tree(project.path('.synth', 'bundles')).filter((f) => f.endsWith('.cjs'))).toHaveLength(1); // the CLI and the app, one bundle
  fs.writeFileSync(project.path('helper.ts'), "export const name = 'second';\n");
  expect(project.run('synth').status).toBe(0);
  expect(fs.readFileSync(distFile(), 'utf8')).toContain('name: second\n');
});

test('a file saved while the bundle builds is not cached with its old content', async () => {
  const { bundledModule } = require('../../lib/cli/bundle');
  const entry = project.path('entry.ts');
  fs.writeFileSync(entry, "export const v = 'old';\n");
  const nodeFs = require('fs') as typeof fs; // the module object bundle.js uses
  const read = nodeFs.readFileSync;
  // Save the file right after the bundle has read it, as an editor would during a synth.
  const spy = jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((file: any, ...rest: any[]) => {
    const data = (read as any)(file, ...rest);
    if (file === entry) {
      spy.mockRestore();
      fs.writeFileSync(entry, "export const v = 'new';\n");
    }
    return data;
  }) as any);
  const first = await bundledModule({ e: entry }, project.dir);
  expect(fs.readFileSync(first, 'utf8')).toContain('"old"');
  const second = await bundledModule({ e: entry }, project.dir);
  expect(fs.readFileSync(second, 'utf8')).toContain('"new"');
});

test('plain `cdk8s synth` keeps working and publishes the same dist/', () => {
  const run = project.cdk8sSynth();
  expect(run.status).toBe(0);
  expect(run.stderr).toContain('Published dist/todo.k8s.yaml');
  expect(tree(project.path('dist'))).toEqual(['todo.k8s.yaml']);
});

test('plain `cdk8s synth -o dist` (the CLI deletes dist/ first) ends with a complete dist/; around or inside is refused', () => {
  seedDist();
  const run = project.cdk8sSynth(['-o', 'dist']);
  expect(run.status).toBe(0);
  expect(tree(project.path('dist'))).toEqual(['todo.k8s.yaml']);
  expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
  const around = project.run('synth', [], { CDK8S_OUTDIR: project.dir });
  expect(around.stderr).toMatch(/given \. as its output directory, which it deletes before the app runs, and dist\/ is inside it/);
  expect(around.status).toBe(1);
});

test('unknown commands name the ones there are', () => {
  const run = project.run('synthesize');
  expect(run.stderr).toBe('todo-k8s: unknown command "synthesize"; allowed: synth, chart, deploy, status, down, images, check-app, secret\n');
  expect(run.status).toBe(2);
});

test('a bundle carries the hashes of its own inputs: one run\'s bundle never pairs with another\'s hashes (issue 26 item 3)', async () => {
  const { bundledModule } = require('../../lib/cli/bundle');
  const entry = project.path('paired.ts');
  fs.writeFileSync(entry, "export const v = 'old';\n");
  const first = await bundledModule({ e: entry }, project.dir);
  const oldBundle = fs.readFileSync(first);
  fs.writeFileSync(entry, "export const v = 'new';\n");
  const second = await bundledModule({ e: entry }, project.dir);
  expect(second).toBe(first);
  // A run that read the old file renames its bundle into place after a later run finished.
  fs.writeFileSync(second, oldBundle);
  const third = await bundledModule({ e: entry }, project.dir);
  expect(fs.readFileSync(third, 'utf8')).toContain('"new"');
});
