// Needs: cluster
/**
 * `npm run deploy`, `status` and `down` against the test cluster's real API server (kwok's
 * node: pods are scheduled and reported Ready, no container runs; images are not built here,
 * `--no-build`). What must hold: an empty cluster reaches all-Ready and a second deploy changes
 * nothing; a removed worker is pruned and nothing outside the instance is touched; a missing .env
 * key, a differing Secret and an immutable-field change are refused before anything changes;
 * `down` keeps the claim and the Secret.
 */
import * as fs from 'fs';
import { ClusterProject, TEST_ENV_FILE } from '../cluster/cluster-project';
import { kubectl, kubectlOk } from '../support/cluster';

jest.setTimeout(8 * 60 * 1000);

/** main.ts with a worker (that also reads key EXTRA_API_KEY of the configuration's Secret when `readsExtraKey`). */
const mainWithWorker = (readsExtraKey: boolean) => `
import { App } from 'cdk8s';
import { BACKEND_CONTRACT, Worker, envFromSecret, TodoChart, TodoConfig } from '@lib';
export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  const chart = new TodoChart(app, settings.instance, { config: settings });
  new Worker(chart, 'worker', {
    contract: BACKEND_CONTRACT, name: 'worker', component: 'worker', command: ['python', '-m', 'worker'], database: chart.database,
    env: [...chart.backend.appEnv${readsExtraKey ? ", envFromSecret(chart, 'EXTRA_API_KEY', settings.secretName)" : ''}],
  });
  return app;
}
`;

const MAIN_WITHOUT_WORKER = `
import { App } from 'cdk8s';
import { TodoChart, TodoConfig } from '@lib';
export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  new TodoChart(app, settings.instance, { config: settings });
  return app;
}
`;

/** kind/name → resourceVersion of every object of the instance's kinds in the namespace. */
function versions(namespace: string): Record<string, string> {
  const list = JSON.parse(kubectlOk(['get', 'deployments,statefulsets,services,networkpolicies,secrets,configmaps', '-n', namespace, '-o', 'json']));
  return Object.fromEntries(list.items.map((o: any) => [`${o.kind}/${o.metadata.name}`, o.metadata.resourceVersion]));
}

function expectNoSecretValue(output: string): void {
  for (const line of TEST_ENV_FILE.trim().split('\n')) expect(output).not.toContain(line.split('=')[1]);
}

