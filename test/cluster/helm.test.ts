// Needs: cluster
/**
 * The chart with real Helm: `helm lint --strict` with Helm 3 and Helm 4, `helm template` giving
 * exactly the objects of dist/, and on the test cluster the commands of docs/helm.md, run as
 * written (with `--wait`): install, upgrade after a settings change and after new images,
 * rollback, uninstall, and an install after it that reuses the kept database claim.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { helm, kubectl, kubectlOk, Run } from '../support/cluster';
import { lockWith, SynthProject } from '../support/synth-project';

const ROOT = path.resolve(__dirname, '..', '..');
const objectsOf = (text: string) =>
  parseAllDocuments(text).map((d) => d.toJSON()).filter(Boolean).sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
const ok = (r: Run) => {
  if (r.status !== 0) throw new Error(`exit ${r.status}:\n${r.stderr}${r.error ?? ''}`);
  return r.stdout;
};

/** The shell lines of docs/helm.md's "Install, upgrade, roll back, uninstall" block, comments dropped. */
function docCommands(): string[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'helm.md'), 'utf8');
  const block = /## Install, upgrade, roll back, uninstall[\s\S]*?```sh\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/helm.md has no "Install, upgrade, roll back, uninstall" sh block');
  return block[1].split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** The one documented line that starts with `prefix`. */
function docCommand(prefix: string): string {
  const lines = docCommands().filter((l) => l.startsWith(prefix));
  if (lines.length !== 1) throw new Error(`expected one line starting "${prefix}" in docs/helm.md, found ${lines.length}`);
  return lines[0];
}

/** A documented `helm ...` line, run by Helm 3 or 4 (`<REVISION>` filled in). */
function runHelm(version: 3 | 4, line: string, cwd: string, revision?: number): Run {
  const args = line.replace('<REVISION>', String(revision ?? '')).split(/\s+/).slice(1);
  return helm(version, args, { cwd, timeout: 300_000 });
}

let project: SynthProject;
beforeAll(() => {
  project = new SynthProject();
  ok(project.run('chart'));
  ok(project.run('synth'));
});
afterAll(() => project.remove());

describe.each([3, 4] as const)('Helm %i', (version) => {
  test('helm lint --strict passes', () => {
    const out = ok(helm(version, ['lint', '--strict', project.path('dist-chart')]));
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  test('helm template renders exactly the objects of dist/', () => {
    const rendered = ok(helm(version, ['template', 'todo', project.path('dist-chart'), '--namespace', 'default']));
    const dist = fs.readFileSync(project.path('dist', 'todo.k8s.yaml'), 'utf8');
    const keep = (o: any) => (o.kind === 'Namespace' ? { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'helm.sh/resource-policy': 'keep' } } } : o);
    expect(objectsOf(rendered)).toEqual(objectsOf(dist).map(keep));
  });
});

describe('a "{{" in a value, through real Helm', () => {
  const values = { helm: '{{ .Values.password }}', trimmed: 'a {{- b -}} c }}', quoted: 'say "{{" and }}', nested: '{{`{{`}}' };
  let braces: SynthProject;
  beforeAll(() => {
    braces = new SynthProject();
    braces.writeMain(`
import { ApiObject, App } from 'cdk8s';
import { TodoChart, TodoConfig } from './lib';
export default function buildApp(settings: TodoConfig): App {
const app = new App();
const chart = new TodoChart(app, settings.instance, { config: settings });
new ApiObject(chart, 'user-config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'user-config' }, data: ${JSON.stringify(values)} });
return app;
}
`);
    const env = { NODE_PATH: path.join(ROOT, 'node_modules') };
    ok(braces.run('chart', [], env));
    ok(braces.run('synth', [], env));
  });
  afterAll(() => braces.remove());

  test.each([3, 4] as const)('Helm %i renders the escaped values back to exactly the manifests of dist/', (version) => {
    const rendered = objectsOf(ok(helm(version, ['template', 'todo', braces.path('dist-chart'), '--namespace', 'default'])));
    expect(rendered.find((o) => o.kind === 'ConfigMap')?.data).toEqual(values);
    const dist = objectsOf(fs.readFileSync(braces.path('dist', 'todo.k8s.yaml'), 'utf8'));
    expect(rendered.map((o) => (o.kind === 'Namespace' ? { ...o, metadata: { ...o.metadata, annotations: undefined } } : o)))
      .toEqual(dist.map((o) => (o.kind === 'Namespace' ? { ...o, metadata: { ...o.metadata, annotations: undefined } } : o)));
  });
});

