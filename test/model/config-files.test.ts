/**
 * Profiles and values files: where they live, how they layer, and how a bad file is refused.
 * loadConfig runs against temporary project directories (a `profiles/` folder and values files).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../lib/model/settings/load';
import { CLOUD_PROFILE, LOCAL_PROFILE, PROFILES, PROJECT_PROFILES_DIR } from '../../lib/model/settings/profiles';
import { ConfigError } from '../../lib/model/settings/validate';

const ROOT = path.resolve(__dirname, '..', '..');
let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-config-'));
  fs.cpSync(PROJECT_PROFILES_DIR, path.join(work, 'profiles'), { recursive: true });
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};
/** As a command loads them: TODO_PROFILE and TODO_VALUES here stand for --profile and -f (lib/cli/args.ts reads the variables). */
const load = (env: NodeJS.ProcessEnv = {}, valuesFiles: string[] = []) =>
  loadConfig({ profile: env.TODO_PROFILE, valuesFiles: [...(env.TODO_VALUES ? env.TODO_VALUES.split(',') : []), ...valuesFiles], cwd: work, profilesDir: path.join(work, 'profiles') });
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

/** Real values for the cloud profile's placeholders. */
const CLOUD_VALUES = `
publicUrls:
  frontend: https://todo.acme.dev
  backend: https://api.todo.acme.dev
images:
  backend: { repository: ghcr.io/acme/todo-backend, tag: 1.2.3 }
  frontend: { repository: ghcr.io/acme/todo-frontend, tag: 1.2.3 }
`;

test('profiles are the YAML files in the project\'s profiles/ folder, the shipped ones included', () => {
  expect(Object.keys(PROFILES)).toEqual(['local', 'cloud']);
  expect(fs.existsSync(path.join(ROOT, 'profiles', 'local.yaml'))).toBe(true);
  expect(loadConfig({ cwd: ROOT })).toEqual(LOCAL_PROFILE);
  expect(LOCAL_PROFILE.profile).toBe('local');
  // A profile of the user's own, picked by TODO_PROFILE, next to the shipped ones.
  write('profiles/staging.yml', fs.readFileSync(path.join(work, 'profiles', 'local.yaml'), 'utf8').replace('replicas: 1', 'replicas: 2'));
  const staging = load({ TODO_PROFILE: 'staging' });
  expect(staging.profile).toBe('staging');
  expect(staging.backend.replicas).toBe(2);
});

test('an unknown profile lists the profiles there are; a path is not a profile name', () => {
  expect(messageOf(() => load({ TODO_PROFILE: 'prod' }))).toContain('TODO_PROFILE: unknown profile "prod"; allowed: one of local, cloud (files in');
  expect(messageOf(() => load({ TODO_PROFILE: '../profiles/local' }))).toContain('unknown profile "../profiles/local"');
  expect(messageOf(() => load({ TODO_PROFILE: 'toString' }))).toContain('unknown profile "toString"');
});

test('values files layer over the profile like helm -f: maps merge, scalars replace, later files win', () => {
  const a = write('a.yaml', 'backend:\n  replicas: 2\n  resources:\n    limits: { memory: 768Mi }\nfrontend: { replicas: 3 }\n');
  const b = write('b.json', JSON.stringify({ backend: { replicas: 4 } }));
  const config = load({ TODO_VALUES: `${a},b.json` });
  expect(config.backend.replicas).toBe(4);
  expect(config.frontend.replicas).toBe(3);
  expect(config.backend.resources).toEqual({ requests: LOCAL_PROFILE.backend.resources.requests, limits: { cpu: '500m', memory: '768Mi' } });
  // Files given as options (a CLI flag) come after TODO_VALUES.
  expect(load({ TODO_VALUES: b }, [a]).backend.replicas).toBe(2);
  void b;
});

test('a mapping whose kind changes replaces the earlier one whole; null removes a field', () => {
  const external = write('external.yaml', 'database: { kind: external, urlSecretKey: NEON_URL }\n');
  expect(load({ TODO_VALUES: external }).database).toEqual({ kind: 'external', urlSecretKey: 'NEON_URL' });
  const noClass = write('no-class.yaml', 'exposure: { className: null }\n');
  expect(load({ TODO_PROFILE: 'cloud', TODO_VALUES: `${write('real.yaml', CLOUD_VALUES)},${noClass}` }).exposure).toEqual({ kind: 'ingress', tlsSecretName: 'todo-tls' });
});

test('an unknown key in a values file names the file, the key path and the nearest valid key', () => {
  const values = write('values.yaml', `${CLOUD_VALUES}exposure:\n  tlsSecret: my-tls\n`);
  expect(messageOf(() => load({ TODO_PROFILE: 'cloud', TODO_VALUES: values }))).toBe(
    'Invalid configuration (profile "cloud" with values values.yaml):\n' +
      '  - values.yaml: exposure.tlsSecret: unknown key (did you mean "tlsSecretName"?); allowed: the keys of exposure: className, kind, tlsSecretName',
  );
});