describe('deploy on an empty cluster', () => {
  const project = new ClusterProject('deploy', { main: mainWithWorker(false) });
  afterAll(() => project.remove());

  test('reaches all-Ready, and a second deploy changes nothing', () => {
    project.writeEnv();
    const first = project.run('deploy', ['--timeout', '120s']);
    expect(first.stderr).toContain('rollout done');
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/Secret \S+\/todo-secrets created from \.env \(values not shown\)/);
    expect(first.stderr).toMatch(/applied: created \d+ \(Namespace\/deploy-\w+, /);
    expectNoSecretValue(first.stdout + first.stderr);
    for (const w of ['deployment/backend', 'deployment/frontend', 'deployment/worker', 'statefulset/postgres']) {
      expect(kubectlOk(['get', w, '-n', project.namespace, '-o', 'jsonpath={.status.readyReplicas}'])).toBe('1');
    }
    // Server-side apply under deploy's own field manager.
    const managers = JSON.parse(kubectlOk(['get', 'deployment/backend', '-n', project.namespace, '-o', 'json', '--show-managed-fields'])).metadata.managedFields.map((f: any) => `${f.manager}/${f.operation}`);
    expect(managers).toContain('todo-k8s/Apply');

    const before = versions(project.namespace);
    const second = project.run('deploy', ['--timeout', '60s']);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/applied: nothing changed/);
    expect(second.stderr).toMatch(/Secret \S+ unchanged/);
    expect(versions(project.namespace)).toEqual(before);

    const status = project.run('status');
    expect(status.stderr).toContain('All workloads are ready.');
    expect(status.status).toBe(0);
  });

  test('a removed worker is pruned, and nothing outside the instance is touched', () => {
    // Objects of someone else in the same namespace, and in another one.
    kubectlOk(['create', 'configmap', 'not-ours', '-n', project.namespace, '--from-literal=a=b']);
    kubectlOk(['create', 'deployment', 'not-ours', '-n', project.namespace, '--image=busybox']);
    const notOurs = versions(project.namespace);

    project.setMain(MAIN_WITHOUT_WORKER);
    const r = project.run('deploy', ['--timeout', '60s']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/pruned 1 \(Deployment\/worker\)/);
    expect(kubectl(['get', 'deployment/worker', '-n', project.namespace]).status).not.toBe(0);
    const after = versions(project.namespace);
    expect(after['ConfigMap/not-ours']).toBe(notOurs['ConfigMap/not-ours']);
    expect(after['Deployment/not-ours']).toBe(notOurs['Deployment/not-ours']);
    expect(after['Deployment/backend']).toBe(notOurs['Deployment/backend']);
  });

  test('NodePorts another instance holds are refused before anything changes, naming the setting', () => {
    const taken = project.ports;
    const other = new ClusterProject('deploy-ports');
    // A second values file, layered last: the first instance's ports.
    const ports = other.synth.path('taken-ports.yaml');
    fs.writeFileSync(ports, `publicUrls: { frontend: "http://localhost:${taken.frontend}", backend: "http://localhost:${taken.backend}" }\nexposure: { kind: node-port, frontendNodePort: ${taken.frontend}, backendNodePort: ${taken.backend} }\n`);
    try {
      other.writeEnv();
      const r = other.run('deploy', ['-f', ports, '--timeout', '30s']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Service frontend: nodePort ${taken.frontend} is held by Service ${project.namespace}/frontend; set exposure.frontendNodePort to a free port`);
      expect(kubectl(['get', 'namespace', other.namespace]).status).not.toBe(0);
    } finally {
      other.remove();
    }
  });

  test('a .env that differs from the Secret is refused unless --update-secret', () => {
    const before = versions(project.namespace);
    project.writeEnv(TEST_ENV_FILE.replace(/BETTER_AUTH_SECRET=.*/, 'BETTER_AUTH_SECRET=another-test-only-secret-0123456789abcdef'));
    const refused = project.run('deploy', ['--timeout', '60s']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Secret \S+\/todo-secrets already exists and differs from \.env in: BETTER_AUTH_SECRET \(value differs\) \(values not shown\)/);
    expect(refused.stderr).toContain('--update-secret');
    expect(refused.stderr).not.toContain('another-test-only-secret');
    expect(versions(project.namespace)).toEqual(before);

    const updated = project.run('deploy', ['--update-secret', '--timeout', '60s']);
    expect(updated.stderr).toMatch(/Secret \S+ updated \(BETTER_AUTH_SECRET\)/);
    expect(updated.status).toBe(0);
    // The pods that read the Secret start again (env is read when a container starts).
    expect(updated.stderr).toMatch(/restarted Deployment\/frontend, Deployment\/backend|restarted Deployment\/backend, Deployment\/frontend/);
    expect(kubectlOk(['get', 'deployment/backend', '-n', project.namespace, '-o', 'jsonpath={.spec.template.metadata.annotations}'])).toContain('kubectl.kubernetes.io/restartedAt');
    const data = JSON.parse(kubectlOk(['get', 'secret', 'todo-secrets', '-n', project.namespace, '-o', 'json'])).data;
    expect(Buffer.from(data.BETTER_AUTH_SECRET, 'base64').toString()).toBe('another-test-only-secret-0123456789abcdef');
    project.writeEnv();
    expect(project.run('deploy', ['--update-secret', '--timeout', '60s']).status).toBe(0);
  });

  test('an immutable-field change is refused by the server dry run, naming the setting, and nothing changes', () => {
    const before = versions(project.namespace);
    // Two changes: the storage size (refused as an update) and the backend's replicas (allowed).
    project.setValues('database: { storage: 2Gi }\nbackend: { replicas: 2 }\n');
    const r = project.run('deploy', ['--timeout', '60s']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The API server would refuse this deploy (server-side dry run; nothing was changed)');
    expect(r.stderr).toContain('`database.storage`');
    expect(r.stderr).toMatch(/StatefulSet(\.apps)? "postgres" is invalid: spec: Forbidden/);
    expect(r.stderr).toMatch(/delete statefulset postgres --cascade=orphan/);
    expect(versions(project.namespace)).toEqual(before);
    project.setValues('');
  });

  test('down keeps the claim and the Secret, and --delete-data removes them', () => {
    const claims = () => kubectlOk(['get', 'pvc', '-n', project.namespace, '-o', 'name']).trim();
    expect(claims()).toBe('persistentvolumeclaim/data-postgres-0');
    const down = project.run('down');
    expect(down.status).toBe(0);
    expect(down.stderr).toMatch(/kept PersistentVolumeClaim\/data-postgres-0, Secret\/todo-secrets/);
    expect(kubectlOk(['get', 'deployments,statefulsets,services', '-n', project.namespace, '-l', 'app.kubernetes.io/part-of=todo', '-o', 'name']).trim()).toBe('');
    expect(claims()).toBe('persistentvolumeclaim/data-postgres-0');
    expect(kubectl(['get', 'deployment/not-ours', '-n', project.namespace]).status).toBe(0);
    const status = project.run('status');
    expect(status.status).toBe(1);
    expect(status.stderr).toMatch(/is not deployed .*Deploy it with: npm run deploy/);

    // Deployed again, it finds the same claim.
    expect(project.run('deploy', ['--timeout', '60s']).status).toBe(0);
    expect(claims()).toBe('persistentvolumeclaim/data-postgres-0');
    const gone = project.run('down', ['--delete-data']);
    expect(gone.status).toBe(0);
    expect(gone.stderr).toMatch(/PersistentVolumeClaim\/data-postgres-0/);
    expect(kubectl(['get', 'namespace', project.namespace]).status).not.toBe(0);
  });
});

test('refused before anything changes: .env lacks a key the manifests read (a worker of the user\'s)', () => {
  const project = new ClusterProject('deploy-key', { main: mainWithWorker(true) });
  try {
    project.writeEnv();
    const r = project.run('deploy', ['--timeout', '30s']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\.env: cannot make Secret deploy-key-\w+\/todo-secrets from it:\n\s+- EXTRA_API_KEY: missing or empty \(read by [\w-]+\/Deployment\/worker\)/);
    expect(kubectl(['get', 'namespace', project.namespace]).status).not.toBe(0);
  } finally {
    project.remove();
  }
});

test('a cluster-scoped object of the user\'s (a ValidatingAdmissionPolicy) is applied without a namespace as a member of the instance\'s ApplySet, and pruned when removed', () => {
  const project = new ClusterProject('deploy-scope', {
    main: MAIN_WITHOUT_WORKER.replace("import { App } from 'cdk8s';", "import { ApiObject, App } from 'cdk8s';").replace('  return app;', `new ApiObject(app.charts[0], 'policy', {
  apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: settings.namespace },
  spec: {
    failurePolicy: 'Fail',
    matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] },
    validations: [{ expression: 'true' }],
  },
});
  return app;`),
  });
  try {
    project.writeEnv();
    const r = project.run('deploy', ['--timeout', '120s']);
    expect(r.stderr).toContain('rollout done');
    expect(r.status).toBe(0);
    const policy = JSON.parse(kubectlOk(['get', 'validatingadmissionpolicy', project.namespace, '-o', 'json', '--show-managed-fields']));
    expect(policy.metadata.namespace).toBeUndefined();
    expect(policy.metadata.managedFields.map((f: any) => f.manager)).toContain('todo-k8s');
    expect(policy.metadata.labels['applyset.kubernetes.io/part-of']).toMatch(/^applyset-/);

    project.setMain(MAIN_WITHOUT_WORKER);
    const removed = project.run('deploy', ['--timeout', '60s']);
    expect(removed.status).toBe(0);
    expect(removed.stderr).toContain(`pruned 1 (ValidatingAdmissionPolicy/${project.namespace})`);
    expect(kubectl(['get', 'validatingadmissionpolicy', project.namespace]).status).not.toBe(0);
  } finally {
    project.remove();
    kubectl(['delete', 'validatingadmissionpolicy', project.namespace, '--ignore-not-found']);
  }
});

test('a first deploy into a namespace that does not exist yet is dry-run whole: an object admission refuses stops it before anything is applied, and the namespace made for the dry run is gone again', () => {
  const project = new ClusterProject('deploy-first', {
    main: MAIN_WITHOUT_WORKER.replace("import { App } from 'cdk8s';", "import { ApiObject, App } from 'cdk8s';").replace('  return app;', `new ApiObject(app.charts[0], 'flags', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', labels: { tier: 'forbidden' } }, data: { a: 'b' } });
  return app;`),
  });
  // The cluster's own policy, which only the server knows: ConfigMaps labelled tier=forbidden are refused in this namespace.
  const policy = project.namespace;
  kubectlOk(['apply', '-f', '-'], { input: JSON.stringify({
    apiVersion: 'v1', kind: 'List', items: [
      {
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: policy },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }] },
          validations: [{ expression: "!has(object.metadata.labels) || !('tier' in object.metadata.labels) || object.metadata.labels['tier'] != 'forbidden'", message: 'tier=forbidden is not allowed here (test policy)' }],
        },
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: policy },
        spec: { policyName: policy, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': project.namespace } } } },
      },
    ],
  }) });
  try {
    project.writeEnv();
    // The binding takes a moment to reach the admission plugin (its informers).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
    const r = project.run('deploy', ['--timeout', '30s']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The API server would refuse this deploy (server-side dry run; nothing was changed):');
    expect(r.stderr).toContain('tier=forbidden is not allowed here (test policy)');
    expect(r.stderr).toContain(`Namespace ${project.namespace}, created by this deploy for the dry run, was deleted again.`);
    expect(r.stderr).not.toContain('Applying failed after every check passed');
    expect(kubectl(['get', 'namespace', project.namespace]).status).not.toBe(0);
  } finally {
    project.remove();
    kubectl(['delete', 'validatingadmissionpolicybinding,validatingadmissionpolicy', policy, '--ignore-not-found']);
  }
});
