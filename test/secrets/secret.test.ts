import { Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { TodoConfig } from '../../lib/model/settings/types';
import { CLOUD_PROFILE, LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { DotenvError, keyProblem, parseDotenv } from '../../lib/secrets/dotenv';
import { secretsRead } from '../../lib/secrets/secret-keys-read';
import { buildSecretManifest as buildWithNames } from '../../lib/secrets/secret-manifest';
import { synthProfile } from '../support/synth';

/** The result without `names` (how messages name keys: test/secrets/secret-wrapped-whole.test.ts). */
const buildFromObjects = (...args: Parameters<typeof buildWithNames>) => {
  const { names, ...result } = buildWithNames(...args);
  return result;
};

/** The Secret for a profile's own chart (nothing added by the user). */
const buildSecretManifest = (config: TodoConfig, values: ReadonlyMap<string, string>) =>
  buildFromObjects(config, values, synthProfile(config.profile));

const VALUES = { BETTER_AUTH_SECRET: 'auth-s3cr3t-value-xyz-0123456789abcdef', OPENAI_API_KEY: 'sk-test-0123456789', POSTGRES_PASSWORD: 'pg-pass-abc123' };

/** Fragments that must never be printed: each malformed line below is made of them. */
const LEAKS = ['LEAKEDSECRETPART2xyz', 'S3CR3T/LEAK+base64', 'sk-Zq8wLEAK', 'Pw9LEAKv4lu3', 'k7LEAKt4iL'];
/** Every 5-character piece of a leak: "not even a fragment". */
const fragments = LEAKS.flatMap((l) => [...l].map((_, i) => l.slice(i, i + 5)).filter((f) => f.length === 5));

test('.env values are kept as they are: quotes, "=" and trailing spaces included', () => {
  const parsed = parseDotenv('\uFEFF# c\n  A=1\nB="two words"\nC=x=y \n\nD=\n', '.env');
  expect([...parsed]).toEqual([['A', '1'], ['B', '"two words"'], ['C', 'x=y '], ['D', '']]);
});

test('malformed lines are named by file and line number, and nothing of them is printed', () => {
  const lines = [
    'OPENAI_API_KEY=sk-proj-',
    'LEAKEDSECRETPART2xyz', // the rest of a value broken over two lines
    'S3CR3T/LEAK+base64=', // a base64 value on its own line
    'OPENAI_API_KEY sk-Zq8wLEAK', // a forgotten "="
    'export Pw9LEAKv4lu3=1',
    '\uFEFFk7LEAKt4iL=2',
    'GOOD_KEY=k7LEAKt4iL',
    'GOOD_KEY=Pw9LEAKv4lu3',
  ];
  let error: unknown;
  try {
    parseDotenv(lines.join('\n'), 'my/.env');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DotenvError);
  const { message, problems } = error as DotenvError;
  expect(problems).toEqual([
    expect.stringMatching(/^my\/\.env:2: not a KEY=VALUE line \(no "="\).*\(the line is not shown, as it may hold a secret\)$/),
    expect.stringMatching(/^my\/\.env:3: not a valid key: the key has characters other than letters, digits/),
    expect.stringMatching(/^my\/\.env:4: not a KEY=VALUE line/),
    expect.stringMatching(/^my\/\.env:5: not a valid key: the line starts with "export "/),
    expect.stringMatching(/^my\/\.env:6: not a valid key: the key starts with a byte-order mark/),
    'my/.env:8: GOOD_KEY is set again (first on line 7); kubectl refuses a key given twice: keep one',
  ]);
  for (const fragment of fragments) expect(message).not.toContain(fragment);
});

test('invalid UTF-8 and over-long lines are refused without showing them', () => {
  const invalid = Buffer.concat([Buffer.from('A=1\nB=Pw9LEAK'), Buffer.from([0xff]), Buffer.from('v4lu3\n')]);
  expect(() => parseDotenv(invalid, '.env')).toThrow(/^\.env: cannot be read[^]*\.env:2: not valid UTF-8/);
  expect(() => parseDotenv(invalid, '.env')).not.toThrow(/Pw9LE|v4lu3/);
  const long = `A=${'Pw9LEAKv4lu3'.repeat(6000)}\n`;
  expect(() => parseDotenv(long, '.env')).toThrow(/\.env:1: line of 65536 bytes or more; kubectl would silently ignore it/);
  expect(() => parseDotenv(long, '.env')).not.toThrow(/Pw9LE/);
});

test('a key is named once it is valid, and the keys of a valid file are returned in order', () => {
  expect([...parseDotenv('B=2\nA=1\n', '.env').keys()]).toEqual(['B', 'A']);
  expect(keyProblem('.A-b_c')).toBeUndefined();
  expect(keyProblem('K'.repeat(254))).toBe('the key is longer than 253 characters');
  expect(keyProblem('..A')).toBe('the key is "." or starts with ".."');
});

test('a BETTER_AUTH_SECRET shorter than 32 characters is refused without echoing it', () => {
  const result = buildSecretManifest(LOCAL_PROFILE, new Map(Object.entries({ ...VALUES, BETTER_AUTH_SECRET: 'Pw9LEAKv4lu3-31-characters-long' })));
  expect(result).toEqual({
    ok: false,
    problems: ['BETTER_AUTH_SECRET: value not allowed; allowed: at least 32 characters, e.g. from `openssl rand -base64 32`'],
  });
  expect(buildSecretManifest(LOCAL_PROFILE, new Map(Object.entries({ ...VALUES, BETTER_AUTH_SECRET: 'é'.repeat(32) }))).ok).toBe(true);
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
      'BETTER_AUTH_SECRET: missing or empty (read by todo/Deployment/frontend, todo/Deployment/backend)',
      expect.stringMatching(/^POSTGRES_PASSWORD: value not allowed; allowed: URL-safe characters only/),
    ],
  });
  expect(JSON.stringify(missing)).not.toContain('p@ss/word');
  const cloud = buildSecretManifest(CLOUD_PROFILE, new Map([...Object.entries(VALUES), ['DATABASE_URL', 'mysql://x']]));
  expect(cloud).toEqual({ ok: false, problems: [expect.stringMatching(/^DATABASE_URL: value not allowed; allowed: a postgresql:\/\/ URL/)] });
});