test('each issue names the file that set the field: the profile or the values file', () => {
  write('profiles/broken.yaml', fs.readFileSync(path.join(work, 'profiles', 'local.yaml'), 'utf8').replace('namespace: todo', 'namespace: Todo'));
  const values = write('v.yaml', 'frontend: { replicas: -1 }\n');
  const message = messageOf(() => load({ TODO_PROFILE: 'broken', TODO_VALUES: values }));
  expect(message).toContain(`  - ${path.join('profiles', 'broken.yaml')}: namespace: got "Todo"; allowed: a DNS-1123 label`);
  expect(message).toContain('  - v.yaml: frontend.replicas: got -1; allowed: an integer from 0 to 100');
});

test('a file may not set the profile name', () => {
  expect(messageOf(() => load({ TODO_VALUES: write('v.yaml', 'profile: cloud\n') }))).toContain('v.yaml: profile: is set in a file');
});

describe('bad files get one clear error naming the file, and never their content', () => {
  const SECRET = 'sk-proj-LEAKEDSECRETPART2xyz';

  test.each([
    ['a missing file', () => path.join(work, 'missing.yaml'), 'missing.yaml: does not exist; allowed: a readable values file'],
    ['a directory', () => (fs.mkdirSync(path.join(work, 'dir.yaml')), path.join(work, 'dir.yaml')), 'dir.yaml: is a directory, not a file'],
    ['invalid YAML', () => write('bad.yaml', `backend:\n  replicas: 2\n OPENAI_API_KEY: ${SECRET}\n`), 'bad.yaml: is not valid YAML or JSON at line 3'],
    ['invalid JSON', () => write('bad.json', `{"backend": {"replicas": 2,, "k": "${SECRET}"}}`), 'bad.json: is not valid YAML or JSON at line 1'],
    ['a duplicate key', () => write('dup.yaml', `namespace: a\nnamespace: ${SECRET}\n`), 'dup.yaml: is not valid YAML or JSON at line 2, column 1 (duplicate key)'],
    ['a list at the top', () => write('list.yaml', `- ${SECRET}\n`), 'list.yaml: holds a list at the top'],
    ['a string at the top', () => write('scalar.yaml', `${SECRET}\n`), 'scalar.yaml: holds a string at the top'],
    ['invalid UTF-8', () => write('latin1.yaml', Buffer.from([0x6e, 0x3a, 0x20, 0xe9, 0x0a]).toString('latin1')), 'latin1.yaml: is not UTF-8 text'],
    ['an unknown key holding a secret', () => write('key.yaml', `OPENAI_API_KEY: ${SECRET}\n`), 'key.yaml: OPENAI_API_KEY: unknown key'],
    ['a wrong type', () => write('type.yaml', 'backend: { replicas: "3" }\n'), 'type.yaml: backend.replicas: got "3"; allowed: an integer from 0 to 100'],
  ])('%s', (_name, makeFile, expected) => {
    const file = makeFile();
    if (_name === 'invalid UTF-8') fs.writeFileSync(file, Buffer.from([0x6e, 0x3a, 0x20, 0xe9, 0x0a]));
    const message = messageOf(() => load({ TODO_VALUES: file }));
    expect(message).toContain(expected);
    expect(message).not.toContain('LEAKED');
    expect(message.split('\n')).toHaveLength(2);
  });

});

describe('issue 8 item 17: the cloud profile\'s placeholders', () => {
  test('are refused at synth, saying what to set', () => {
    const message = messageOf(() => load({ TODO_PROFILE: 'cloud' }));
    expect(message).toContain('publicUrls.frontend: "todo.example.com" is a placeholder (a domain reserved for examples); allowed: the public URL of your frontend');
    expect(message).toContain('images.backend.repository: "ghcr.io/example/todo-backend" is a placeholder; allowed: the repository your CI pushes the backend image to');
    expect(message.split('\n')).toHaveLength(5);
  });

  test('are accepted once real values are layered over them', () => {
    const config = load({ TODO_PROFILE: 'cloud', TODO_VALUES: write('prod.yaml', CLOUD_VALUES) });
    expect(config.publicUrls.frontend).toBe('https://todo.acme.dev');
    expect(config.images.backend).toEqual({ repository: 'ghcr.io/acme/todo-backend', tag: '1.2.3', pullPolicy: 'IfNotPresent' });
    expect(config.backend.replicas).toEqual(CLOUD_PROFILE.backend.replicas);
  });
});

test('a __proto__ key in a values file is an unknown key, not a way to change every object', () => {
  const values = write('proto.yaml', '__proto__:\n  namespace: kube-system\nbackend:\n  __proto__: { replicas: 50 }\n');
  const message = messageOf(() => load({ TODO_VALUES: values }));
  expect(message).toContain('proto.yaml: __proto__: unknown key');
  expect(message).toContain('proto.yaml: backend.__proto__: unknown key');
  expect(({} as any).namespace).toBeUndefined();
});
