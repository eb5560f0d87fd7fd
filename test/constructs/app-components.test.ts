/** Backend, Frontend, PostgresDatabase, PublicIngress and ExternalDatabase props, pinned. */
import {
  Backend, ExternalDatabase, Frontend, PostgresDatabase, PublicIngress, PropsError,
} from '../../lib';
import { waitForDatabaseCommand } from '../../lib/constructs/database-connection';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { envOf } from '../support/synth';
import { one, synth, testChart, testDatabase } from './helpers';

const common = { instance: 'todo', secretName: 'todo-secrets' };

describe('Backend', () => {
  const build = (props: object = {}) => {
    const chart = testChart();
    const backend = new Backend(chart, 'backend', {
      ...common, image: LOCAL_PROFILE.images.backend, database: testDatabase(chart), betterAuthUrl: 'http://frontend.todo.svc.cluster.local:3000', ...props,
    });
    return { backend, manifests: synth(chart) };
  };

  test('env order: DATABASE_* first, then secrets and URLs, then the user\'s; component api', () => {
    const { manifests, backend } = build({ frontendOrigin: 'http://localhost:30300' });
    const d = one(manifests, 'Deployment');
    expect(d.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual([
      'DATABASE_PASSWORD', 'DATABASE_URL', 'BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'BETTER_AUTH_URL', 'FRONTEND_URL',
    ]);
    expect(d.metadata.labels['app.kubernetes.io/component']).toBe('api');
    expect(backend.appEnv.map((e) => e.name)).toEqual(['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'BETTER_AUTH_URL', 'FRONTEND_URL']);
  });

  test('frontendOrigin is optional; no migration by default', () => {
    const { manifests } = build();
    const pod = one(manifests, 'Deployment').spec.template.spec;
    expect(envOf(pod.containers[0]).FRONTEND_URL).toBeUndefined();
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database']);
  });

  test('migrationCommand: run from the backend image with the backend\'s scheme and env, after the wait', () => {
    const { manifests } = build({ migrationCommand: ['alembic', 'upgrade', 'head'], databaseUrlScheme: 'postgresql+asyncpg' });
    const [, migrate] = one(manifests, 'Deployment').spec.template.spec.initContainers;
    expect(migrate).toMatchObject({
      name: 'migrate', image: 'todo-backend:dev', command: ['alembic', 'upgrade', 'head'], terminationMessagePolicy: 'FallbackToLogsOnError',
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      securityContext: { runAsUser: 10001, readOnlyRootFilesystem: true },
    });
    expect(envOf(migrate).DATABASE_URL.value).toMatch(/^postgresql\+asyncpg:\/\//);
    expect(Object.keys(envOf(migrate))).toEqual(expect.arrayContaining(['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'BETTER_AUTH_URL']));
  });
});

describe('Frontend', () => {
  const build = (props: object = {}) => {
    const chart = testChart();
    new Frontend(chart, 'frontend', { ...common, image: LOCAL_PROFILE.images.frontend, database: testDatabase(chart), publicOrigin: 'http://localhost:30300', ...props });
    return synth(chart);
  };

  test('Better Auth migration by default: <repo>:<tag>-migrate, libpq URL, auth config path, after the wait', () => {
    const pod = one(build(), 'Deployment').spec.template.spec;
    const [wait, migrate] = pod.initContainers;
    expect(wait.name).toBe('wait-for-database');
    expect(migrate).toMatchObject({ name: 'migrate', image: 'todo-frontend:dev-migrate', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' });
    expect(migrate.env.map((e: any) => e.name)).toEqual(['HOSTNAME', 'DATABASE_PASSWORD', 'DATABASE_URL', 'BETTER_AUTH_SECRET', 'BETTER_AUTH_URL', 'BETTER_AUTH_CONFIG']);
    expect(envOf(migrate).BETTER_AUTH_CONFIG.value).toBe('src/lib/auth-server.ts');
    // Read-only root with the migration image's writable paths (its contract's, as the e2e test runs it), not the app's.
    expect(migrate.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp']);
    expect(migrate.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true });
    expect(pod.containers[0].env.map((e: any) => e.name)).toEqual(['HOSTNAME', 'DATABASE_PASSWORD', 'DATABASE_URL', 'BETTER_AUTH_SECRET', 'BETTER_AUTH_URL']);
  });

  test('authMigration: another config path, or none', () => {
    const [, migrate] = one(build({ authMigration: { kind: 'better-auth', authConfigPath: 'lib/auth.ts' } }), 'Deployment').spec.template.spec.initContainers;
    expect(envOf(migrate).BETTER_AUTH_CONFIG.value).toBe('lib/auth.ts');
    const none = one(build({ authMigration: { kind: 'none' } }), 'Deployment').spec.template.spec.initContainers;
    expect(none.map((c: any) => c.name)).toEqual(['wait-for-database']);
  });

  test('the migration speaks libpq even when the app\'s scheme differs', () => {
    const pod = one(build({ databaseUrlScheme: 'postgres' }), 'Deployment').spec.template.spec;
    expect(envOf(pod.containers[0]).DATABASE_URL.value).toMatch(/^postgres:\/\//);
    expect(envOf(pod.initContainers[1]).DATABASE_URL.value).toMatch(/^postgresql:\/\//);
  });
});

describe('PostgresDatabase', () => {
  test('defaults: postgres, todo/todo, 1Gi, alpine uid 70, policy denying all until a client is allowed', () => {
    const chart = testChart();
    const db = testDatabase(chart);
    const manifests = synth(chart);
    const sts = one(manifests, 'StatefulSet');
    expect(sts.metadata).toMatchObject({ name: 'postgres', namespace: 'todo' });
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsUser: 70, fsGroup: 70 });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
    expect(sts.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    expect(one(manifests, 'Service').spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] });
    expect(one(manifests, 'NetworkPolicy').spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'todo' } }, policyTypes: ['Ingress'] });
    expect(db.host).toBe('postgres.todo.svc.cluster.local');
  });

  test('every prop', () => {
    const chart = testChart();
    const db = new PostgresDatabase(chart, 'db', {
      ...common, namespace: 'data', passwordSecretKey: 'PG_PASS', name: 'pg', image: 'postgres:16', databaseName: 'app', user: 'app',
      storage: '5Gi', storageClassName: 'fast', resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
      runAsUser: { uid: 1000, gid: 1000 },
    });
    const sts = one(synth(chart), 'StatefulSet');
    const [c] = sts.spec.template.spec.containers;
    expect(sts.metadata).toMatchObject({ name: 'pg', namespace: 'data' });
    expect(c.image).toBe('postgres:16');
    expect(envOf(c).POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: 'PG_PASS' });
    expect([envOf(c).POSTGRES_DB.value, envOf(c).POSTGRES_USER.value]).toEqual(['app', 'app']);
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } });
    expect(c.resources.limits).toEqual({ cpu: '2', memory: '1Gi' });
    expect(c.securityContext.runAsUser).toBe(1000);
    expect(db.host).toBe('pg.data.svc.cluster.local');
  });

  test('invalid props name the construct', () => {
    expect(() => new PostgresDatabase(testChart(), 'db', { ...common, name: 'PG', user: 'Todo', storage: '0' }))
      .toThrow(/^Invalid props of test\/db:\n {2}- name: got "PG".*\n {2}- user: got "Todo".*\n {2}- storage: got "0"/);
  });
});

describe('PublicIngress', () => {
  const build = (props: object = {}) => {
    const chart = testChart();
    const database = testDatabase(chart);
    const fe = new Frontend(chart, 'frontend', { ...common, image: LOCAL_PROFILE.images.frontend, database, publicOrigin: 'https://todo.example.com' });
    const be = new Backend(chart, 'backend', { ...common, image: LOCAL_PROFILE.images.backend, database, betterAuthUrl: fe.clusterUrl });
    new PublicIngress(chart, 'ingress', {
      instance: 'todo', routes: [{ url: 'https://todo.example.com', workload: fe }, { url: 'https://api.todo.example.com/v1', workload: be }], ...props,
    });
    return one(synth(chart), 'Ingress');
  };

  test('defaults: named after the instance, no class, no TLS, one rule per host with its path', () => {
    const ing = build();
    expect(ing.metadata).toMatchObject({ name: 'todo', namespace: 'todo' });
    expect(ing.spec.ingressClassName).toBeUndefined();
    expect(ing.spec.tls).toBeUndefined();
    expect(ing.spec.rules).toEqual([
      { host: 'todo.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'frontend', port: { number: 3000 } } } }] } },
      { host: 'api.todo.example.com', http: { paths: [{ path: '/v1', pathType: 'Prefix', backend: { service: { name: 'backend', port: { number: 8000 } } } }] } },
    ]);
  });

  test('name, className, tlsSecretName, namespace', () => {
    const ing = build({ name: 'public', className: 'nginx', tlsSecretName: 'todo-tls', namespace: 'edge' });
    expect(ing.metadata).toMatchObject({ name: 'public', namespace: 'edge' });
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.spec.tls).toEqual([{ hosts: ['todo.example.com', 'api.todo.example.com'], secretName: 'todo-tls' }]);
  });

  test('two routes on one host and path, and a URL that is not one, are refused', () => {
    expect(() => build({ routes: [] })).toThrow(/routes: got a list of 0 items; allowed: at least one route/);
    const chart = testChart();
    const fe = new Frontend(chart, 'frontend', { ...common, image: LOCAL_PROFILE.images.frontend, database: testDatabase(chart), publicOrigin: 'https://a.example.com' });
    expect(() => new PublicIngress(chart, 'i', { instance: 'todo', routes: [{ url: 'https://a.example.com', workload: fe }, { url: 'https://a.example.com/', workload: fe }] }))
      .toThrow(/there is already an ingress rule for a.example.com\//);
    expect(() => new PublicIngress(chart, 'j', { instance: 'todo', routes: [{ url: 'http://10.0.0.1', workload: fe }] }))
      .toThrow(PropsError);
  });
});

describe('ExternalDatabase', () => {
  test('fromSecret: the whole URL from the Secret, for the wait too; no policy to open', () => {
    const chart = testChart();
    const db = ExternalDatabase.fromSecret('neon', 'URL', { clientImage: 'postgres:16-alpine' });
    const wait = db.waitFor(chart);
    expect(wait.image).toBe('postgres:16-alpine');
    expect(wait.user).toEqual({ uid: 70, gid: 70 });
    expect(wait.env.map((e) => [e.name, e.value.valueFrom?.secretKeyRef ?? e.value.value])).toEqual([
      ['DATABASE_URL', { name: 'neon', key: 'URL' }], ['PGCONNECT_TIMEOUT', '5'],
    ]);
    expect(ExternalDatabase.fromSecret('s').clientImage).toBe('postgres:17-alpine');
  });

  test('fromParts: scheme per client, params kept, password from the Secret (default key POSTGRES_PASSWORD)', () => {
    const chart = testChart();
    const db = ExternalDatabase.fromParts({ secretName: 's', host: 'db.example.com', port: 6543, databaseName: 'app', user: 'u', params: { sslmode: 'require', application_name: 'todo' } });
    const env = db.envVars(chart, { scheme: 'postgresql+asyncpg' });
    expect(env[0].value.valueFrom?.secretKeyRef).toEqual({ name: 's', key: 'POSTGRES_PASSWORD' });
    // asyncpg's name for libpq's sslmode (it refuses sslmode: sqlalchemy#6275).
    expect(env[1].value.value).toBe('postgresql+asyncpg://u:$(DATABASE_PASSWORD)@db.example.com:6543/app?ssl=require&application_name=todo');
    expect(db.envVars(chart, { scheme: 'postgresql' })[1].value.value).toBe('postgresql://u:$(DATABASE_PASSWORD)@db.example.com:6543/app?sslmode=require&application_name=todo');
    expect(db.waitFor(chart).command.join(' ')).toContain('could not translate host name "db.example.com"');
    expect(() => ExternalDatabase.fromParts({ secretName: 's', host: 'db.example.com', databaseName: 'a/b', user: 'u' })).toThrow(/databaseName: got "a\/b"/);
  });

  test('fromParts refuses a password in params (it would land in the manifest), without echoing it', () => {
    const props = { secretName: 's', host: 'db.example.com', databaseName: 'app', user: 'u', params: { sslmode: 'require', password: 'hunter2' } };
    expect(() => ExternalDatabase.fromParts(props)).toThrow(/params\.password: .*the Secret/);
    expect(() => ExternalDatabase.fromParts(props)).not.toThrow(/hunter2/);
  });
});

test('the wait command retries only transient errors and redacts what it does not know', () => {
  const [sh, flag, script] = waitForDatabaseCommand({ urlVar: 'DATABASE_URL', expectedHost: 'h.example.com', showable: ['h.example.com', 'u'] });
  expect([sh, flag]).toEqual(['sh', '-c']);
  expect(script).toContain(`psql "$DATABASE_URL" -XtAc 'SELECT 1'`);
  expect(script).toContain(`*'could not translate host name "h.example.com"'*) transient=1`);
  expect(script).toContain('keep="h.example.com u host');
});

test('Backend, Frontend and PostgresDatabase refuse bad names and URLs by prop', () => {
  const chart = testChart();
  const database = testDatabase(chart);
  expect(() => new Backend(chart, 'b', { instance: 'todo', secretName: 'Todo_Secrets', image: LOCAL_PROFILE.images.backend, database, betterAuthUrl: 'frontend:3000' }))
    .toThrow(/^Invalid props of test\/b:\n {2}- secretName: got "Todo_Secrets".*\n {2}- betterAuthUrl: got "frontend:3000"; allowed: an absolute http:\/\/ or https:\/\/ URL$/);
  expect(() => new Backend(chart, 'b2', { ...common, image: LOCAL_PROFILE.images.backend, database, betterAuthUrl: 'http://f:3000', migrationCommand: [] }))
    .toThrow(/test\/b2:\n {2}- migrationCommand: got a list of 0 items; allowed: a non-empty array of strings[^\n]*$/);
  expect(() => new Frontend(chart, 'f', { ...common, image: LOCAL_PROFILE.images.frontend, database, publicOrigin: 'localhost', authMigration: { kind: 'better-auth', authConfigPath: '/abs.ts' } }))
    .toThrow(/publicOrigin: got "localhost".*\n {2}- authMigration.authConfigPath: got "\/abs.ts"/);
  // The construct and the settings share one rule: a config file the CLI can load, not a directory.
  const chart2 = testChart();
  expect(() => new Frontend(chart2, 'f2', { ...common, image: LOCAL_PROFILE.images.frontend, database: testDatabase(chart2), publicOrigin: 'http://localhost:30300', authMigration: { kind: 'better-auth', authConfigPath: 'src/lib' } }))
    .toThrow('authMigration.authConfigPath: got "src/lib"; allowed: a path relative to /app of the Better Auth config file (.ts, .js, .mts, .mjs, .cts or .cjs)');
  expect(() => new PostgresDatabase(chart, 'p', { ...common, passwordSecretKey: 'bad key' })).toThrow(/passwordSecretKey: got "bad key"/);
});

test("Backend's and Frontend's own props are checked with the base props, before anything is built", () => {
  const chart = testChart();
  const database = testDatabase(chart);
  // A retry under another construct id with the same workload name (the database knows clients by name).
  let attempt = 0;
  const frontend = (publicOrigin: string, replicas: number) =>
    () => new Frontend(chart, `frontend-${attempt++}`, { ...common, name: 'frontend', image: LOCAL_PROFILE.images.frontend, database, publicOrigin, replicas });
  // One error for the subclass's prop and the base's.
  expect(frontend('localhost', -1)).toThrow(/^Invalid props of test\/frontend-0:\n {2}- publicOrigin: got "localhost".*\n {2}- replicas: got -1/);
  // Nothing of the failed one is left behind (no Deployment, no client registered with the database).
  expect(frontend('http://localhost:30300', 1)).not.toThrow();
  const backend = (betterAuthUrl: string) =>
    () => new Backend(chart, `backend-${attempt++}`, { ...common, name: 'backend', image: LOCAL_PROFILE.images.backend, database, betterAuthUrl });
  expect(backend('frontend:3000')).toThrow(/betterAuthUrl: got "frontend:3000"/);
  expect(backend('http://frontend:3000')).not.toThrow();
});
