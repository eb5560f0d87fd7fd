import { loadConfig } from '../lib/config/load';
import { CLOUD_PROFILE, LOCAL_PROFILE } from '../lib/config/profiles';
import { TodoConfig } from '../lib/config/types';
import { ConfigError, validateConfig } from '../lib/config/validate';

/** The issues validateConfig reports for a configuration, as `field: problem; allowed: ...` lines. */
function issuesOf(config: unknown): string[] {
  try {
    validateConfig(config as TodoConfig, 'test');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => `${i.field}: ${i.problem}; allowed: ${i.allowed}`);
  }
  return [];
}

const local = (patch: (c: any) => void): unknown => {
  const copy = structuredClone(LOCAL_PROFILE) as any;
  patch(copy);
  return copy;
};

test('both shipped profiles are valid', () => {
  expect(issuesOf(LOCAL_PROFILE)).toEqual([]);
  expect(issuesOf(CLOUD_PROFILE)).toEqual([]);
});

test.each([
  ['namespace', (c: any) => (c.namespace = 'Todo_App'), /^namespace: got "Todo_App"; allowed: a DNS-1123 label/],
  ['namespace too long', (c: any) => (c.namespace = 'a'.repeat(64)), /^namespace: got "a{64}"; allowed: a DNS-1123 label: at most 63/],
  ['instance', (c: any) => (c.instance = '-todo'), /^instance: got "-todo"; allowed: a DNS-1123 label/],
  ['secretName', (c: any) => (c.secretName = 'Todo Secrets'), /^secretName: got "Todo Secrets"; allowed: a DNS-1123 subdomain/],
  ['frontend URL with a path', (c: any) => (c.publicUrls.frontend = 'http://localhost:30300/app'), /^publicUrls\.frontend: got ".*\/app"; allowed: an origin/],
  ['frontend URL not a URL', (c: any) => (c.publicUrls.frontend = 'localhost:30300'), /^publicUrls\.frontend: got "localhost:30300"; allowed: an origin/],
  ['backend URL scheme', (c: any) => (c.publicUrls.backend = 'ftp://localhost:30800'), /^publicUrls\.backend: got "ftp:\/\/localhost:30800"; allowed: an absolute http/],
  ['backend URL trailing slash', (c: any) => (c.publicUrls.backend = 'http://localhost:30800/'), /^publicUrls\.backend: got "http:\/\/localhost:30800\/"/],
  ['NodePort out of range', (c: any) => (c.exposure.frontendNodePort = 8080), /^exposure\.frontendNodePort: got 8080; allowed: an integer from 30000 to 32767/],
  ['NodePort not an integer', (c: any) => (c.exposure.backendNodePort = '30800'), /^exposure\.backendNodePort: got "30800"; allowed: an integer/],
  ['NodePorts equal', (c: any) => (c.exposure.backendNodePort = 30300), /^exposure\.backendNodePort: 30300 is also the frontend's NodePort/],
  ['exposure kind', (c: any) => (c.exposure.kind = 'loadbalancer'), /^exposure\.kind: got "loadbalancer"; allowed: one of node-port, ingress/],
  ['negative replicas', (c: any) => (c.backend.replicas = -1), /^backend\.replicas: got -1; allowed: an integer from 0 to 100/],
  ['fractional replicas', (c: any) => (c.frontend.replicas = 1.5), /^frontend\.replicas: got 1\.5; allowed: an integer from 0 to 100/],
  ['cpu quantity', (c: any) => (c.backend.resources.requests.cpu = '100 m'), /^backend\.resources\.requests\.cpu: got "100 m"; allowed: a CPU quantity/],
  ['memory quantity', (c: any) => (c.frontend.resources.limits.memory = '512MB'), /^frontend\.resources\.limits\.memory: got "512MB"; allowed: a memory quantity/],
  ['request above limit', (c: any) => (c.backend.resources.requests.memory = '1Gi'), /^backend\.resources\.requests\.memory: request 1Gi is above the limit 512Mi/],
  ['image repository', (c: any) => (c.images.backend.repository = 'Todo-Backend'), /^images\.backend\.repository: got "Todo-Backend"; allowed: an image repository/],
  ['image tag', (c: any) => (c.images.frontend.tag = '-bad'), /^images\.frontend\.tag: got "-bad"/],
  ['pull policy', (c: any) => (c.images.frontend.pullPolicy = 'Sometimes'), /^images\.frontend\.pullPolicy: got "Sometimes"; allowed: one of Always, IfNotPresent, Never/],
  ['postgres image unpinned', (c: any) => (c.database.image = 'postgres:latest'), /^database\.image: got "postgres:latest"; allowed: the official postgres image pinned/],
  ['database name', (c: any) => (c.database.databaseName = 'todo-db'), /^database\.databaseName: got "todo-db"/],
  ['storage', (c: any) => (c.database.storage = 'big'), /^database\.storage: got "big"; allowed: a storage quantity/],
  ['database kind', (c: any) => (c.database = { kind: 'sqlite' }), /^database\.kind: got "sqlite"; allowed: one of in-cluster, external/],
])('%s is rejected with the field, the value and what is allowed', (_name, patch, expected) => {
  const issues = issuesOf(local(patch));
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatch(expected);
});

test('ingress hosts must be DNS names, and the backend needs a host of its own', () => {
  const cloud = structuredClone(CLOUD_PROFILE) as any;
  cloud.publicUrls.frontend = 'https://10.0.0.5';
  cloud.publicUrls.backend = 'https://10.0.0.5';
  expect(issuesOf(cloud)).toEqual([
    expect.stringMatching(/^publicUrls\.frontend: host "10\.0\.0\.5" cannot be an Ingress host/),
    expect.stringMatching(/^publicUrls\.backend: host "10\.0\.0\.5" cannot be an Ingress host/),
    expect.stringMatching(/^publicUrls\.backend: shares host "10\.0\.0\.5" and path "\/" with publicUrls\.frontend/),
  ]);
});

test('every issue is reported at once, in the error message too', () => {
  const bad = local((c) => {
    c.namespace = 'BAD';
    c.backend.replicas = 'two';
  });
  expect(() => validateConfig(bad as TodoConfig, 'profile "local"')).toThrow(
    'Invalid configuration (profile "local"):\n' +
      '  - namespace: got "BAD"; allowed: a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit\n' +
      '  - backend.replicas: got "two"; allowed: an integer from 0 to 100',
  );
});

test('TODO_PROFILE selects a profile; an unknown one names the variable and the allowed profiles', () => {
  expect(loadConfig({}).profile).toBe('local');
  expect(loadConfig({ TODO_PROFILE: 'cloud' }).profile).toBe('cloud');
  expect(() => loadConfig({ TODO_PROFILE: 'prod' })).toThrow('TODO_PROFILE: unknown profile "prod"; allowed: one of local, cloud');
  expect(() => loadConfig({ TODO_PROFILE: 'toString' })).toThrow('unknown profile "toString"');
});