describe('the keys come from the synthesized objects, whoever added them', () => {
  const withUserAdditions = () => {
    const objects = synthProfile('local');
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'todo-secrets', 'todo-secrets');
    const other = kplus.Secret.fromSecretName(chart, 'rds', 'rds-credentials');
    const job = new kplus.CronJob(chart, 'nightly', { metadata: { name: 'nightly', namespace: 'todo' }, schedule: Cron.daily(), containers: [{ image: 'busybox:1', securityContext: { user: 1000 } }] });
    job.containers[0].env.addVariable('SENTRY_DSN', kplus.EnvValue.fromSecretValue({ secret, key: 'SENTRY_DSN' }));
    job.containers[0].env.addVariable('FEATURE_KEY', kplus.EnvValue.fromSecretValue({ secret, key: 'FEATURE_KEY' }, { optional: true }));
    job.containers[0].env.addVariable('RDS_URL', kplus.EnvValue.fromSecretValue({ secret: other, key: 'url' }));
    return [...objects, ...Testing.synth(chart)];
  };

  test('a key only the user\'s CronJob reads is required and written; an optional one is taken when present', () => {
    const objects = withUserAdditions();
    const missing = buildFromObjects(LOCAL_PROFILE, new Map(Object.entries(VALUES)), objects);
    expect(missing).toEqual({ ok: false, problems: ['SENTRY_DSN: missing or empty (read by todo/CronJob/nightly)'] });
    const ok = buildFromObjects(LOCAL_PROFILE, new Map(Object.entries({ ...VALUES, SENTRY_DSN: 'https://k@sentry.example/1', UNUSED: 'x' })), objects);
    if (!ok.ok) throw new Error(ok.problems.join());
    expect(ok.keys).toEqual(['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD', 'SENTRY_DSN']);
    expect(ok.ignored).toEqual(['UNUSED']);
    const optional = buildFromObjects(LOCAL_PROFILE, new Map(Object.entries({ ...VALUES, SENTRY_DSN: 'd', FEATURE_KEY: 'f' })), objects);
    expect(optional.ok && optional.keys).toContain('FEATURE_KEY');
  });

  test('secretsRead names every Secret, key and reader: env, envFrom and volumes, init containers included', () => {
    const read = secretsRead(withUserAdditions());
    const ours = read.find((s) => s.secretName === 'todo-secrets')!;
    expect(ours.namespace).toBe('todo');
    expect(ours.keys.map((k) => [k.key, k.optional])).toEqual([
      ['POSTGRES_PASSWORD', false], ['BETTER_AUTH_SECRET', false], ['OPENAI_API_KEY', false], ['SENTRY_DSN', false], ['FEATURE_KEY', true],
    ]);
    expect(ours.keys.find((k) => k.key === 'POSTGRES_PASSWORD')!.readBy).toEqual(expect.arrayContaining([
      'todo/StatefulSet/postgres containers[0] "postgres" env POSTGRES_PASSWORD',
      'todo/Deployment/backend initContainers[0] "wait-for-database" env DATABASE_PASSWORD',
    ]));
    expect(read.find((s) => s.secretName === 'rds-credentials')!.keys.map((k) => k.key)).toEqual(['url']);

    const whole = secretsRead([{ kind: 'Pod', metadata: { name: 'p', namespace: 'todo' }, spec: {
      containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'todo-secrets' } }] }],
      volumes: [{ name: 'v', secret: { secretName: 'todo-secrets', items: [{ key: 'tls.crt', path: 'c' }] } }, { name: 'w', projected: { sources: [{ secret: { name: 'x' } }] } }],
    } }]);
    expect(whole).toEqual([
      { secretName: 'todo-secrets', namespace: 'todo', keys: [{ key: 'tls.crt', optional: false, readBy: ['todo/Pod/p volume v'] }], wholeSecretReadBy: ['todo/Pod/p containers[0] "c" envFrom'] },
      { secretName: 'x', namespace: 'todo', keys: [], wholeSecretReadBy: ['todo/Pod/p volume w'] },
    ]);
  });

  test('with a reader of the whole Secret (envFrom), every .env key is written', () => {
    const objects = [...synthProfile('local'), { kind: 'Pod', metadata: { name: 'p', namespace: 'todo' }, spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'todo-secrets' } }] }] } }];
    const r = buildFromObjects(LOCAL_PROFILE, new Map(Object.entries({ ...VALUES, EXTRA: 'e' })), objects);
    expect(r.ok && r.keys).toEqual(['BETTER_AUTH_SECRET', 'EXTRA', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD']);
  });
});
