/**
 * The workload settings of issue 6 (probe paths, DATABASE_URL schemes, migrations, an external
 * database by parts): what the shipped profiles say, what the validator refuses (naming the
 * field), and what the chart makes of them.
 */
import { CLOUD_PROFILE, LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { ConfigError, validateConfig } from '../../lib/model/settings/validate';
import { TodoConfig } from '../../lib/model/settings/types';
import { envOf, find, podSpec, synthProfile } from '../support/synth';

const issues = (config: TodoConfig) => {
  try {
    validateConfig(config, 'test');
  } catch (e) {
    return (e as ConfigError).issues.map((i) => `${i.field}: ${i.problem}`);
  }
  return [];
};

test('shipped profiles: backend GET /health, frontend TCP, libpq schemes, Better Auth migration, backend none', () => {
  for (const p of [LOCAL_PROFILE, CLOUD_PROFILE]) {
    expect(p.backend).toMatchObject({ healthCheckPath: '/health', databaseUrlScheme: 'postgresql', migration: { kind: 'none' } });
    expect(p.frontend.healthCheckPath).toBeUndefined();
    expect(p.frontend).toMatchObject({ databaseUrlScheme: 'postgresql', migration: { kind: 'better-auth' } });
    // No path: the default one when it exists, else the one betterAuth( call (test/app-checks/app-shape.test.ts).
    expect((p.frontend.migration as { authConfigPath?: string }).authConfigPath).toBeUndefined();
  }
});

test('bad probe paths, schemes and migrations are refused by field', () => {
  expect(issues({
    ...LOCAL_PROFILE,
    backend: { ...LOCAL_PROFILE.backend, healthCheckPath: 'health', databaseUrlScheme: 'Postgres Async', migration: { kind: 'command', command: [] } },
    frontend: { ...LOCAL_PROFILE.frontend, migration: { kind: 'better-auth', authConfigPath: '../auth.ts' } },
  })).toEqual([
    'backend.healthCheckPath: got "health"',
    'backend.databaseUrlScheme: got "Postgres Async"',
    'backend.migration.command: got a list of 0 items',
    'frontend.migration.authConfigPath: got "../auth.ts"',
  ]);
  expect(issues({ ...LOCAL_PROFILE, frontend: { ...LOCAL_PROFILE.frontend, migration: { kind: 'prisma' } as any } }))
    .toEqual(['frontend.migration.kind: got "prisma"']);
});

test('the migration image tag must fit: <tag>-migrate stays within 128 characters', () => {
  const tag = 'a'.repeat(121);
  expect(issues({ ...LOCAL_PROFILE, images: { ...LOCAL_PROFILE.images, frontend: { ...LOCAL_PROFILE.images.frontend, tag } } }))
    .toEqual(['images.frontend.tag: is 121 characters; the migration image\'s tag "<tag>-migrate" would exceed 128']);
  expect(issues({ ...LOCAL_PROFILE, images: { ...LOCAL_PROFILE.images, frontend: { ...LOCAL_PROFILE.images.frontend, tag } }, frontend: { ...LOCAL_PROFILE.frontend, migration: { kind: 'none' } } }))
    .toEqual([]);
});

test('a whole-URL external database only with the default scheme; by parts any scheme', () => {
  const url: TodoConfig = { ...LOCAL_PROFILE, database: { kind: 'external', urlSecretKey: 'DATABASE_URL' }, backend: { ...LOCAL_PROFILE.backend, databaseUrlScheme: 'postgresql+asyncpg' } };
  expect(issues(url)).toEqual([
    'backend.databaseUrlScheme: "postgresql+asyncpg" cannot be applied to a DATABASE_URL taken whole from Secret key DATABASE_URL',
  ]);
  const parts: TodoConfig = { ...url, database: { kind: 'external', host: 'ep-1.neon.tech', databaseName: 'neondb', user: 'owner', params: { sslmode: 'require' } } };
  expect(issues(parts)).toEqual([]);
  expect(issues({ ...parts, database: { kind: 'external', host: 'db host', port: 0, databaseName: 'a/b', user: 'u@x', passwordSecretKey: 'bad key', params: { sslmode: 're quire' } } })).toEqual([
    'database.host: got "db host"', 'database.port: got 0', 'database.databaseName: got "a/b"', 'database.user: got "u@x"',
    'database.passwordSecretKey: got "bad key"', 'database.params: got an object',
  ]);
  expect(issues({ ...LOCAL_PROFILE, database: { kind: 'external', urlSecretKey: 'DATABASE_URL', clientImage: 'postgres' } })).toEqual(['database.clientImage: got "postgres"']);
});

test('the local profile switches to Neon with one setting: the database', () => {
  const manifests = synthProfile('local', (c) => ({ ...c, database: { kind: 'external', urlSecretKey: 'DATABASE_URL' } }));
  expect(manifests.filter((m) => ['StatefulSet', 'NetworkPolicy'].includes(m.kind))).toEqual([]);
  for (const name of ['backend', 'frontend']) {
    const pod = podSpec(find(manifests, 'Deployment', name));
    expect(envOf(pod.containers[0]).DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: 'DATABASE_URL' });
    expect(pod.initContainers[0].name).toBe('wait-for-database');
  }
});

