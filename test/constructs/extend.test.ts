/**
 * docs/extending.md "Tasks for main.ts": each task of issue 7 as the user writes it in main.ts, built the way
 * main.ts builds it (a validated configuration, a TodoChart, the user's additions) and
 * synthesized. Invalid additions fail at construction, naming the construct, the prop, what was
 * wrong and what is allowed.
 */
import * as kplus from 'cdk8s-plus-30';
import { ApiObject, App, Cron, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import {
  BACKEND_CONTRACT,
  BatchJob,
  DisruptionBudget,
  EnvVariable,
  IDatabaseClient,
  IDatabaseConnection,
  PropsError,
  TodoChart,
  TodoChartProps,
  TodoConfig,
  WebService,
  Worker,
  envFromSecret,
  envValue,
} from '../../lib';
import { checkManifests } from '../../lib/checks';
import { DatabaseWait } from '../../lib/constructs/database-connection';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { validateConfig } from '../../lib/model/settings/validate';
import { capture } from '../support/capture';
import { envOf, find, podSpec, Manifest } from '../support/synth';

/** What `loadSettings()` returns for the local profile (its own tests live with lib/synth). */
const settings = (override: (c: TodoConfig) => TodoConfig = (c) => c): TodoConfig => validateConfig(override(LOCAL_PROFILE), 'extend test');

const synth = (chart: TodoChart): Manifest[] => capture(Testing.synth(chart) as Manifest[], chart.config);

describe('docs/extending.md tasks', () => {
  test('a worker on the backend image with its own command: no port, Service or probes; database wired and admitted', () => {
    // --- docs/extending.md snippet: worker ---
    const app = new App();
    const config = settings();
    const chart = new TodoChart(app, config.instance, { config });
    new Worker(chart, 'worker', {
      contract: BACKEND_CONTRACT,
      name: 'worker',
      component: 'worker',
      instance: config.instance,
      image: config.images.backend,
      command: ['python', '-m', 'worker'],
      database: chart.database,
      env: chart.backend.appEnv,
    });
    // --- end ---
    const manifests = synth(chart);
    const worker = find(manifests, 'Deployment', 'worker');
    expect(worker.metadata.namespace).toBe('todo');
    const [c] = podSpec(worker).containers;
    expect(c.command).toEqual(['python', '-m', 'worker']);
    expect(c.ports).toBeUndefined();
    expect([c.startupProbe, c.readinessProbe, c.livenessProbe]).toEqual([undefined, undefined, undefined]);
    expect(manifests.filter((m) => m.kind === 'Service' && m.metadata.name === 'worker')).toEqual([]);
    expect(envOf(c).DATABASE_URL.value).toContain('@postgres.todo.svc.cluster.local:5432/');
    expect(podSpec(worker).initContainers.map((i: any) => i.name)).toEqual(['wait-for-database']);
    expect(podSpec(worker).securityContext.runAsUser).toBe(BACKEND_CONTRACT.user.uid);
    const rules = find(manifests, 'NetworkPolicy', 'postgres-clients').spec.ingress;
    expect(rules.map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name'])).toEqual(['frontend', 'backend', 'worker']);
  });

  test('Redis from its own image, no contract: reachable only from the backend, REDIS_URL in its env; passes the synth checks', () => {
    // --- docs/extending.md snippet: redis ---
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    const redis = new WebService(chart, 'redis', {
      name: 'redis',
      instance: config.instance,
      image: { repository: 'redis', tag: '7.4-alpine', pullPolicy: 'IfNotPresent' },
      port: 6379,
      portName: 'redis',
      user: { uid: 999, gid: 1000 },
      writablePaths: ['/data'],
      args: ['--save', '', '--appendonly', 'no'],
    });
    redis.allowClient(chart.backend);
    chart.backend.addEnv(envValue('REDIS_URL', redis.clusterUrlFor('redis')));
    // --- end ---
    const manifests = synth(chart);
    expect(checkManifests(manifests, config)).toEqual([]);
    const pod = podSpec(find(manifests, 'Deployment', 'redis'));
    expect(pod.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 1000, fsGroup: 1000 });
    expect(pod.containers[0]).toMatchObject({
      image: 'redis:7.4-alpine', args: ['--save', '', '--appendonly', 'no'], ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }],
      readinessProbe: { tcpSocket: { port: 6379 } }, volumeMounts: [{ name: 'data', mountPath: '/data' }],
    });
    expect(pod.containers[0].env).toBeUndefined();
    expect(find(manifests, 'Service', 'redis').spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 6379, protocol: 'TCP' }]);
    const policy = find(manifests, 'NetworkPolicy', 'redis-clients');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: redis.selector },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: chart.backend.selector } }], ports: [{ port: 6379, protocol: 'TCP' }] }],
    });
    expect(envOf(podSpec(find(manifests, 'Deployment', 'backend')).containers[0]).REDIS_URL.value).toBe('redis://redis.todo.svc.cluster.local:6379');
  });

  test('without a contract, name, user and port are required, by name', () => {
    const chart = new TodoChart(new App(), 'todo', { config: settings() });
    expect(() => new WebService(chart, 'cache', { instance: 'todo', image: { repository: 'redis', tag: '7', pullPolicy: 'IfNotPresent' } })).toThrow(
      /^Invalid props of todo\/cache:\n {2}- port: got nothing \(the field is missing\); allowed: the port the image listens on \(required without a contract\)\n {2}- name: got nothing \(the field is missing\)[^\n]*\n {2}- user: got nothing \(the field is missing\)/,
    );
  });

  test('a nightly CronJob from the postgres image, wired to the database; passes the synth checks', () => {
    // --- docs/extending.md snippet: cronjob ---
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    new BatchJob(chart, 'vacuum', {
      name: 'vacuum',
      instance: config.instance,
      schedule: Cron.schedule({ minute: '0', hour: '3' }),
      image: { repository: 'postgres', tag: '17-alpine', pullPolicy: 'IfNotPresent' },
      user: { uid: 70, gid: 70 },
      database: chart.database,
      command: ['sh', '-c', 'exec vacuumdb --analyze --dbname="$DATABASE_URL"'],
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    });
    // --- end ---
    const manifests = synth(chart);
    expect(checkManifests(manifests, config)).toEqual([]);
    const pod = find(manifests, 'CronJob', 'vacuum').spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database']);
    expect(envOf(pod.containers[0]).DATABASE_URL.value).toContain('@postgres.todo.svc.cluster.local:5432/todo');
    const rules = find(manifests, 'NetworkPolicy', 'postgres-clients').spec.ingress;
    expect(rules.map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name'])).toEqual(['frontend', 'backend', 'vacuum']);
  });

  test('autoscaling and a disruption budget as settings', () => {
    // --- docs/extending.md snippet: autoscaling ---
    const base = settings();
    const config: TodoConfig = {
      ...base,
      backend: { ...base.backend, replicas: { autoscaled: { min: 2, max: 6 } }, disruptionBudget: { maxUnavailable: 1 } },
    };
    const chart = new TodoChart(new App(), config.instance, { config });
    // --- end ---
    const manifests = synth(chart);
    expect(checkManifests(manifests, validateConfig(config, 'test'))).toEqual([]);
    expect(find(manifests, 'Deployment', 'backend').spec.replicas).toBeUndefined();
    expect(find(manifests, 'HorizontalPodAutoscaler', 'backend').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(find(manifests, 'PodDisruptionBudget', 'backend').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: chart.backend.selector } });
  });

  test('a Worker with the backend\'s whole env (additions included), a Recreate rollout, and a budget', () => {
    // --- docs/extending.md snippet: env and strategy ---
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    chart.backend.addEnv(envFromSecret(chart, 'SENTRY_DSN', config.secretName));
    const scheduler = new Worker(chart, 'scheduler', {
      contract: BACKEND_CONTRACT,
      name: 'scheduler',
      instance: config.instance,
      image: config.images.backend,
      command: ['python', '-m', 'scheduler'],
      database: chart.database,
      env: chart.backend.env,
      strategy: kplus.DeploymentStrategy.recreate(),
    });
    new DisruptionBudget(chart, 'frontend-budget', { workload: chart.frontend, maxUnavailable: 1 });
    // --- end ---
    const manifests = synth(chart);
    expect(checkManifests(manifests, config)).toEqual([]);
    const worker = find(manifests, 'Deployment', 'scheduler');
    expect(worker.spec.strategy).toEqual({ type: 'Recreate' });
    const names = (d: Manifest) => podSpec(d).containers[0].env.map((e: any) => e.name);
    expect(names(worker)).toEqual(names(find(manifests, 'Deployment', 'backend')));
    expect(names(worker)).toContain('SENTRY_DSN');
    expect(scheduler.env.every((v) => v.value instanceof kplus.EnvValue)).toBe(true);
  });

  test('plus-30\'s own Service.select and allowFrom select the pods by the same labels as the constructs', () => {
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    const svc = new kplus.Service(chart, 'backend-alias', { metadata: { name: 'backend-alias' }, ports: [{ port: 8000 }] });
    svc.select(chart.backend.deployment);
    chart.backend.deployment.connections.allowFrom(chart.frontend.deployment, { isolation: kplus.PodConnectionsIsolation.POD });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'backend-alias').spec.selector).toEqual(chart.backend.selector);
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && m.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'backend');
    expect(policies.map((p) => p.spec.ingress)).toEqual([[expect.objectContaining({ from: [expect.objectContaining({ podSelector: { matchLabels: chart.frontend.selector } })] })]]);
  });

  test('HTTP probes on a path: a setting (the shipped profiles already GET /health on the backend)', () => {
    // --- docs/extending.md snippet: probes ---
    const config = settings((c) => ({ ...c, frontend: { ...c.frontend, healthCheckPath: '/api/health' } }));
    const chart = new TodoChart(new App(), config.instance, { config });
    // --- end ---
    const manifests = synth(chart);
    const frontend = podSpec(find(manifests, 'Deployment', 'frontend')).containers[0];
    const backend = podSpec(find(manifests, 'Deployment', 'backend')).containers[0];
    for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(frontend[kind].httpGet).toEqual({ path: '/api/health', port: 3000, scheme: 'HTTP' });
      expect(backend[kind].httpGet).toEqual({ path: '/health', port: 8000, scheme: 'HTTP' });
    }
  });

  test('an env var, a scheduling rule and a volume through the plus-30 API', () => {
    // --- docs/extending.md snippet: plus-30 ---
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    chart.frontend.container.env.addVariable('NEXT_TELEMETRY_DISABLED', kplus.EnvValue.fromValue('1'));
    chart.backend.deployment.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('kubernetes.io/arch', 'amd64')));
    const settingsFile = kplus.ConfigMap.fromConfigMapName(chart, 'backend-settings', 'backend-settings');
    chart.backend.container.mount('/etc/todo', kplus.Volume.fromConfigMap(chart, 'settings-volume', settingsFile), { readOnly: true });
    // --- end ---
    const manifests = synth(chart);
    expect(envOf(podSpec(find(manifests, 'Deployment', 'frontend')).containers[0]).NEXT_TELEMETRY_DISABLED.value).toBe('1');
    const backend = podSpec(find(manifests, 'Deployment', 'backend'));
    expect(backend.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] },
    ]);
    expect(backend.containers[0].volumeMounts).toContainEqual({ name: 'configmap-backend-settings', mountPath: '/etc/todo', readOnly: true });
    expect(backend.volumes).toContainEqual(expect.objectContaining({ configMap: expect.objectContaining({ name: 'backend-settings' }) }));
  });

  test('an external database by parts (Neon): sslmode kept, each workload its own scheme', () => {
    // --- docs/extending.md snippet: external database ---
    const config = settings((c) => ({
      ...c,
      database: { kind: 'external', host: 'ep-cool-darkness-123456.eu-central-1.aws.neon.tech', databaseName: 'neondb', user: 'neondb_owner', params: { sslmode: 'require' } },
      backend: { ...c.backend, databaseUrlScheme: 'postgresql+asyncpg' },
    }));
    const chart = new TodoChart(new App(), config.instance, { config });
    // --- end ---
    const manifests = synth(chart);
    const url = (name: string, where: 'containers' | 'initContainers', i = 0) => envOf(podSpec(find(manifests, 'Deployment', name))[where][i]).DATABASE_URL.value;
    const host = 'ep-cool-darkness-123456.eu-central-1.aws.neon.tech:5432/neondb?sslmode=require';
    // asyncpg refuses sslmode (sqlalchemy#6275): the same value as its own `ssl`.
    expect(url('backend', 'containers')).toBe(`postgresql+asyncpg://neondb_owner:$(DATABASE_PASSWORD)@${host.replace('sslmode=', 'ssl=')}`);
    expect(checkManifests(manifests, config)).toEqual([]);
    expect(url('frontend', 'containers')).toBe(`postgresql://neondb_owner:$(DATABASE_PASSWORD)@${host}`);
    // The wait and Better Auth's migration speak libpq, whatever the app's driver.
    expect(url('backend', 'initContainers')).toBe(`postgresql://neondb_owner:$(DATABASE_PASSWORD)@${host}`);
    expect(url('frontend', 'initContainers', 1)).toBe(`postgresql://neondb_owner:$(DATABASE_PASSWORD)@${host}`);
    expect(manifests.filter((m) => ['StatefulSet', 'NetworkPolicy'].includes(m.kind))).toEqual([]);
  });

  test('a custom IDatabaseConnection given to the chart', () => {
    // --- docs/extending.md snippet: custom database ---
    class ManagedDatabase implements IDatabaseConnection {
      public readonly clients: string[] = [];
      public envVars(scope: Construct): readonly EnvVariable[] {
        return [envFromSecret(scope, 'DATABASE_URL', 'rds-credentials', 'url')];
      }
      public allowClient(client: IDatabaseClient): void {
        this.clients.push(client.name);
      }
    }
    const config = settings();
    const database = new ManagedDatabase();
    const chart = new TodoChart(new App(), config.instance, { config, database });
    // --- end ---
    const manifests = synth(chart);
    for (const name of ['backend', 'frontend']) {
      expect(envOf(podSpec(find(manifests, 'Deployment', name)).containers[0]).DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: 'rds-credentials', key: 'url' });
    }
    expect(database.clients).toEqual(['frontend', 'backend']);
    expect(chart.postgres).toBeUndefined();
    expect(manifests.filter((m) => m.kind === 'StatefulSet')).toEqual([]);
    // No waitFor: nothing waits; Better Auth's migration still runs first.
    expect(podSpec(find(manifests, 'Deployment', 'frontend')).initContainers.map((c: any) => c.name)).toEqual(['migrate']);
  });

  test('a ConfigMap in a TodoChart subclass lands in the configured namespace, after the Namespace', () => {
    // --- docs/extending.md snippet: subclass ---
    class MyTodoChart extends TodoChart {
      constructor(scope: Construct, id: string, props: TodoChartProps) {
        super(scope, id, props);
        new kplus.ConfigMap(this, 'feature-flags', { metadata: { name: 'feature-flags' }, data: { NEW_UI: 'true' } });
      }
    }
    const config = settings();
    const chart = new MyTodoChart(new App(), config.instance, { config });
    // --- end ---
    const manifests = synth(chart);
    expect(find(manifests, 'ConfigMap', 'feature-flags').metadata.namespace).toBe('todo');
    expect(manifests[0].kind).toBe('Namespace');
    expect(manifests[0].metadata.namespace).toBeUndefined();
    expect(manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== 'todo').map((m) => m.metadata.name)).toEqual([]);
  });

  test('an init container of the user is hardened like the main container', () => {
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    chart.backend.addInitContainer({ name: 'seed', command: ['python', '-m', 'seed'], env: chart.backend.databaseEnv() });
    const [, seed] = podSpec(find(synth(chart), 'Deployment', 'backend')).initContainers;
    expect(seed).toMatchObject({
      name: 'seed',
      image: 'todo-backend:dev',
      imagePullPolicy: 'Never',
      terminationMessagePolicy: 'FallbackToLogsOnError',
      securityContext: {
        runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, allowPrivilegeEscalation: false, privileged: false,
        readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
      },
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    expect(envOf(seed).DATABASE_URL.value).toContain('postgres.todo.svc.cluster.local');
  });

  test('the L1 objects stay reachable for escape hatches', () => {
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    ApiObject.of(chart.backend.deployment).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
    expect(chart.postgres?.statefulSet).toBeInstanceOf(k8s.KubeStatefulSet);
    expect(find(synth(chart), 'Deployment', 'backend').spec.revisionHistoryLimit).toBe(3);
  });

  test('the Namespace is plus-30 L2 too (L1 only for the StatefulSet): cluster-scoped, labelled restricted', () => {
    const config = settings();
    const chart = new TodoChart(new App(), config.instance, { config });
    expect(chart.namespaceResource).toBeInstanceOf(kplus.Namespace);
    const ns = find(synth(chart), 'Namespace', 'todo');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

});

describe('invalid user additions fail at construction, by name', () => {
  const chart = () => {
    const config = settings();
    return new TodoChart(Testing.app(), config.instance, { config });
  };
  const worker = (c: TodoChart, props: object) => () =>
    new WebService(c, 'My_Worker', {
      contract: BACKEND_CONTRACT, instance: 'todo', image: LOCAL_PROFILE.images.backend, env: c.backend.appEnv, database: c.database, ...props,
    });

  test('name My_Worker, replicas -2 and nodePort 80, all in one error', () => {
    const build = worker(chart(), { name: 'My_Worker', replicas: -2, nodePort: 80 });
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    expect((error as Error).message).toBe(
      'Invalid props of todo/My_Worker:\n' +
        '  - nodePort: got 80; allowed: an integer from 30000 to 32767\n' +
        '  - replicas: got -2; allowed: an integer from 0 to 100\n' +
        '  - name: got "My_Worker"; allowed: a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
    );
  });

  test('a probe path, a scheme, command, env name, resources and init containers', () => {
    const build = worker(chart(), {
      name: 'w', healthCheckPath: 'health', databaseUrlScheme: 'Postgres Async', command: [], env: [envValue('1BAD', 'x')],
      resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: 'lots' } },
      initContainers: [{ name: 'w' }, { name: 'Init' }],
    });
    const message = (() => {
      try {
        build();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    for (const part of [
      'healthCheckPath: got "health"', 'databaseUrlScheme: got "Postgres Async"', 'command: got a list of 0 items', 'env[0].name: got "1BAD"',
      'resources.limits.memory: got "lots"', 'resources.requests.cpu: request 2 is above the limit 1; allowed: a request at most the limit',
      'initContainers[0].name: got "w"; allowed: a name no other container of the pod has', 'initContainers[1].name: got "Init"',
    ]) expect(message).toContain(part);
  });

  test('a hostPath volume, which the restricted namespace would refuse', () => {
    const c = chart();
    const hostPath = kplus.Volume.fromHostPath(c, 'docker', 'docker', { path: '/var/run/docker.sock' });
    expect(worker(c, { name: 'w', volumes: [{ path: '/var/run/docker.sock', volume: hostPath }] }))
      .toThrow(/volumes\[0\]\.volume: got "hostPath volume \\"docker\\""; allowed: a volume type the restricted Pod Security Standard admits/);
  });

  test('a workload that leaves a required variable of its contract unwired fails synth, naming both', () => {
    const c = chart();
    new Worker(c, 'worker', {
      contract: BACKEND_CONTRACT, instance: 'todo', image: LOCAL_PROFILE.images.backend, name: 'worker',
      env: [envValue('DATABASE_URL', 'postgresql://x@db:5432/x'), envValue('BETTER_AUTH_URL', '')],
    });
    const run = () => Testing.synth(c);
    expect(run).toThrow(/worker \(todo\/worker\): required env var BETTER_AUTH_SECRET \(Shared auth secret\) of the backend image is not wired/);
    expect(run).toThrow(/worker \(.*\): required env var OPENAI_API_KEY/);
    expect(run).toThrow(/worker \(.*\): required env var BETTER_AUTH_URL/);
    expect(run).not.toThrow(/DATABASE_URL/);
  });

  test('a $(VAR) reference to a variable not defined before it fails synth', () => {
    const c = chart();
    new Worker(c, 'app', {
      contract: { ...BACKEND_CONTRACT, runtimeEnv: [] }, instance: 'todo', image: LOCAL_PROFILE.images.backend,
      env: [envValue('DATABASE_URL', 'postgresql://u:$(PASSWORD)@db/x'), envFromSecret(c, 'PASSWORD', 's')],
    });
    expect(() => Testing.synth(c)).toThrow(/env var DATABASE_URL references \$\(PASSWORD\), which is not defined before it/);
  });

  test('a whole-URL external database with another scheme names the workload and the way out', () => {
    const config = settings((c) => ({ ...c, database: { kind: 'external', urlSecretKey: 'DATABASE_URL' } }));
    const db = new TodoChart(Testing.app(), 'todo', { config }).database;
    const c = chart();
    expect(() => new Worker(c, 'async', {
      contract: BACKEND_CONTRACT, instance: 'todo', image: LOCAL_PROFILE.images.backend, database: db, databaseUrlScheme: 'postgresql+asyncpg',
    })).toThrow(/todo\/async: databaseUrlScheme: got "postgresql\+asyncpg"; allowed: "postgresql" only, since the whole DATABASE_URL comes from Secret key DATABASE_URL/);
  });
});

/** A database whose wait is the user's own: waitFor is honoured and hardened too. */
test('a custom database with its own wait gets the wait hardened and first', () => {
  class Custom implements IDatabaseConnection {
    envVars(): readonly EnvVariable[] {
      return [envValue('DATABASE_URL', 'postgresql://u@db.example.com/x')];
    }
    allowClient(): void {}
    waitFor(): DatabaseWait {
      return { image: 'postgres:16-alpine', user: { uid: 70, gid: 70 }, env: [], command: ['pg_isready', '-h', 'db.example.com'] };
    }
  }
  const config = settings();
  const manifests = synth(new TodoChart(new App(), 'todo', { config, database: new Custom() }));
  const [wait] = podSpec(find(manifests, 'Deployment', 'backend')).initContainers;
  expect(wait).toMatchObject({ name: 'wait-for-database', image: 'postgres:16-alpine', securityContext: { runAsUser: 70, readOnlyRootFilesystem: true } });
});
