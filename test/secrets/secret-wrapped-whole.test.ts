// Tier: commands (runs `npm run secret` as a process for one case)
/**
 * Issue 26 item 1: with a reader of the whole Secret (envFrom), every .env key goes into the
 * Secret, so the second line of a wrapped base64 value (a valid key, the fragment) must neither
 * become a key nor be printed: not by `npm run secret`, not in deploy's refusals.
 */
import * as fs from 'fs';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { parseDotenvEntries } from '../../lib/secrets/dotenv';
import { buildSecretManifest } from '../../lib/secrets/secret-manifest';
import { SynthProject } from '../support/synth-project';
import { synthProfile } from '../support/synth';

// Made-up values: a 40-character base64 value whose second line is a valid key.
const FIRST_LINE = 'Zq8wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const FRAGMENT = 'QkxPQ2tXcmFwcGVkU2Vjb25kSGFsZg';
const OTHERS = 'OPENAI_API_KEY=sk-test-wh0le0123456789\nPOSTGRES_PASSWORD=pgWholePass123\n';
const SECRETS = [FIRST_LINE, FRAGMENT, 'sk-test-wh0le0123456789', 'pgWholePass123'];

/** Whether any 6-character piece of a secret is in the text (a plain boolean: a failing expect would print it). */
const leaks = (text: string) => SECRETS.some((s) => [...s].some((_, i) => i + 6 <= s.length && text.includes(s.slice(i, i + 6))));

const WHOLE_READER = { kind: 'Pod', metadata: { name: 'reader', namespace: 'todo' }, spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'todo-secrets' } }] }] } };
const objects = [...synthProfile('local'), WHOLE_READER];

test.each([
  ['ends in "=" (an empty value)', `${FRAGMENT}=`],
  ['ends in "==" (the value "=")', `${FRAGMENT}==`],
])('a wrapped second line that %s is refused by its line, never named', (_, second) => {
  const entries = parseDotenvEntries(`BETTER_AUTH_SECRET=${FIRST_LINE}\n${second}\n${OTHERS}`, '.env');
  const result = buildSecretManifest(LOCAL_PROFILE, entries, objects);
  expect(result.ok).toBe(false);
  const text = result.ok ? '' : result.problems.join('\n');
  expect(text).toContain('the key on line 2: looks like the second half of the value on the line before');
  expect(leaks(text)).toBe(false);
});

test('a key that is not plainly a variable name is written but named by its line, in every list', () => {
  const entries = parseDotenvEntries(`BETTER_AUTH_SECRET=${FIRST_LINE}\n${OTHERS}\n${FRAGMENT}=\n`, '.env');
  const result = buildSecretManifest(LOCAL_PROFILE, entries, objects);
  // Not right after a long value: an empty value, so refused as missing, by line.
  expect(result.ok).toBe(false);
  expect(result.ok ? '' : result.problems).toEqual([`the key on line 5: missing or empty (read by todo/Pod/reader)`]);
  expect(result.names.name(FRAGMENT)).toBe('the key on line 5');
  expect(result.names.list(['BETTER_AUTH_SECRET', FRAGMENT, 'zzz'])).toBe('BETTER_AUTH_SECRET, 2 other keys (names not shown: they may be part of a value)');
  expect(result.names.name('only-in-the-cluster')).toBe('a key whose name is not shown');
});

describe('npm run secret, with main.ts reading the whole Secret', () => {
  const project = new SynthProject(
    fs.readFileSync(`${__dirname}/../../main.ts`, 'utf8').replace(
      '  return app;',
      `  const chart = app.node.children[0] as any;\n  new (require('cdk8s').ApiObject)(chart, 'reader', ${JSON.stringify({ apiVersion: 'v1', ...WHOLE_READER, metadata: { name: 'reader' } })});\n  return app;`,
    ),
  );
  afterAll(() => fs.rmSync(project.dir, { recursive: true, force: true }));

  test('a wrapped value: refused, the warning and the refusal name lines only; nothing written', () => {
    fs.writeFileSync(project.path('.env'), `BETTER_AUTH_SECRET=${FIRST_LINE}\n${FRAGMENT}==\n${OTHERS}`);
    const r = project.run('secret', ['--', '--out', project.path('secrets', 'out.yaml')], { TODO_PROFILE: 'local' });
    const output = `${r.stdout}${r.stderr}`;
    expect(leaks(output)).toBe(false);
    expect(r.status).toBe(1);
    expect(output).toContain('.env:2: warning: a key with an empty value right after the long value of BETTER_AUTH_SECRET (line 1)');
    expect(output).toContain('the key on line 2: looks like the second half of the value on the line before');
    expect(fs.existsSync(project.path('secrets', 'out.yaml'))).toBe(false);
  });

  test('joined, the Secret is written and its keys listed', () => {
    fs.writeFileSync(project.path('.env'), `BETTER_AUTH_SECRET=${FIRST_LINE}${FRAGMENT}==\n${OTHERS}EXTRA_FLAG=1\n`);
    const r = project.run('secret', ['--', '--out', project.path('secrets', 'out.yaml')], { TODO_PROFILE: 'local' });
    expect(leaks(`${r.stdout}${r.stderr}`)).toBe(false);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('with keys BETTER_AUTH_SECRET, EXTRA_FLAG, OPENAI_API_KEY, POSTGRES_PASSWORD (values not shown)');
  });
});