test('the backend migration command runs after the wait and before the app', () => {
  const manifests = synthProfile('local', (c) => ({ ...c, backend: { ...c.backend, migration: { kind: 'command', command: ['alembic', 'upgrade', 'head'] } } }));
  const inits = podSpec(find(manifests, 'Deployment', 'backend')).initContainers;
  expect(inits.map((c: any) => [c.name, c.command?.[0]])).toEqual([['wait-for-database', 'sh'], ['migrate', 'alembic']]);
});

test('a password pasted into passwordSecretKey is not echoed (a key name with ":" "@" "/"... is no key name)', () => {
  const parts = { kind: 'external', host: 'db.example.com', databaseName: 'todo', user: 'todo' } as const;
  expect(issues({ ...LOCAL_PROFILE, database: { ...parts, passwordSecretKey: 'Hunter2:xq@zv/9' } })).toEqual([
    'database.passwordSecretKey: got a string of 15 characters (not shown)',
  ]);
});

test('a password in database.params is refused: it would be written into dist/ in the DATABASE_URL', () => {
  const parts = { kind: 'external', host: 'db.example.com', databaseName: 'todo', user: 'todo' } as const;
  for (const key of ['password', 'sslpassword']) {
    const found = issues({ ...LOCAL_PROFILE, database: { ...parts, params: { sslmode: 'require', [key]: 'hunter2' } } });
    expect(found).toEqual([`database.params.${key}: would write a credential into every DATABASE_URL in dist/ (value not shown)`]);
  }
  expect(issues({ ...LOCAL_PROFILE, database: { ...parts, params: { sslmode: 'require' } } })).toEqual([]);
});

describe('autoscaling and disruption budgets as settings (issue 15)', () => {
  test('the cloud profile autoscales both apps with a budget each; the chart makes an HPA and a PDB per app', () => {
    expect(CLOUD_PROFILE.backend).toMatchObject({ replicas: { autoscaled: { min: 3, max: 10 } }, disruptionBudget: { minAvailable: 2 } });
    expect(CLOUD_PROFILE.frontend).toMatchObject({ replicas: { autoscaled: { min: 2, max: 6 } }, disruptionBudget: { maxUnavailable: 1 } });
    const manifests = synthProfile('cloud');
    for (const name of ['backend', 'frontend']) {
      expect(find(manifests, 'Deployment', name).spec.replicas).toBeUndefined();
      expect(find(manifests, 'HorizontalPodAutoscaler', name).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(find(manifests, 'PodDisruptionBudget', name).spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'todo' });
    }
  });

  test('bad autoscaling and budgets are refused by field, an impossible budget with the reason', () => {
    expect(issues({
      ...LOCAL_PROFILE,
      backend: { ...LOCAL_PROFILE.backend, replicas: { autoscaled: { min: 5, max: 2, cpuUtilization: 0 } }, disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } },
      frontend: { ...LOCAL_PROFILE.frontend, replicas: 2, disruptionBudget: { minAvailable: 2 } },
    })).toEqual([
      'backend.replicas.autoscaled.min: min 5 is above max 2',
      'backend.replicas.autoscaled.cpuUtilization: got 0',
      'backend.disruptionBudget: needs exactly one of minAvailable and maxUnavailable',
      'frontend.disruptionBudget.minAvailable: minAvailable 2 is 2 of 2 pods: no pod may ever be evicted, so every node drain would wait forever',
    ]);
    expect(issues({ ...LOCAL_PROFILE, backend: { ...LOCAL_PROFILE.backend, replicas: { autoscale: { min: 1 } } as any } }))
      .toEqual(['backend.replicas.autoscaled: got nothing (the field is missing)', 'backend.replicas.autoscale: unknown key (did you mean "autoscaled"?)']);
  });
});
