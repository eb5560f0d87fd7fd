import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLOUD_PROFILE, LOCAL_PROFILE } from '../lib/config/profiles';
import { parseDotenv } from '../lib/secrets/dotenv';
import { buildSecretManifest } from '../lib/secrets/secret-manifest';

const ROOT = path.resolve(__dirname, '..');
const VALUES = { BETTER_AUTH_SECRET: 'auth-s3cr3t-value-xyz', OPENAI_API_KEY: 'sk-test-0123456789', POSTGRES_PASSWORD: 'pg-pass-abc123' };
const dotenv = (v: Record<string, string>) => Object.entries(v).map(([k, x]) => `${k}=${x}`).join('\n');

test('.env is read exactly as kubectl --from-env-file reads it: values as they are, quotes included', () => {
  const parsed = parseDotenv('\uFEFF# c\n  A=1\nB="two words"\nC=x=y \n\nD=\n', '.env');
  expect([...parsed]).toEqual([['A', '1'], ['B', '"two words"'], ['C', 'x=y '], ['D', '']]);
  expect(() => parseDotenv('A=1\nexport B=secret-value\n', '.env')).toThrow('.env:2: "export B" is not a valid key');
  expect(() => parseDotenv('A=1\nSECRET\n', '.env')).toThrow('.env:2: SECRET has no "="');
  expect(() => parseDotenv('A=1\nexport B=secret-value\n', '.env')).not.toThrow(/secret-value/);
});

test('quoted values and trailing whitespace are refused by key, since they would end up in the secret', () => {
  const result = buildSecretManifest(LOCAL_PROFILE, new Map(Object.entries({ ...VALUES, BETTER_AUTH_SECRET: '"quoted"', OPENAI_API_KEY: 'sk-x ' })));
  expect(result).toEqual({
    ok: false,
    problems: [
      'BETTER_AUTH_SECRET: value is wrapped in quotes, which would become part of the secret; allowed: the bare value',
      'OPENAI_API_KEY: value ends in whitespace, which would become part of the secret; allowed: the bare value',
    ],
  });
});

test('the manifest holds the values base64-encoded under data, never as plain text', () => {
  const result = buildSecretManifest(LOCAL_PROFILE, new Map(Object.entries({ ...VALUES, NEXT_PUBLIC_API_URL: 'x' })));
  if (!result.ok) throw new Error(result.problems.join());
  expect(result.keys).toEqual(['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD']);
  expect(result.ignored).toEqual(['NEXT_PUBLIC_API_URL']);
  expect(result.yaml).toContain(`  OPENAI_API_KEY: ${Buffer.from(VALUES.OPENAI_API_KEY).toString('base64')}\n`);
  for (const v of Object.values(VALUES)) expect(result.yaml).not.toContain(v);
});

test('missing keys are named; an unsafe password or a non-postgres URL is rejected without echoing it', () => {
  const missing = buildSecretManifest(LOCAL_PROFILE, new Map([['OPENAI_API_KEY', 'sk'], ['POSTGRES_PASSWORD', 'p@ss/word']]));
  expect(missing).toEqual({
    ok: false,
    problems: [
      'BETTER_AUTH_SECRET: missing or empty',
      expect.stringMatching(/^POSTGRES_PASSWORD: value not allowed; allowed: URL-safe characters only/),
    ],
  });
  expect(JSON.stringify(missing)).not.toContain('p@ss/word');
  const cloud = buildSecretManifest(CLOUD_PROFILE, new Map([...Object.entries(VALUES), ['DATABASE_URL', 'mysql://x']]));
  expect(cloud).toEqual({ ok: false, problems: [expect.stringMatching(/^DATABASE_URL: value not allowed; allowed: a postgresql:\/\/ URL/)] });
});

describe('npm run secret (the CLI)', () => {
  let work: string;
  beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-secret-'))));
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const run = (envFile: string, out: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'secret-manifest.ts'), '--env-file', envFile, '--out', out], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TODO_PROFILE: 'local' },
    });

  test('writes a 0600 file and prints key names only', () => {
    fs.writeFileSync(path.join(work, '.env'), dotenv(VALUES));
    const out = path.join(work, 'secrets', 'todo-secrets.yaml');
    const r = run(path.join(work, '.env'), out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('with keys BETTER_AUTH_SECRET, OPENAI_API_KEY, POSTGRES_PASSWORD (values not shown)');
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    for (const v of Object.values(VALUES)) expect(r.stdout + r.stderr).not.toContain(v);
  });

  test('refuses to write into a file of the repository that git would commit', () => {
    fs.writeFileSync(path.join(work, '.env'), dotenv(VALUES));
    const out = path.join(ROOT, `secret-test-${process.pid}.yaml`);
    const r = run(path.join(work, '.env'), out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not ignored by git, so the secret could be committed');
    expect(fs.existsSync(out)).toBe(false);
    // The default place is ignored.
    expect(spawnSync('git', ['check-ignore', '-q', '--no-index', 'secrets/todo-secrets.yaml'], { cwd: ROOT }).status).toBe(0);
  });

  test('missing keys: non-zero exit, keys named, nothing written', () => {
    fs.writeFileSync(path.join(work, '.env'), dotenv({ OPENAI_API_KEY: VALUES.OPENAI_API_KEY }));
    const out = path.join(work, 'secrets', 'todo-secrets.yaml');
    const r = run(path.join(work, '.env'), out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BETTER_AUTH_SECRET: missing or empty');
    expect(r.stderr).toContain('POSTGRES_PASSWORD: missing or empty');
    expect(r.stderr).not.toContain(VALUES.OPENAI_API_KEY);
    expect(fs.existsSync(out)).toBe(false);
  });
});
