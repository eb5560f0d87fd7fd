// The pipeline as a library: synthesize() checks and returns, publish() writes atomically.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, ApiObject, Chart, Yaml } from 'cdk8s';
import { CheckError } from '../../lib/checks';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { PROFILES } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { ConfigError } from '../../lib/model/settings/validate';
import { PublishError, SynthError, instancesOf, publish, synthesize } from '../../lib/pipeline';
import { tree } from '../support/synth-project';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-pipeline-'));
  fs.copyFileSync(path.join(__dirname, '..', '..', 'package.json'), path.join(root, 'package.json'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const settings = PROFILES.local;
const distFile = () => path.join(root, 'dist', 'todo.k8s.yaml');
function todoApp(config: TodoConfig = settings): { app: App; chart: TodoChart } {
  const app = new App();
  return { app, chart: new TodoChart(app, config.instance, { config }) };
}
/** A previous, complete dist/ whose bytes a failed run must not change. */
function seedDist(): string {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(distFile(), 'previous output\n');
  return 'previous output\n';
}
const synthAndPublish = (app: App) => publish(synthesize(app, { settings }), { format: 'manifests', root });

describe('synthesize', () => {
  test('returns the objects, each chart with its settings, and prints nothing', () => {
    const log = jest.spyOn(console, 'error');
    const s = synthesize(todoApp().app, { settings });
    expect(s.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('StatefulSet/postgres');
    expect(s.charts).toHaveLength(1);
    expect(s.charts[0]).toMatchObject({ path: 'todo', isInstance: true, settings });
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  test('an app without charts is refused with what main.ts must do', () => {
    expect(() => synthesize(new App(), { settings })).toThrow(SynthError);
    expect(() => synthesize(new App(), { settings })).toThrow(/the app has no charts: the function main.ts exports must add one/);
  });

  test("a construct's own validation (node.addValidation) is a SynthError with cdk8s's words", () => {
    const { app, chart } = todoApp();
    chart.node.addValidation({ validate: () => ['replicas must be at least 1 (my check)'] });
    expect(() => synthesize(app, { settings })).toThrow(SynthError);
    expect(() => synthesize(app, { settings })).toThrow(/^Validation failed with the following errors:\n.*replicas must be at least 1 \(my check\)/s);
  });

  test('the checks run over user additions and name namespace/Kind/name; checks: false skips them', () => {
    const { app, chart } = todoApp();
    new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bad' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 29999 }] } });
    expect(() => synthesize(app, { settings })).toThrow(CheckError);
    expect(() => synthesize(app, { settings })).toThrow(/todo\/Service\/bad spec\.ports\[0\]\.nodePort/);
    expect(synthesize(app, { settings, checks: false }).objects.map((o) => o.metadata.name)).toContain('bad');
  });

  test('settings changed in code get the same field-by-field checks as a values file', () => {
    const { app } = todoApp({ ...settings, namespace: 'Bad_Namespace' });
    expect(() => synthesize(app, { settings })).toThrow(ConfigError);
    expect(() => synthesize(app, { settings })).toThrow(/namespace/);
  });

  test('each TodoChart is checked against its own settings; a plain chart against the app\'s', () => {
    const app = new App();
    const staging = { ...settings, instance: 'todo-staging', namespace: 'todo-staging', exposure: { kind: 'node-port' as const, frontendNodePort: 30301, backendNodePort: 30801 }, publicUrls: { frontend: 'http://localhost:30301', backend: 'http://localhost:30801' } };
    new TodoChart(app, 'todo', { config: settings });
    new TodoChart(app, 'todo-staging', { config: staging });
    const mine = new Chart(app, 'mine');
    new ApiObject(mine, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'todo' } });
    const s = synthesize(app, { settings });
    expect(s.charts.map((c) => [c.path, c.settings.instance, c.isInstance])).toEqual([['todo', 'todo', true], ['todo-staging', 'todo-staging', true], ['mine', 'todo', false]]);
    expect(instancesOf(s, settings).map((c) => `${c.namespace}/${c.instance}`)).toEqual(['todo/todo', 'todo-staging/todo-staging']);
    // Objects of both instances stay apart by namespace.
    expect(s.objects.filter((o) => o.kind === 'Deployment').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(
      ['todo/frontend', 'todo/backend', 'todo-staging/frontend', 'todo-staging/backend']);
  });

  test('a NodePort two instances both take is refused naming both namespaces', () => {
    const app = new App();
    new TodoChart(app, 'todo', { config: settings });
    new TodoChart(app, 'todo-2', { config: { ...settings, instance: 'todo-2', namespace: 'todo-2' } });
    expect(() => synthesize(app, { settings })).toThrow(/todo-2\/Service\/frontend .*nodePort 30300\/TCP is already taken by todo\/Service\/frontend/s);
  });

  test('cluster-scoped kinds carry no namespace, custom ones by their definition\'s scope', () => {
    const { app, chart } = todoApp();
    new ApiObject(chart, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'issuers.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'ClusterThing', plural: 'clusterthings', singular: 'clusterthing' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    });
    new ApiObject(chart, 'thing', { apiVersion: 'example.com/v1', kind: 'ClusterThing', metadata: { name: 'one' } });
    new ApiObject(chart, 'role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] });
    const objects = synthesize(app, { settings, checks: false }).objects;
    const ns = (kind: string) => objects.find((o) => o.kind === kind)!.metadata.namespace;
    expect([ns('ClusterThing'), ns('ClusterRole'), ns('CustomResourceDefinition'), ns('Namespace'), ns('Deployment')]).toEqual([undefined, undefined, undefined, undefined, 'todo']);
  });

  test('a cluster-scoped custom kind whose CRD cdk8s.yaml imports is written without a namespace, and the checks accept it', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'clusterthings.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'ClusterThing', plural: 'clusterthings', singular: 'clusterthing' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    };
    fs.writeFileSync(path.join(root, 'crds.yaml'), Yaml.stringify(crd));
    fs.writeFileSync(path.join(root, 'cdk8s.yaml'), 'language: typescript\napp: node bin/todo-k8s.js synth --from-cdk8s\nimports:\n  - k8s\n  - crds.yaml\n');
    const { app, chart } = todoApp();
    new ApiObject(chart, 'thing', { apiVersion: 'example.com/v1', kind: 'ClusterThing', metadata: { name: 'one' } });
    const objects = synthesize(app, { settings, root }).objects;
    expect(objects.find((o) => o.kind === 'ClusterThing')!.metadata).toEqual({ name: 'one' });
  });
});

describe('publish', () => {
  test('publishes one file, dist/todo.k8s.yaml, and leaves no staging copies behind', () => {
    const result = synthAndPublish(todoApp().app);
    expect(result.files).toEqual(['todo.k8s.yaml']);
    expect(tree(path.join(root, 'dist'))).toEqual(['todo.k8s.yaml']);
    expect(tree(path.join(root, '.synth'))).toEqual(['runs']);
    expect(fs.readFileSync(distFile(), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
  });

  test('a TodoChart subclass with its own objects gets the same pipeline', () => {
    class MyChart extends TodoChart {
      constructor(scope: App, id: string, config: TodoConfig) {
        super(scope, id, { config });
        new ApiObject(this, 'extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: config.namespace }, data: { a: 'b' } } as any);
      }
    }
    const app = new App();
    new MyChart(app, settings.instance, settings);
    synthAndPublish(app);
    const objects = Yaml.load(distFile());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('ConfigMap/extra');
  });

  test('a replaced chart and a second chart land in the one published file, in order', () => {
    const app = new App();
    for (const name of ['mine', 'other']) new ApiObject(new Chart(app, name), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'todo' } });
    const s = synthesize(app, { settings, checks: false });
    expect(publish(s, { format: 'manifests', root }).files).toEqual(['todo.k8s.yaml']);
    expect(Yaml.load(distFile()).map((o) => o.metadata.name)).toEqual(['mine', 'other']);
  });

  test('another output directory (one per instance) is written the same way', () => {
    const out = path.join(root, 'dist-staging');
    expect(publish(synthesize(todoApp().app, { settings }), { format: 'manifests', root, outDir: out }).outDir).toBe(out);
    expect(tree(out)).toEqual(['todo.k8s.yaml']);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  test('a file in dist/ that synth did not write is refused, not applied alongside', () => {
    seedDist();
    fs.writeFileSync(path.join(root, 'dist', 'old-chart.k8s.yaml'), 'kind: ConfigMap\n');
    expect(() => synthAndPublish(todoApp().app)).toThrow(PublishError);
    expect(() => synthAndPublish(todoApp().app)).toThrow(/dist\/old-chart\.k8s\.yaml, which this project did not write/);
    expect(fs.readFileSync(distFile(), 'utf8')).toBe('previous output\n');
  });

  test('dist/ as a symlink is refused (kubectl apply -f does not follow it)', () => {
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'dist'));
    expect(() => synthAndPublish(todoApp().app)).toThrow(/dist\/ is a symbolic link; it must be a plain directory/);
    expect(tree(path.join(root, 'elsewhere'))).toEqual([]);
  });

  test('leftovers of killed runs are removed by the next run; those of live runs are kept', () => {
    const runs = path.join(root, '.synth', 'runs');
    fs.mkdirSync(path.join(runs, '999999999-dead'), { recursive: true });
    fs.mkdirSync(path.join(runs, `${process.ppid}-alive`), { recursive: true });
    fs.mkdirSync(path.join(root, 'dist.old-999999999'));
    synthAndPublish(todoApp().app);
    expect(tree(runs)).toEqual([`${process.ppid}-alive`]);
    expect(tree(root).filter((e) => e.startsWith('dist.'))).toEqual([]);
  });
});
