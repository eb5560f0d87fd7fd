// Needs: cluster, validator
/**
 * Custom resources of the user's (Phase V's cert-manager, Strimzi, Dapr): synth checks them
 * against the CustomResourceDefinitions cdk8s.yaml imports, and the real API server, with the
 * same definition installed, refuses what synth refuses and accepts what it accepts. Through
 * `npm run deploy`, a custom resource in main.ts is checked and applied.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkManifests, CheckViolation } from '../../lib/checks';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { requireValidator } from '../support/validator';
import { deleteNamespaces, kubectl, kubectlOk, uniqueName } from '../support/cluster';
import { ClusterProject } from './cluster-project';

jest.setTimeout(5 * 60 * 1000);

const GROUP = 'widgets.test.todo-k8s.dev';
/** A definition shaped like real ones: an alpha version (as Dapr's), an int-or-string, a map that keeps unknown fields. */
const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
    versions: [{
      name: 'v1alpha1', served: true, storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              required: ['size'],
              properties: {
                size: { type: 'integer', minimum: 1 },
                color: { type: 'string', enum: ['red', 'blue'] },
                port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      },
    }],
  },
};

const widget = (namespace: string, name: string, spec: Record<string, unknown>, apiVersion = `${GROUP}/v1alpha1`) =>
  ({ apiVersion, kind: 'Widget', metadata: { name, namespace }, spec });

let root: string;
let namespace: string;
beforeAll(() => {
  kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(WIDGET_CRD) });
  kubectlOk(['wait', '--for=condition=Established', `crd/widgets.${GROUP}`, '--timeout=60s']);
  namespace = uniqueName('crd');
  kubectlOk(['create', 'namespace', namespace]);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-crd-'));
  fs.mkdirSync(path.join(root, 'crds'));
  fs.writeFileSync(path.join(root, 'crds', 'widgets.yaml'), `# from the operator's release\n---\n${JSON.stringify(WIDGET_CRD)}\n`);
  fs.writeFileSync(path.join(root, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\nimports:\n  - k8s\n  - widgets:=crds/widgets.yaml\n');
});
afterAll(() => {
  deleteNamespaces(namespace);
  fs.rmSync(root, { recursive: true, force: true });
});

