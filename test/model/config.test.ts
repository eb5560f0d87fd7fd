import { CLOUD_PROFILE, LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { ConfigError, validateConfig } from '../../lib/model/settings/validate';

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
  // A Secret's name is a name, not a credential: shown, so the user sees what is wrong with it.
  ['secretName', (c: any) => (c.secretName = 'my secret'), /^secretName: got "my secret"; allowed: a DNS-1123 subdomain/],
  // ...unless it looks like a pasted token: that stays hidden whatever the field.
  ['secretName holding a token', (c: any) => (c.secretName = 'sk_LiveAbC123dEf456GhI789jKl'), /^secretName: got a string of 28 characters \(not shown\)/],
  ['Secret key name', (c: any) => (c.database = { kind: 'external', urlSecretKey: 'DATABASE URL' }), /^database\.urlSecretKey: got "DATABASE URL"; allowed:/],
  ['frontend URL with a path', (c: any) => (c.publicUrls.frontend = 'http://localhost:30300/app'), /^publicUrls\.frontend: got ".*\/app"; allowed: an origin/],
  ['frontend URL not a URL', (c: any) => (c.publicUrls.frontend = 'localhost:30300'), /^publicUrls\.frontend: got "localhost:30300"; allowed: an origin/],
  ['backend URL scheme', (c: any) => (c.publicUrls.backend = 'ftp://localhost:30800'), /^publicUrls\.backend: got "ftp:\/\/localhost:30800"; allowed: an absolute http/],
  ['backend URL trailing slash', (c: any) => (c.publicUrls.backend = 'http://localhost:30800/'), /^publicUrls\.backend: got "http:\/\/localhost:30800\/", which is not in normal form; allowed: exactly "http:\/\/localhost:30800"/],
  ['NodePort out of range', (c: any) => (c.exposure.frontendNodePort = 8080), /^exposure\.frontendNodePort: got 8080; allowed: an integer from 30000 to 32767/],
  ['NodePort not an integer', (c: any) => (c.exposure.backendNodePort = '30800'), /^exposure\.backendNodePort: got "30800"; allowed: an integer/],
  ['NodePorts equal', (c: any) => (c.exposure.backendNodePort = 30300), /^exposure\.backendNodePort: 30300 is also the frontend's NodePort/],
  ['exposure kind', (c: any) => (c.exposure.kind = 'loadbalancer'), /^exposure\.kind: got "loadbalancer"; allowed: one of node-port, ingress/],
  ['negative replicas', (c: any) => (c.backend.replicas = -1), /^backend\.replicas: got -1; allowed: an integer from 0 to 100/],
  ['fractional replicas', (c: any) => (c.frontend.replicas = 1.5), /^frontend\.replicas: got 1\.5; allowed: an integer from 0 to 100/],
  ['cpu quantity', (c: any) => (c.backend.resources.requests.cpu = '100 m'), /^backend\.resources\.requests\.cpu: got "100 m"; allowed: a CPU quantity/],
  ['memory quantity', (c: any) => (c.frontend.resources.limits.memory = '512MB'), /^frontend\.resources\.limits\.memory: got "512MB"; allowed: a memory quantity/],
  ['quantity as a YAML number', (c: any) => (c.backend.resources.limits.cpu = 1), /^backend\.resources\.limits\.cpu: got 1; allowed: a CPU quantity .* as a string/],
  ['request above limit', (c: any) => (c.backend.resources.requests.memory = '1Gi'), /^backend\.resources\.requests\.memory: request 1Gi is above the limit 512Mi/],
  ['image repository', (c: any) => (c.images.backend.repository = 'Todo-Backend'), /^images\.backend\.repository: got "Todo-Backend"; allowed: an image repository/],
  ['image tag', (c: any) => (c.images.frontend.tag = '-bad'), /^images\.frontend\.tag: got "-bad"/],
  ['pull policy', (c: any) => (c.images.frontend.pullPolicy = 'Sometimes'), /^images\.frontend\.pullPolicy: got "Sometimes"; allowed: one of Always, IfNotPresent, Never/],
  ['postgres image unpinned', (c: any) => (c.database.image = 'postgres:latest'), /^database\.image: got "postgres:latest"; allowed: the official postgres image pinned/],
  ['database name', (c: any) => (c.database.databaseName = 'todo-db'), /^database\.databaseName: got "todo-db"/],
  ['storage', (c: any) => (c.database.storage = 'big'), /^database\.storage: got "big"; allowed: a storage quantity from 1Mi to 1Pi/],
  ['database kind', (c: any) => (c.database = { kind: 'sqlite' }), /^database\.kind: got "sqlite"; allowed: one of in-cluster, external/],
])('%s is rejected with the field, the value and what is allowed', (_name, patch, expected) => {
  const issues = issuesOf(local(patch));
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatch(expected);
});

