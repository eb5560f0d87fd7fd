import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, ApiObject, Chart, Yaml } from 'cdk8s';
import { ConfigError } from '../../lib/model/settings/validate';
import { LockFileError } from '../../lib/images/lock';
import { CheckViolation, ManifestCheckError, PublishError, loadSettings, registerManifestCheck, synthesizeApp } from '../../lib/pipeline';
import { appRun, nodeAppFile } from '../../lib/pipeline/app-command';
import { projectLines } from '../../lib/pipeline/run-cdk8s';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { SynthProject, lockWith, noLockLine, tree, ROOT } from '../support/synth-project';

let project: SynthProject;
let stderr: string[];
beforeEach(() => {
  project = new SynthProject();
  stderr = [];
  jest.spyOn(console, 'error').mockImplementation((...args) => void stderr.push(args.join(' ')));
});
afterEach(() => {
  jest.restoreAllMocks();
  project.remove();
});

const settingsFor = (env: Record<string, string> = {}) =>
  loadSettings({ env, root: project.dir, exitOnError: false });
const synth = (app: App, settings = settingsFor(), options: Parameters<typeof synthesizeApp>[2] = {}) =>
  synthesizeApp(app, settings, { root: project.dir, env: {}, checks: [], exitOnError: false, ...options });
const distFile = () => project.path('dist', 'todo.k8s.yaml');

/** A previous, complete dist/ whose bytes a failed synth must not change. */
function seedDist(): string {
  fs.mkdirSync(project.path('dist'), { recursive: true });
  fs.writeFileSync(distFile(), 'previous output\n');
  return 'previous output\n';
}

function todoApp(settings = settingsFor()): { app: App; chart: TodoChart } {
  const app = new App();
  return { app, chart: new TodoChart(app, settings.instance, { config: settings }) };
}

describe('loadSettings', () => {
  test('invalid configuration throws ConfigError naming the field', () => {
    expect(() => settingsFor({ TODO_PROFILE: 'staging' })).toThrow(ConfigError);
    expect(() => settingsFor({ TODO_PROFILE: 'staging' })).toThrow('TODO_PROFILE: unknown profile "staging"');
  });

  test('a lock file pins the built images, which are never pulled', () => {
    fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:30800')));
    const settings = settingsFor();
    expect(settings.images.backend).toEqual({ repository: 'todo-backend', tag: 'sha-111111111111', pullPolicy: 'Never' });
    synth(todoApp(settings).app, settings);
    const yaml = fs.readFileSync(distFile(), 'utf8');
    expect(yaml).toContain('image: todo-backend:sha-111111111111\n          imagePullPolicy: Never');
    expect(yaml).toContain('image: todo-frontend:sha-222222222222\n          imagePullPolicy: Never');
  });

  test('a frontend image built for another NEXT_PUBLIC_API_URL is refused and says to rebuild', () => {
    fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:9999')));
    expect(() => settingsFor()).toThrow(
      new LockFileError(project.lockPath, 'the frontend image todo-frontend:sha-222222222222 was built with NEXT_PUBLIC_API_URL="http://localhost:9999", ' +
        'but the configuration (profile "local", publicUrls.backend) now implies "http://localhost:30800"'),
    );
  });

  test('locked images of other repositories (another profile) are left alone', () => {
    fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:30800')));
    // The cloud profile's placeholder hosts and repositories are refused at synth: give real ones.
    const values = project.path('prod.yaml');
    fs.writeFileSync(values, 'publicUrls: { frontend: "https://todo.acme.dev", backend: "https://api.todo.acme.dev" }\n' +
      'images: { backend: { repository: ghcr.io/acme/todo-backend }, frontend: { repository: ghcr.io/acme/todo-frontend } }\n');
    const settings = settingsFor({ TODO_PROFILE: 'cloud', TODO_VALUES: values });
    expect(settings.images.frontend.repository).toBe('ghcr.io/acme/todo-frontend');
    expect(settings.images.frontend.tag).toBe('0.1.0');
  });

  test('a malformed lock file is named with the field that is wrong', () => {
    const lock: any = lockWith('http://localhost:30800');
    delete lock.images.backend.tag;
    fs.writeFileSync(project.lockPath, JSON.stringify(lock));
    expect(() => settingsFor()).toThrow(`${project.lockPath}: field "images.backend.tag" is missing or not a string`);
    fs.writeFileSync(project.lockPath, '{ not json');
    expect(() => settingsFor()).toThrow(`${project.lockPath}: is not valid JSON`);
  });
});

