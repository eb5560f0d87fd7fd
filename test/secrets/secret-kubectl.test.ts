// Needs: kubectl (probed once by test/support/global-setup.ts before any test runs)
/**
 * `.env` parsing compared with kubectl itself: for each input, `kubectl create secret generic
 * --from-env-file --dry-run=client` (offline) and parseDotenv must both accept it with the same
 * data, or both refuse it. The only differences are deliberate and listed: we refuse where kubectl
 * silently reads something else than the file says.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { DotenvError, parseDotenv } from '../../lib/secrets/dotenv';
import { buildSecretManifest } from '../../lib/secrets/secret-manifest';
import { synthProfile } from '../support/synth';


const b = (text: string) => Buffer.from(text, 'utf8');
const LONG_VALUE = 'x'.repeat(64 * 1024 - 2); // with "A=", a line of exactly 64 KiB

/** [name, file bytes, stricter: why we refuse what kubectl accepts] */
const CASES: [string, Buffer, string?][] = [
  ['plain pairs', b('A=1\nB=two words\n')],
  ['quotes, "=" and trailing spaces are part of the value', b('B="q"\nC=\'s\'\nD=x=y  \n')],
  ['a byte-order mark on the first line', b('\uFEFFA=1\nB=2\n')],
  ['a byte-order mark on a later line', b('A=1\n\uFEFFB=2\n')],
  ['CRLF line ends, one CR dropped', b('A=1\r\nB=2\r\r\n')],
  ['a CR inside a value', b('E=a\rb\n')],
  ["Go's leading whitespace (NEL, NBSP, ideographic space, tab)", b('\u0085A=1\n\u00A0B=2\n\u3000C=3\n\tD=4\n')],
  ['comments and blank lines', b('# c\n\n   # indented\nA=1\n\n')],
  ['no final newline', b('A=1')],
  ['an empty value', b('A=\nB=1\n')],
  ['a NUL byte and non-ASCII in values', b('A=1\u0000x\nB=héllo ✓\n')],
  ['a duplicate key', b('A=1\nB=2\nA=3\n')],
  ['invalid UTF-8 in a value', Buffer.concat([b('A=1\nB='), Buffer.from([0xff, 0xfe]), b('\n')])],
  ['invalid UTF-8 in a comment', Buffer.concat([b('#'), Buffer.from([0xc3]), b('\nA=1\n')])],
  ['a key starting with a digit', b('1A=1\n')],
  ['a key starting with ".."', b('..A=1\n')],
  ['the key "."', b('.=1\n')],
  ['keys starting with "." or "-"', b('.A=1\n-b.c_D=2\n')],
  ['a key of 253 characters', b(`${'K'.repeat(253)}=1\n`)],
  ['a key of 254 characters', b(`${'K'.repeat(254)}=1\n`)],
  ['"export KEY=VALUE"', b('export A=1\n')],
  ['whitespace before "="', b('A =1\n')],
  ['a line starting with "="', b('=1\n')],
  ['a non-ASCII key', b('Ä=1\n')],
  ['a line of 64 KiB - 1 bytes', b(`A=${LONG_VALUE.slice(1)}\nB=2\n`)],
  ['a line of 64 KiB', b(`B=2\nA=${LONG_VALUE}\nC=3\n`), 'kubectl silently drops that line and every line after it'],
  ['a bare name without "="', b('A=1\nB\n'), 'kubectl takes the value from the shell environment'],
];

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-env-kubectl-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** kubectl's data (base64 values), or undefined when it refuses the file. */
function kubectlData(file: string): Record<string, string> | undefined {
  const r = spawnSync('kubectl', ['create', 'secret', 'generic', 'x', `--from-env-file=${file}`, '--dry-run=client', '-o', 'json'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir },
  });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout).data ?? {};
}

/** Ours in kubectl's form, or undefined when parseDotenv refuses the file. */
function ourData(bytes: Buffer): Record<string, string> | undefined {
  try {
    return Object.fromEntries([...parseDotenv(bytes, '.env')].map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  } catch (err) {
    if (err instanceof DotenvError) return undefined;
    throw err;
  }
}

describe('.env read as kubectl create secret --from-env-file reads it', () => {
  // Objects, not rows: jest would take a missing third column for a `done` callback.
  test.each(CASES.map(([name, bytes, stricter]) => ({ name, bytes, stricter })))('$name', ({ name, bytes, stricter }) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.env`);
    fs.writeFileSync(file, bytes);
    // Long values are compared by digest, so a failure stays readable.
    const digest = (data?: Record<string, string>) =>
      data && Object.fromEntries(Object.entries(data).map(([k, v]) => [k.length > 40 ? `${k.slice(0, 8)}…(${k.length})` : k, v.length > 80 ? `sha256:${createHash('sha256').update(v).digest('hex')}` : v]));
    const theirs = digest(kubectlData(file));
    const ours = digest(ourData(bytes));
    if (stricter) {
      expect(theirs).toBeDefined(); // if kubectl starts refusing it too, drop the exception
      expect(ours).toBeUndefined();
    } else {
      expect(ours === undefined ? 'refused' : 'accepted').toBe(theirs === undefined ? 'refused' : 'accepted');
      expect(ours).toEqual(theirs);
    }
  });

  test('the Secret npm run secret writes holds the same data as the one kubectl makes', () => {
    const values = { BETTER_AUTH_SECRET: 'Zq8-'.repeat(10), OPENAI_API_KEY: 'sk-test "kept" as is', POSTGRES_PASSWORD: 'pg-Pass.123~x' };
    const file = path.join(dir, 'full.env');
    fs.writeFileSync(file, `\uFEFF# generated\r\n${Object.entries(values).map(([k, v]) => `  ${k}=${v}`).join('\r\n')}\r\n`);
    const result = buildSecretManifest(LOCAL_PROFILE, parseDotenv(fs.readFileSync(file), file), synthProfile('local'));
    if (!result.ok) throw new Error(result.problems.join('; '));
    const ours = Object.fromEntries([...result.yaml.matchAll(/^ {2}(\w+): (\S+)$/gm)].filter(([, k]) => k in values).map(([, k, v]) => [k, v]));
    expect(ours).toEqual(kubectlData(file));
  });
});