test.each([
  ['docker.io/library/postgres:16', true],
  ['mirror.example.com/library/postgres:17-alpine', true],
  ['localhost:5001/library/postgres:15-bookworm', true],
  ['registry.internal:5000/postgres:16.4', true],
  ['mirror.example.com/bitnami/postgresql:16', false],
  ['mirror.example.com/library/postgres:latest', false],
  ['acme/postgres:16', false],
])('database.image %s from a mirror of the official image: accepted %s', (image, accepted) => {
  const issues = issuesOf(local((c: any) => (c.database.image = image)));
  expect(issues).toEqual(accepted ? [] : [expect.stringMatching(/^database\.image: got .*; allowed: the official postgres image pinned to a major version/)]);
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


// --- issue 8 item 6: public URLs are exactly the normalised origin, or refused -------------------

test.each([
  ['upper case', 'HTTP://LOCALHOST:30300', 'http://localhost:30300'],
  ['a trailing space', 'http://localhost:30300 ', 'http://localhost:30300'],
  ['a tab inside', 'http://local\thost:30300', 'http://localhost:30300'],
  ['a newline inside', 'http://localhost:30\n300', 'http://localhost:30300'],
  ['the default port', 'http://localhost:80', 'http://localhost'],
  ['an empty user', 'http://@localhost:30300', 'http://localhost:30300'],
  ['an IDN host', 'https://tödo.example.org', 'https://xn--tdo-sna.example.org'],
  ['a trailing slash', 'http://localhost:30300/', 'http://localhost:30300'],
])('publicUrls.frontend with %s is refused with the normal form to write', (_name, url, normal) => {
  const issues = issuesOf(local((c) => (c.publicUrls.frontend = url)));
  expect(issues).toEqual([expect.stringContaining(`publicUrls.frontend: got ${JSON.stringify(url)}, which is not in normal form; allowed: exactly ${JSON.stringify(normal)}`)]);
});

test('the backend URL (which is also the NEXT_PUBLIC_API_URL build argument) follows the same rule; a path is kept', () => {
  expect(issuesOf(local((c) => (c.publicUrls.backend = 'HTTP://localhost:30800')))).toEqual([
    expect.stringContaining('publicUrls.backend: got "HTTP://localhost:30800", which is not in normal form; allowed: exactly "http://localhost:30800"'),
  ]);
  expect(issuesOf(local((c) => (c.publicUrls.backend = 'http://localhost:30800/api')))).toEqual([]);
  expect(issuesOf(local((c) => (c.publicUrls.backend = 'http://localhost:30800/api/')))).toEqual([
    expect.stringContaining('allowed: exactly "http://localhost:30800/api"'),
  ]);
});

test('a URL with a password is refused without showing it', () => {
  const issues = issuesOf(local((c) => (c.publicUrls.frontend = 'http://admin:hunter2@localhost:30300')));
  expect(issues).toEqual([expect.stringMatching(/^publicUrls\.frontend: has a user name or password in it \(not shown\)/)]);
  expect(issues.join('\n')).not.toContain('hunter2');
});

// --- issue 8 item 8: the external database's key is a valid Secret key ----------------------------

const external = (key: unknown) => local((c) => (c.database = { kind: 'external', urlSecretKey: key }));

test.each([['.'], ['..'], ['k'.repeat(254)], ['DATABASE URL'], ['']])('urlSecretKey %j is refused', (key) => {
  expect(issuesOf(external(key))).toEqual([expect.stringMatching(/^database\.urlSecretKey: got .*; allowed: a Secret key: at most 253 letters, digits, "-", "_" and "\.", and not "\." or "\.\."( \(or describe .*\))?$/)]);
});

test.each([['DATABASE_URL'], ['db.url-1'], ['.hidden'], ['k'.repeat(253)]])('urlSecretKey %j is accepted', (key) => {
  expect(issuesOf(external(key))).toEqual([]);
});

// One Secret-key rule (FieldChecker.secretKey): every key field refuses what urlSecretKey refuses.
const byParts = (key: unknown) => local((c) => (c.database = { kind: 'external', host: 'db.example.com', databaseName: 'todo', user: 'todo', passwordSecretKey: key }));

test.each([['.'], ['..'], ['k'.repeat(254)]])('passwordSecretKey %j is refused, in its own words', (key) => {
  expect(issuesOf(byParts(key))).toEqual([expect.stringMatching(/^database\.passwordSecretKey: got .*; allowed: a Secret key: letters, digits, "-", "_" and "\."$/)]);
});

test('a database URL pasted into urlSecretKey is not echoed', () => {
  expect(issuesOf(external('postgresql://todo:hunter2@db.example.com/todo')).join('\n')).not.toContain('hunter2');
});

// --- issue 8 item 9: image repositories follow the distribution reference grammar ---------------

test.each([
  ['ghcr.io/acme/my-todo-backend'],
  ['todo-backend'],
  ['localhost:5000/todo_backend'],
  ['registry.example.com:5000/team/sub.group/my__app'],
  ['docker.io/library/postgres'],
  ['a--b/c.d'],
  ['my.Registry.io/acme/app'],
])('repository %s is accepted', (repository) => {
  expect(issuesOf(local((c) => (c.images.backend.repository = repository)))).toEqual([]);
});

test.each([['Todo-Backend'], ['ghcr.io//acme'], ['acme/-app'], ['acme/app_'], ['acme/a___b'], ['ghcr.io/acme/app:1.0'], ['ghcr.io/'], [`a/${'b'.repeat(254)}`]])(
  'repository %s is refused',
  (repository) => {
    expect(issuesOf(local((c) => (c.images.backend.repository = repository)))).toEqual([expect.stringMatching(/^images\.backend\.repository: got .*; allowed: an image repository/)]);
  },
);

// --- issue 8 item 17: reserved namespaces, absurd quantities -------------------------------------

test.each([['default'], ['kube-system'], ['kube-public']])('namespace %s is refused', (namespace) => {
  expect(issuesOf(local((c) => (c.namespace = namespace)))).toEqual([
    `namespace: "${namespace}" is reserved (shared with everything else, or Kubernetes' own); allowed: a namespace of the app's own, such as "todo"; not "default" or "kube-*"`,
  ]);
});

test.each([
  ['memory of 1 byte', (c: any) => (c.backend.resources.requests.memory = '1'), /^backend\.resources\.requests\.memory: got "1"; allowed: a memory quantity from 6Mi to 1Pi/],
  ['memory beyond int64', (c: any) => (c.backend.resources.limits.memory = '16Ei'), /^backend\.resources\.limits\.memory: got "16Ei"; allowed: a memory quantity from 6Mi to 1Pi/],
  ['memory of 20 digits', (c: any) => (c.backend.resources.limits.memory = '99999999999999999999'), /^backend\.resources\.limits\.memory: got "99999999999999999999"; allowed: .* from 6Mi to 1Pi/],
  ['CPU below a millicore', (c: any) => (c.frontend.resources.requests.cpu = '0.0001'), /^frontend\.resources\.requests\.cpu: got "0\.0001"; allowed: a CPU quantity from 1m to 1000/],
  ['CPU of zero', (c: any) => (c.frontend.resources.requests.cpu = '0'), /^frontend\.resources\.requests\.cpu: got "0"; allowed: a CPU quantity from 1m to 1000/],
  ['CPU of a million cores', (c: any) => (c.frontend.resources.limits.cpu = '1000001'), /^frontend\.resources\.limits\.cpu: got "1000001"; allowed: a CPU quantity from 1m to 1000/],
  ['storage of 1 byte', (c: any) => (c.database.storage = '1'), /^database\.storage: got "1"; allowed: a storage quantity from 1Mi to 1Pi/],
  ['storage beyond int64', (c: any) => (c.database.storage = '9Ei'), /^database\.storage: got "9Ei"; allowed: a storage quantity from 1Mi to 1Pi/],
])('%s is refused with the allowed range', (_name, patch, expected) => {
  const issues = issuesOf(local(patch));
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatch(expected);
});

test('CPU cores convert to millicores exactly (1.1 is 1100m, not above a 1100m limit)', () => {
  expect(issuesOf(local((c) => Object.assign(c.backend.resources, { requests: { cpu: '1.1', memory: '128Mi' }, limits: { cpu: '1100m', memory: '512Mi' } })))).toEqual([]);
});

// --- issue 7: unknown keys at any depth -----------------------------------------------------------

test('unknown keys at any depth are errors with the nearest valid key', () => {
  const bad = local((c) => {
    c.replica = 2;
    c.backend.resources.limit = { cpu: '1' };
    c.database.storageClass = 'fast';
  });
  expect(issuesOf(bad)).toEqual([
    expect.stringMatching(/^backend\.resources\.limit: unknown key \(did you mean "limits"\?\); allowed: the keys of backend\.resources: limits, requests$/),
    expect.stringMatching(/^database\.storageClass: unknown key \(did you mean "storageClassName"\?\)/),
    expect.stringMatching(/^replica: unknown key; allowed: the keys of the top level: appChecks, backend, dapr, database, exposure/),
  ]);
});

test('an unknown key that looks like a pasted token or a URL with a password is not echoed', () => {
  const bad = local((c) => {
    c['sk-proj-Zq8wLEAKabcd1234EFGH5678'] = 1;
    c.backend['postgresql://todo:hunter2@db/todo'] = 1;
  });
  const found = issuesOf(bad).join('\n');
  expect(found).not.toMatch(/LEAK|hunter2/);
  expect(issuesOf(bad)).toEqual([
    expect.stringMatching(/^backend\.\(a key of 33 characters, not shown\): unknown key; allowed: the keys of backend:/),
    expect.stringMatching(/^\(a key of 32 characters, not shown\): unknown key; allowed: the keys of the top level:/),
  ]);
});

test('a key of another kind is unknown under this one (tlsSecretName has no meaning for NodePorts)', () => {
  expect(issuesOf(local((c) => (c.exposure.tlsSecretName = 'todo-tls')))).toEqual([
    'exposure.tlsSecretName: unknown key; allowed: the keys of exposure: backendNodePort, frontendNodePort, kind',
  ]);
  const cloud = structuredClone(CLOUD_PROFILE) as any;
  cloud.exposure.tlsSecret = 'todo-tls';
  expect(issuesOf(cloud)).toEqual(['exposure.tlsSecret: unknown key (did you mean "tlsSecretName"?); allowed: the keys of exposure: className, kind, tlsSecretName']);
});

test('keys under a refused kind are not reported as unknown as well', () => {
  expect(issuesOf(local((c) => (c.exposure.kind = 'loadbalancer')))).toEqual([expect.stringMatching(/^exposure\.kind: got "loadbalancer"/)]);
});

test('a field that should be a mapping is one issue, not one per field below it', () => {
  expect(issuesOf(local((c) => (c.backend = 3)))).toEqual(['backend: got 3; allowed: a mapping with replicas and resources']);
  expect(issuesOf(local((c) => (c.images = ['todo-backend'])))).toEqual(['images: got a list of 1 items; allowed: a mapping with backend and frontend']);
  expect(issuesOf(local((c) => delete c.publicUrls))).toEqual(['publicUrls: got nothing (the field is missing); allowed: a mapping with frontend and backend']);
});

describe('appChecks.allow (the app-source checks npm run check-app and npm run images run)', () => {
  test('known check ids are accepted', () => {
    expect(issuesOf({ ...LOCAL_PROFILE, appChecks: { allow: ['neon-serverless-driver', 'next-standalone-output'] } })).toEqual([]);
  });
  test('an unknown id, a non-list and a misspelt key are refused by field', () => {
    expect(issuesOf({ ...LOCAL_PROFILE, appChecks: { allow: ['neon'] } })).toEqual([
      expect.stringMatching(/^appChecks\.allow: got a list of 1 items; allowed: a list of app-check ids .*neon-serverless-driver/),
    ]);
    expect(issuesOf({ ...LOCAL_PROFILE, appChecks: { allow: 'neon-serverless-driver' } })).toEqual([expect.stringMatching(/^appChecks\.allow: /)]);
    expect(issuesOf({ ...LOCAL_PROFILE, appChecks: { alow: [] } })).toEqual([
      expect.stringMatching(/^appChecks\.allow: /),
      expect.stringMatching(/^appChecks\.alow: unknown key \(did you mean "allow"\?\)/),
    ]);
  });
});