describe('synthesizeApp', () => {
  test('publishes one file, dist/todo.k8s.yaml, and leaves no staging copies behind', () => {
    const settings = settingsFor();
    const result = synth(todoApp(settings).app, settings);
    expect(result.files).toEqual(['todo.k8s.yaml']);
    expect(tree(project.path('dist'))).toEqual(['todo.k8s.yaml']);
    expect(tree(project.path('.synth'))).toEqual(['runs']);
    expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
    expect(stderr).toEqual([noLockLine(path.relative(process.cwd(), project.lockPath)).trimEnd(), `Published dist/todo.k8s.yaml: ${result.manifests.length} objects (profile local).`.replace('dist/', `${path.relative(process.cwd(), project.path('dist'))}/`)]);
  });

  test('a TodoChart subclass with its own objects gets the same pipeline', () => {
    class MyChart extends TodoChart {
      constructor(scope: App, id: string, settings: ReturnType<typeof settingsFor>) {
        super(scope, id, { config: settings });
        new ApiObject(this, 'extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: settings.namespace }, data: { a: 'b' } } as any);
      }
    }
    const settings = settingsFor();
    const app = new App();
    new MyChart(app, settings.instance, settings);
    synth(app, settings);
    const objects = Yaml.load(distFile());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('ConfigMap/extra');
    expect(objects.find((o) => o.kind === 'Namespace')).toBeDefined();
  });

  test('a replaced chart and a second chart land in the one published file, in order', () => {
    const settings = settingsFor();
    const app = new App();
    const mine = new Chart(app, 'mine');
    new ApiObject(mine, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'todo' } });
    const other = new Chart(app, 'other');
    new ApiObject(other, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace: 'todo' } });
    expect(synth(app, settings).files).toEqual(['todo.k8s.yaml']);
    expect(Yaml.load(distFile()).map((o) => o.metadata.name)).toEqual(['mine', 'other']);
  });

  test("a construct's own validation (node.addValidation) fails synth and leaves dist/ as it was", () => {
    const before = seedDist();
    const { app, chart } = todoApp();
    chart.node.addValidation({ validate: () => ['replicas must be at least 1 (my check)'] });
    expect(() => synth(app)).toThrow(/^Validation failed with the following errors:\n.*replicas must be at least 1 \(my check\)/s);
    expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  });

  test('a failing synth-time check names object, field, rule and fix; dist/ stays as it was', () => {
    const before = seedDist();
    const violation: CheckViolation = { object: 'Deployment/backend', path: 'spec.replicas', rule: 'must be at least 1', fix: 'set replicas to 1 or more' };
    const check = jest.fn(() => [violation]);
    expect(() => synth(todoApp().app, undefined, { checks: [check] })).toThrow(ManifestCheckError);
    expect(() => synth(todoApp().app, undefined, { checks: [check] })).toThrow(
      'Validation failed: 1 problem in the synthesized manifests:\n  - Deployment/backend spec.replicas: must be at least 1\n      fix: set replicas to 1 or more',
    );
    const [manifests, config] = (check.mock.calls[0] as unknown) as [any[], any];
    expect(manifests.map((m) => m.kind)).toContain('StatefulSet');
    expect(config.profile).toBe('local');
    expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  });

  test('registered checks run by default, over user additions too', () => {
    const seen: string[] = [];
    registerManifestCheck((manifests) => {
      seen.push(...manifests.map((m) => `${m.kind}/${m.metadata.name}`));
      return [];
    });
    const { app, chart } = todoApp();
    new ApiObject(chart, 'mine', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine' } });
    synthesizeApp(app, settingsFor(), { root: project.dir, env: {}, exitOnError: false });
    expect(seen).toContain('ConfigMap/mine');
  });

  test('a file in dist/ that synth did not write is refused, not applied alongside', () => {
    seedDist();
    fs.writeFileSync(project.path('dist', 'old-chart.k8s.yaml'), 'kind: ConfigMap\n');
    expect(() => synth(todoApp().app)).toThrow(PublishError);
    expect(() => synth(todoApp().app)).toThrow(/dist\/old-chart\.k8s\.yaml, which this project did not write/);
    expect(fs.readFileSync(distFile(), 'utf8')).toBe('previous output\n');
  });

  test('dist/ as a symlink is refused (kubectl apply -f does not follow it)', () => {
    fs.mkdirSync(project.path('elsewhere'));
    fs.symlinkSync(project.path('elsewhere'), project.path('dist'));
    expect(() => synth(todoApp().app)).toThrow(/dist\/ is a symbolic link; it must be a plain directory/);
    expect(tree(project.path('elsewhere'))).toEqual([]);
  });

  test('cdk8s synth -o dist (the CLI deleted dist/ first): publishes a complete dist/ again, or says dist/ is gone', () => {
    const cli = { CDK8S_OUTDIR: project.path('dist') };
    synth(todoApp().app, undefined, { env: cli });
    expect(tree(project.path('dist'))).toEqual(['todo.k8s.yaml']);
    fs.rmSync(project.path('dist'), { recursive: true });
    jest.spyOn(process, 'exit').mockImplementation((() => { throw new Error('exit'); }) as any);
    const { app, chart } = todoApp();
    chart.node.addValidation({ validate: () => ['broken'] });
    expect(() => synthesizeApp(app, settingsFor(), { root: project.dir, env: cli, checks: [] })).toThrow('exit');
    expect(stderr.pop()).toBe(`Synth failed; the cdk8s CLI had already deleted ${path.relative(process.cwd(), project.path('dist'))}/.`);
  });

  test('a cdk8s CLI output directory around or inside dist/ is refused', () => {
    expect(() => synth(todoApp().app, undefined, { env: { CDK8S_OUTDIR: project.dir } })).toThrow(/given \. as its output directory, which it deletes before main.ts runs, and .*dist\/ is inside it/);
    expect(() => synth(todoApp().app, undefined, { env: { CDK8S_OUTDIR: project.path('dist', 'x') } })).toThrow(/dist\/ is around it/);
  });

  test('leftovers of killed runs are removed by the next run; those of live runs are kept', () => {
    const runs = project.path('.synth', 'runs');
    fs.mkdirSync(path.join(runs, '999999999-dead'), { recursive: true });
    fs.mkdirSync(path.join(runs, `${process.ppid}-alive`), { recursive: true });
    fs.mkdirSync(project.path('dist.old-999999999'));
    fs.mkdirSync(project.path('dist.tmp-999999999'));
    synth(todoApp().app);
    expect(tree(runs)).toEqual([`${process.ppid}-alive`]);
    expect(tree(project.dir).filter((e) => e.startsWith('dist.'))).toEqual([]);
  });
});