const violationsOf = (objects: readonly object[], at = root) => checkManifests([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...objects], LOCAL_PROFILE, { root: at, apiServer: requireValidator() }).filter((v: CheckViolation) => /(^|\/)Widget\//.test(v.object) || v.object === 'cdk8s.yaml');
/** The API server's answer to a server-side dry-run create with strict field validation (what the validator answers as). */
const serverRefuses = (object: object) => {
  const r = kubectl(['create', '--dry-run=server', '--validate=strict', '-f', '-'], { input: JSON.stringify(object) });
  return r.status === 0 ? undefined : r.stderr;
};

test('a widget that fits its definition passes synth and the server', () => {
  const good = widget(namespace, 'good', { size: 2, color: 'red', port: 'http', extra: { anything: { goes: true } } });
  expect(violationsOf([good])).toEqual([]);
  expect(serverRefuses(good)).toBeUndefined();
});

test("wrong types, values, required and unknown fields: synth refuses each in the server's own words, at the same path", () => {
  const cases: [string, Record<string, unknown>][] = [
    ['spec.size', { size: 'big' }],
    ['spec.size', { size: 0 }],
    ['spec.color', { size: 1, color: 'green' }],
    ['spec.colour', { size: 1, colour: 'red' }],
    ['spec.size', { color: 'red' }],
  ];
  for (const [at, spec] of cases) {
    const object = widget(namespace, 'bad', spec);
    const found = violationsOf([object]);
    expect([at, found.map((v) => v.path)]).toEqual([at, [at]]);
    const refusal = serverRefuses(object) ?? '';
    expect([at, refusal]).toEqual([at, expect.stringContaining(found[0].rule.replace(/ \(API server\)$/, ''))]);
  }
});

test('a version the definition does not serve, and a kind without any definition, are refused with what to do', () => {
  const v1 = widget(namespace, 'v1', { size: 1 }, `${GROUP}/v1`);
  const [notServed] = violationsOf([v1]);
  expect(notServed.rule).toMatch(/no matches for kind "Widget" in version "widgets\.test\.todo-k8s\.dev\/v1"/);
  expect(serverRefuses(v1)).toMatch(/no matches for kind "Widget" in version "widgets.test.todo-k8s.dev\/v1"/);

  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-crd-none-'));
  try {
    const [unknown] = violationsOf([widget(namespace, 'w', { size: 1 })], elsewhere);
    expect(unknown.fix).toContain("list its CustomResourceDefinition's file in cdk8s.yaml imports");
    // A definition synthesized with the app serves as well.
    expect(violationsOf([WIDGET_CRD, widget(namespace, 'w', { size: 1 })], elsewhere)).toEqual([]);
    fs.writeFileSync(path.join(elsewhere, 'cdk8s.yaml'), 'imports:\n  - crds/missing.yaml\n');
    expect(violationsOf([], elsewhere).map((v) => v.rule)).toEqual([`crds/missing.yaml: ${path.join(elsewhere, 'crds/missing.yaml')} does not exist`]);
    // A definition imported by URL is not downloaded at synth: the refusal says to save it.
    fs.writeFileSync(path.join(elsewhere, 'cdk8s.yaml'), 'imports:\n  - https://example.com/widgets.yaml\n');
    const [remote] = violationsOf([widget(namespace, 'w', { size: 1 })], elsewhere);
    expect(remote.fix).toContain('synth does not download https://example.com/widgets.yaml: save the file in the project');
    // A cdk8s.yaml that is not YAML is named with its position (deploy synthesizes without the CLI, which would say so).
    fs.writeFileSync(path.join(elsewhere, 'cdk8s.yaml'), 'imports:\n  - crds/a.yaml\n bad: [\n');
    expect(violationsOf([], elsewhere).map((v) => `${v.object} ${v.rule}`)).toEqual([expect.stringMatching(/^cdk8s\.yaml \S+cdk8s\.yaml is not valid YAML at line \d+, column \d+ \([A-Z_]+\)$/)]);
  } finally {
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('npm run deploy checks a custom resource of main.ts against the imported definition and applies it', () => {
  const main = (size: string) => `
import { App, ApiObject } from 'cdk8s';
import { TodoChart, TodoConfig } from '@lib';
export default function buildApp(settings: TodoConfig): App {
const app = new App();
const chart = new TodoChart(app, settings.instance, { config: settings });
new ApiObject(chart, 'widget', { apiVersion: '${GROUP}/v1alpha1', kind: 'Widget', metadata: { name: 'mine' }, spec: { size: ${size} } });
return app;
}
`;
  const project = new ClusterProject('deploy-crd', { main: main("'big'") });
  try {
    fs.mkdirSync(project.synth.path('crds'));
    fs.writeFileSync(project.synth.path('crds/widgets.yaml'), JSON.stringify(WIDGET_CRD));
    fs.appendFileSync(project.synth.path('cdk8s.yaml'), '\nimports:\n  - crds/widgets.yaml\n');
    project.writeEnv();
    const refused = project.run('deploy', ['--timeout', '60s']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Widget\/mine spec\.size: Invalid value: "string": spec\.size in body must be of type integer/);
    expect(kubectl(['get', 'namespace', project.namespace]).status).not.toBe(0);

    project.setMain(main('3')); // cdk8s.yaml keeps its imports
    const r = project.run('deploy', ['--timeout', '120s']);
    expect(r.stderr).toContain('rollout done');
    expect(r.status).toBe(0);
    expect(kubectlOk(['get', 'widget', 'mine', '-n', project.namespace, '-o', 'jsonpath={.spec.size}'])).toBe('3');
  } finally {
    project.remove();
  }
});