describe.each([3, 4] as const)('Helm %i on the test cluster: the documented commands', (version) => {
  const cwd = () => project.dir;
  const ns = 'todo';
  const clean = () => {
    helm(version, ['uninstall', 'todo', '--namespace', 'default', '--wait']);
    kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=120s']);
  };
  beforeAll(() => {
    clean();
    fs.rmSync(project.lockPath, { force: true });
    ok(project.run('chart'));
  });
  afterAll(clean);

  const deploymentImage = (name: string) => kubectlOk(['get', `deployment/${name}`, '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);

  test('install --wait, then the Secret as documented', () => {
    ok(runHelm(version, docCommand('helm install'), cwd()));
    fs.writeFileSync(project.path('.env'), 'BETTER_AUTH_SECRET=test-only-not-a-secret-0123456789ab\nOPENAI_API_KEY=test\nPOSTGRES_PASSWORD=test0123\n');
    const secretLine = docCommand('kubectl -n todo create secret');
    const [create, apply] = secretLine.split('|').map((p) => p.trim().split(/\s+/).slice(1));
    const manifest = ok(kubectl(create, { cwd: cwd() }));
    ok(kubectl(apply, { cwd: cwd(), input: manifest }));
    expect(kubectlOk(['get', 'statefulset/postgres', '-n', ns, '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
    expect(kubectlOk(['get', 'pvc', 'data-postgres-0', '-n', ns, '-o', 'jsonpath={.status.phase}'])).toBe('Bound');
  });

  test('upgrade --wait after a settings change', () => {
    fs.writeFileSync(project.path('replicas.yaml'), 'backend: { replicas: 2 }\n');
    ok(project.run('chart', ['-f', project.path('replicas.yaml')]));
    ok(runHelm(version, docCommand('helm upgrade'), cwd()));
    expect(kubectlOk(['get', 'deployment/backend', '-n', ns, '-o', 'jsonpath={.status.readyReplicas}'])).toBe('2');
  });

  test('upgrade --wait after new images (a new lock)', () => {
    fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:30800')));
    ok(project.run('chart'));
    ok(runHelm(version, docCommand('helm upgrade'), cwd()));
    expect(deploymentImage('backend')).toBe('todo-backend:sha-111111111111');
    expect(deploymentImage('frontend')).toBe('todo-frontend:sha-222222222222');
  });

  test('history and rollback --wait to the first revision', () => {
    const history = ok(runHelm(version, docCommand('helm history'), cwd()));
    expect(history).toMatch(/^3\s.*deployed/m);
    ok(runHelm(version, docCommand('helm rollback'), cwd(), 1));
    expect(deploymentImage('backend')).toBe('todo-backend:dev');
    expect(kubectlOk(['get', 'deployment/backend', '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).toBe('1');
  });

  test('uninstall keeps the Namespace, the claim and the Secret; a later install reuses the claim', () => {
    const claimUid = kubectlOk(['get', 'pvc', 'data-postgres-0', '-n', ns, '-o', 'jsonpath={.metadata.uid}']);
    ok(runHelm(version, docCommand('helm uninstall'), cwd()));
    expect(kubectl(['get', 'deployment/backend', '-n', ns]).status).not.toBe(0);
    expect(kubectlOk(['get', 'namespace', ns, '-o', 'jsonpath={.status.phase}'])).toBe('Active');
    expect(kubectlOk(['get', 'secret', 'todo-secrets', '-n', ns, '-o', 'name']).trim()).toBe('secret/todo-secrets');
    expect(kubectlOk(['get', 'pvc', 'data-postgres-0', '-n', ns, '-o', 'jsonpath={.metadata.uid}'])).toBe(claimUid);

    fs.rmSync(project.lockPath, { force: true });
    ok(project.run('chart'));
    ok(runHelm(version, docCommand('helm install'), cwd()));
    expect(kubectlOk(['get', 'pvc', 'data-postgres-0', '-n', ns, '-o', 'jsonpath={.metadata.uid}'])).toBe(claimUid);
    const pod = JSON.parse(kubectlOk(['get', 'pod', 'postgres-0', '-n', ns, '-o', 'json']));
    expect(pod.spec.volumes.find((v: any) => v.persistentVolumeClaim)?.persistentVolumeClaim.claimName).toBe('data-postgres-0');
  });
});