describe('npm run synth (main.ts in its own process; any other app through the real cdk8s CLI)', () => {
  test.each([
    ['node --require tsx/cjs main.ts', 'main.ts'],
    ['node -r tsx/cjs --import=tsx app/main.ts', 'app/main.ts'],
    ['node main.js', 'main.js'],
    ['node --require tsx/cjs main.ts --flag', undefined],
    ['node --require ./hook.js main.ts', undefined],
    ['node --import tsx main.mts', undefined],
    ['npx ts-node main.ts', undefined],
    ['node main.ts && echo done', undefined],
    ['NODE_OPTIONS=x node main.ts', undefined],
  ])('cdk8s.yaml app %j runs in process: %s', (command, file) => {
    expect(nodeAppFile(command, ROOT)).toBe(file && path.join(ROOT, file));
  });

  test('cdk8s.yaml keys the in-process run does not honour (validations, plugins) go through the CLI', () => {
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: node main.js\nvalidations: []\n`);
    expect(appRun(project.dir)).toEqual({ kind: 'cli' });
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: node main.js\noutput: x\n`);
    expect(appRun(project.dir)).toEqual({ kind: 'in-process', file: project.path('main.js') });
  });

  test('success: only the project line; dist/ holds the manifests', () => {
    seedDist();
    fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:30800')));
    const run = project.run('synth');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Published dist/todo.k8s.yaml: 8 objects (profile local).\n');
    expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
  });

  test('no images lock: one warning line on stderr naming the never-pulled images and the commands that fix it', () => {
    const run = project.run('synth');
    expect(run.status).toBe(0);
    const [warning, ...rest] = run.stderr.split('\n');
    expect(warning).toBe(
      'Warning: no images lock (images.lock.json), so the manifests run todo-backend:dev, todo-frontend:dev, todo-frontend:dev-migrate ' +
        'with imagePullPolicy: Never, which the cluster answers with ErrImageNeverPull unless you built those tags yourself; ' +
        'run `npm run images` (same --profile/-f) to build and pin them, or `npm run deploy`, which builds them.',
    );
    expect(rest).toEqual(['Published dist/todo.k8s.yaml: 8 objects (profile local).', '']);
    // What it warns about is what was written.
    expect(fs.readFileSync(distFile(), 'utf8')).toContain('image: todo-frontend:dev\n          imagePullPolicy: Never');
    // An instance of its own names its own lock; a registry profile (cloud) pulls, so it says nothing.
    fs.writeFileSync(project.path('staging.yaml'), 'instance: todo-staging\nnamespace: todo-staging\nfrontend: { migration: { kind: none } }\n');
    const staging = project.run('synth', ['-f', 'staging.yaml']);
    expect(staging.stderr.split('\n')[0]).toMatch(/^Warning: no images lock \(images\.todo-staging\.lock\.json\), so the manifests run todo-backend:dev, todo-frontend:dev with /);
    expect(project.run('synth', ['--profile', 'cloud', '-f', project.cloudValues]).stderr).toMatch(/^Published dist\/todo\.k8s\.yaml: \d+ objects \(profile cloud\)\.\n$/);
  });

  test('bad configuration: the project lines only (no CLI stack trace), non-zero, dist/ untouched', () => {
    const before = seedDist();
    const run = project.run('synth', ['--profile', 'prod']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `Invalid configuration (--profile prod):\n  - --profile: unknown profile "prod"; allowed: one of local, cloud (files in ${path.join(ROOT, 'profiles')})\nSynth failed; dist/ was left as it was.\n`,
    );
    expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  });

  test.each([
    [['-o', 'dist'], '-o is not accepted: the output is always dist/'],
    [['--output=.'], '--output is not accepted'],
    [['--app', 'x'], '--app is not accepted'],
    [['--bogus'], 'unknown option "--bogus"'],
    [['--values'], '--values needs a value'],
    [['-f', '--profile'], '-f needs a value'],
    [['--profile'], '--profile needs a value'],
    [['--values', 'missing.yaml'], '--values missing.yaml: does not exist'],
    [['-f', '/tmp'], '-f /tmp: is a directory, not a file'],
    [['--chart-version', '1.0.0'], '--chart-version is not accepted: only `npm run chart` takes --chart-version'],
    [['extra'], 'unknown argument "extra"'],
  ])('refuses %j before anything runs; dist/ untouched', (args, message) => {
    const before = seedDist();
    const run = project.run('synth', args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`npm run synth: ${message}`);
    expect(run.stderr).toContain('Usage: npm run synth -- [--profile NAME] [--values FILE]...');
    expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  });

  test('the same words for a values file that is a directory, from -f or TODO_VALUES', () => {
    expect(project.run('synth', ['-f', '/tmp']).stderr).toContain('-f /tmp: is a directory, not a file');
    expect(project.run('synth', [], { TODO_VALUES: '/tmp' }).stderr).toContain('/tmp: is a directory, not a file; allowed: a readable values file');
  });

  test('relative values files (-f and TODO_VALUES) are found where npm was run (INIT_CWD), as --backend-dir is', () => {
    fs.mkdirSync(project.path('sub'));
    fs.writeFileSync(project.path('sub', 'p2.yaml'), 'backend: { replicas: 2 }\n');
    const inSub = { INIT_CWD: project.path('sub') };
    for (const [args, env] of [[['-f', 'p2.yaml'], inSub], [[], { ...inSub, TODO_VALUES: 'p2.yaml' }]] as const) {
      const run = project.run('synth', [...args], env);
      expect(run.stderr).toBe(`${noLockLine()}Published dist/todo.k8s.yaml: 8 objects (profile local).\n`);
      expect(run.status).toBe(0);
      expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/  name: backend\n  namespace: todo\nspec:\n(  .*\n)*?  replicas: 2\n/);
      fs.rmSync(distFile());
    }
  });

  test.each([
    ['in this process (cdk8s.yaml app `node <file>`)', 'node probe.js', false],
    ['through the cdk8s CLI (any other app command)', 'node probe.js --through-cli', true],
  ])('--values / -f / --profile reach the app %s as TODO_VALUES and TODO_PROFILE', (_, app, cli) => {
    // A stand-in app that records its environment (and creates the CLI's output directory, if any).
    fs.writeFileSync(project.path('probe.js'),
      "const fs = require('fs'); fs.writeFileSync('seen.json', JSON.stringify({ values: process.env.TODO_VALUES, profile: process.env.TODO_PROFILE, cli: 'CDK8S_OUTDIR' in process.env })); " +
      "if (process.env.CDK8S_OUTDIR) fs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true });\n");
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: ${app}\noutput: .synth/cli\n`);
    fs.writeFileSync(project.path('a.yaml'), 'replicas: 1\n');
    fs.writeFileSync(project.path('b.json'), '{}\n');
    const run = project.run('synth', ['--values', 'a.yaml', '-f', 'b.json', '--profile=cloud']);
    expect(JSON.parse(fs.readFileSync(project.path('seen.json'), 'utf8'))).toEqual({ values: 'a.yaml,b.json', profile: 'cloud', cli });
    expect(run.stderr).toBe(`${cli ? 'main.ts' : 'probe.js'} did not call synthesizeApp(app, settings), so nothing was published; dist/ was left as it was.\n`);
    expect(run.status).toBe(1);
  });

  test('the project\'s main.ts runs in the wrapper\'s own process: no cdk8s CLI, no second node', () => {
    const main = project.path('main.ts');
    fs.writeFileSync(main, `require('fs').writeFileSync('pid', String(process.pid) + ' ' + ('CDK8S_OUTDIR' in process.env));\nrequire(${JSON.stringify(path.join(ROOT, 'main.ts'))});\n`);
    fs.writeFileSync(project.path('cdk8s.yaml'), `language: typescript\napp: node --require ${require.resolve('tsx/cjs')} main.ts\noutput: .synth/cli\n`);
    const child = project.spawnRun('synth');
    return new Promise<void>((resolve) => child.on('close', (code) => {
      expect(code).toBe(0);
      expect(fs.readFileSync(project.path('pid'), 'utf8')).toBe(`${child.pid} false`);
      expect(tree(project.path('dist'))).toEqual(['todo.k8s.yaml']);
      resolve();
    }));
  });

  test('the app runs from a cached bundle that follows every change to its files', () => {
    const mine = project.path('mine.ts');
    const helper = project.path('helper.ts');
    fs.writeFileSync(helper, "export const word: string = 'first';\n");
    fs.writeFileSync(mine, `import { word } from './helper';\nconsole.error(word);\nrequire(${JSON.stringify(path.join(ROOT, 'main.ts'))});\n`);
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: node mine.ts\n`);
    expect(project.run('synth').stderr).toBe(`first\n${noLockLine()}Published dist/todo.k8s.yaml: 8 objects (profile local).\n`);
    expect(tree(project.path('.synth', 'bundles')).filter((f) => f.endsWith('.cjs'))).toHaveLength(2); // the command and the app
    fs.writeFileSync(helper, "export const word: string = 'second';\n");
    expect(project.run('synth').stderr).toBe(`second\n${noLockLine()}Published dist/todo.k8s.yaml: 8 objects (profile local).\n`);
  });

  test('an app that does not compile: file, line and column, exit 1, dist/ untouched', () => {
    const before = seedDist();
    fs.writeFileSync(project.path('mine.ts'), 'const x: number = ;\n');
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: node mine.ts\n`);
    const run = project.run('synth');
    expect(run.stderr).toBe('mine.ts:1:18: Unexpected ";"\nSynth failed; dist/ was left as it was.\n');
    expect(run.status).toBe(1);
    expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  });

  test('an app that publishes later (after a timer) is waited for', () => {
    const main = project.path('later.ts');
    fs.writeFileSync(main, `setTimeout(() => require(${JSON.stringify(path.join(ROOT, 'main.ts'))}), 50);\n`);
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: node -r ${require.resolve('tsx/cjs')} later.ts\n`);
    const run = project.run('synth');
    expect(run.stderr).toBe(`${noLockLine()}Published dist/todo.k8s.yaml: 8 objects (profile local).\n`);
    expect(run.status).toBe(0);
  });

  test('synthInProcess: the fast path as a function, for other commands (a deploy) to call', () => {
    const script = `require(${JSON.stringify(path.join(ROOT, 'lib', 'pipeline'))}).synthInProcess().then((r) => console.log(JSON.stringify({ files: r.files, objects: r.manifests.length })));`;
    const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: project.dir, encoding: 'utf8', env: project.env() });
    expect(run.stderr).toBe(`${noLockLine()}Published dist/todo.k8s.yaml: 8 objects (profile local).\n`);
    expect(JSON.parse(run.stdout)).toEqual({ files: ['todo.k8s.yaml'], objects: 8 });
  });

  test("a bug in the user's main.ts: their stack is shown, the CLI's is not", () => {
    const broken = project.path('broken.ts');
    fs.writeFileSync(broken, "throw new TypeError('my worker has no image');\n");
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: node --import ${require.resolve('tsx')} ${broken}\noutput: .synth/cli\n`);
    const before = seedDist();
    const run = project.run('synth');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('TypeError: my worker has no image');
    expect(run.stderr).toContain(`${broken}:1:`); // the bundle's source map points at the user's file
    expect(run.stderr).not.toMatch(/Error: command|cdk8s-cli/);
    expect(run.stderr).toMatch(/\nSynth failed; dist\/ was left as it was\.\n$/);
    expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  });

  test.each([
    ['calls app.synth() itself', 'app.synth();'],
    ['never synthesizes', ''],
  ])('a main.ts that %s is told it did not call synthesizeApp; dist/ untouched', (_, call) => {
    const mine = project.path('mine.ts');
    fs.writeFileSync(mine, `import { App, Chart } from ${JSON.stringify(require.resolve('cdk8s'))};\nconst app = new App();\nnew Chart(app, 'c');\n${call}\n`);
    fs.writeFileSync(project.path('cdk8s.yaml'), `app: node --import ${require.resolve('tsx')} ${mine}\noutput: .synth/cli\n`);
    const before = seedDist();
    const run = project.run('synth');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('mine.ts did not call synthesizeApp(app, settings), so nothing was published; dist/ was left as it was.\n');
    expect(fs.readFileSync(distFile(), 'utf8')).toBe(before);
  });

  test('plain `cdk8s synth` keeps working and publishes the same dist/', () => {
    const run = project.cdk8sSynth();
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('Published dist/todo.k8s.yaml');
    expect(tree(project.path('dist'))).toEqual(['todo.k8s.yaml']);
  });

  test('plain `cdk8s synth -o dist` (the CLI deletes dist/ first) ends with a complete dist/', () => {
    seedDist();
    const run = project.cdk8sSynth(['-o', 'dist']);
    expect(run.status).toBe(0);
    expect(tree(project.path('dist'))).toEqual(['todo.k8s.yaml']);
    expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
  });

  test('projectLines drops exactly what the cdk8s CLI adds', () => {
    expect(projectLines('mine\nSynth failed; dist/ was left as it was.\nError: command "node main.ts " at /p returned a non-zero exit code 1\n    at ChildProcess.<anonymous> (x)\n'))
      .toBe('mine\nSynth failed; dist/ was left as it was.');
    expect(projectLines('No manifests synthesized\nPublished x\n')).toBe('Published x');
  });
});
