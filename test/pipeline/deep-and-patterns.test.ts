// Needs: validator
/**
 * Issue 26 items 5 and 11, on the path that replaced the TypeScript schema emulation: custom
 * resources are checked by the API server's own Go code (RE2 patterns, no recursion in JS).
 * - `pattern: (?i)^[a-z\_]+$`, valid for the server, is accepted; `^(a+)+$` against 28 "a" and
 *   a "!" is refused at once (RE2 does not backtrack), naming the field.
 * - A 2,000-deep object built in main.ts gives the API server's clear error, not a RangeError
 *   stack; one too deep to serialize at all gives one line naming the construct.
 * - A valid CRD file nested 600 schemas deep is read, and a resource of its kind passes.
 */
import * as fs from 'fs';
import { SynthProject } from '../support/synth-project';

jest.setTimeout(120_000);

const CRD_HEAD = (kind: string, plural: string) => [
  'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata:', ` name: ${plural}.example.com`, 'spec:', ' group: example.com',
  ` names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List}`, ' scope: Namespaced', ' versions:', ' - name: v1', '   served: true', '   storage: true', '   schema:', '    openAPIV3Schema:',
];

/** A CRD whose spec.name has `pattern`. */
function patternCrd(pattern: string): string {
  return [...CRD_HEAD('Named', 'nameds'), '     type: object', '     properties:', '      spec:', '       type: object', '       properties:', '        name:', '         type: string', `         pattern: '${pattern.replace(/'/g, "''")}'`, ''].join('\n');
}

/** A CRD whose spec nests `depth` objects `a`, each indented one space a level. */
function deepCrd(depth: number): string {
  const lines = [...CRD_HEAD('Deep', 'deeps'), '     type: object', '     properties:', '      spec:'];
  let indent = 7;
  for (let i = 0; i < depth; i++) {
    lines.push(`${' '.repeat(indent)}type: object`, `${' '.repeat(indent)}properties:`, `${' '.repeat(indent + 1)}a:`);
    indent += 2;
  }
  lines.push(`${' '.repeat(indent)}type: string`, '');
  return lines.join('\n');
}

/** main.ts adding one object `extra` (JSON, or JavaScript building it) to the app's chart. */
const mainWith = (objectSource: string) => `
import { App, ApiObject } from 'cdk8s';
import { TodoChart, TodoConfig } from './lib';
export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  const chart = new TodoChart(app, settings.instance, { config: settings });
  new ApiObject(chart, 'extra', ${objectSource});
  return app;
}
`;

function projectWith(main: string, crds: Record<string, string> = {}): SynthProject {
  const project = new SynthProject(main);
  for (const [file, text] of Object.entries(crds)) fs.writeFileSync(project.path(file), text);
  if (Object.keys(crds).length > 0) fs.appendFileSync(project.path('cdk8s.yaml'), `imports:\n${Object.keys(crds).map((f) => `  - ${f}\n`).join('')}`);
  return project;
}

const projects: SynthProject[] = [];
afterAll(() => projects.forEach((p) => fs.rmSync(p.dir, { recursive: true, force: true })));
const synth = (main: string, crds?: Record<string, string>) => {
  const project = projectWith(main, crds);
  projects.push(project);
  const started = Date.now();
  const r = project.run('synth');
  return { ...r, seconds: (Date.now() - started) / 1000 };
};
const named = (name: string) => mainWith(JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Named', metadata: { name: 'n' }, spec: { name } }));

describe('CRD patterns are RE2, as the API server runs them', () => {
  test('(?i)^[a-z\\_]+$ is accepted, and matches case-insensitively', () => {
    const r = synth(named('Hello_World'), { 'named.yaml': patternCrd('(?i)^[a-z\\_]+$') });
    expect(r.stderr).not.toMatch(/    at |ajv|SyntaxError/);
    expect(r.stderr).toContain('Published dist/todo.k8s.yaml');
    expect(r.status).toBe(0);
  });

  test('^(a+)+$ against 28 "a" and "!" is refused at once, naming the field', () => {
    const r = synth(named(`${'a'.repeat(28)}!`), { 'named.yaml': patternCrd('^(a+)+$') });
    expect(r.stderr).toContain(`todo/Named/n spec.name: Invalid value: "${'a'.repeat(28)}!": spec.name in body should match '^(a+)+$' (API server)`);
    expect(r.status).toBe(1);
    expect(r.seconds).toBeLessThan(30);
  });
});

describe('deep nesting', () => {
  test('a 2,000-deep object built in main.ts: the API server\'s error, no RangeError stack', () => {
    const r = synth(mainWith(`(() => { let d: any = { leaf: 'x' }; for (let i = 0; i < 2000; i++) d = { d }; return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, extra: d } as any; })()`));
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|    at /);
    expect(r.stderr).toContain('ConfigMap/deep extra: unknown field "extra" (API server)');
    expect(r.status).toBe(1);
  });

  test('an object too deep to serialize at all: one line naming the construct, no stack', () => {
    const r = synth(mainWith(`(() => { let d: any = { leaf: 'x' }; for (let i = 0; i < 20000; i++) d = { d }; return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, extra: d } as any; })()`));
    expect(r.stderr).not.toMatch(/    at /);
    expect(r.stderr).toContain('todo/extra: an object nested too deeply to synthesize');
    expect(r.status).toBe(1);
  });

  test('a valid CRD file nested 600 schemas deep is read, and a resource of its kind passes', () => {
    let spec: any = 'leaf';
    for (let i = 0; i < 600; i++) spec = { a: spec };
    const r = synth(mainWith(JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: 'd' }, spec })), { 'deep.yaml': deepCrd(600) });
    expect(r.stderr).not.toMatch(/cannot be read as YAML|    at /);
    expect(r.stderr).toContain('Published dist/todo.k8s.yaml');
    expect(r.status).toBe(0);
  });
});
