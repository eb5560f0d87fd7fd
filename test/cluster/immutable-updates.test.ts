// Needs: cluster
/**
 * Changes the API server refuses as updates, found against the real server: each test applies
 * dist/, changes one thing, and asserts the second `kubectl apply -f dist` is refused with the
 * field named. docs/troubleshooting.md ("Changes the cluster refuses as updates") lists each
 * with what the user must do; the last test keeps that list and these cases together.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterProject } from './cluster-project';

const ROOT = path.resolve(__dirname, '..', '..');

/** Applies the first settings, then the second; returns the second apply. */
function applyThenChange(project: ClusterProject, first: string, second: string) {
  project.setValues(first);
  project.synthesize();
  const created = project.apply();
  expect(created.stderr).toBe('');
  expect(created.status).toBe(0);
  project.setValues(second);
  project.synthesize();
  return project.apply();
}

const projects: ClusterProject[] = [];
afterAll(() => projects.forEach((p) => p.remove()));
const newProject = (prefix: string, main?: string) => {
  const p = new ClusterProject(prefix, { main });
  projects.push(p);
  return p;
};

test("the database's storage size (a StatefulSet's volumeClaimTemplates) is refused", () => {
  const r = applyThenChange(newProject('immutable-storage'), 'database: { storage: 1Gi }', 'database: { storage: 2Gi }');
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/StatefulSet "postgres" is invalid: spec: Forbidden: updates to statefulset spec for fields other than/);
});

test("the instance name (every Deployment's selector) is refused", () => {
  const r = applyThenChange(newProject('immutable-instance'), 'instance: todo', 'instance: todo-blue');
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/Deployment\.apps "backend" is invalid: spec\.selector: Invalid value: .*field is immutable/);
});

test("a Job's pod template (the user's own Job) is refused", () => {
  const main = (command: string) => `
import { ApiObject, App } from 'cdk8s';
import { TodoChart, TodoConfig } from '@lib';
export default function buildApp(settings: TodoConfig): App {
const app = new App();
const chart = new TodoChart(app, settings.instance, { config: settings });
new ApiObject(chart, 'import', {
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'import' },
  spec: { template: { spec: {
    restartPolicy: 'Never', automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'import', image: 'todo-backend:dev', imagePullPolicy: 'Never', command: ${JSON.stringify(['python', '-m', command])},
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } }],
  } } },
});
return app;
}
`;
  const project = newProject('immutable-job', main('import_v1'));
  project.synthesize();
  expect(project.apply().status).toBe(0);
  project.setMain(main('import_v2'));
  project.synthesize();
  const r = project.apply();
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/The Job "import" is invalid: spec\.template: Invalid value: .*field is immutable/);
});

test('docs/troubleshooting.md lists each refused change with what to do', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'troubleshooting.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Changes the cluster refuses as updates'));
  for (const change of ['database.storage', 'instance', 'Job']) expect(section).toContain(change);
});
