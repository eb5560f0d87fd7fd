// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * `npm run secret` against careless and hostile input (issue 17): a wrapped value's second line,
 * an --out that is not a regular file, an --env-file that is a FIFO or a device.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeUnreadKeys, isPlainVariableName } from '../../lib/secrets/unread-keys';
import { npmRunSecret } from '../support/secret-cli';

// Made-up values; a wrapped base64 secret whose second line ends in "=" parses as KEY= (empty).
const FIRST_LINE = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd';
const SECOND_LINE = 'QkxPQ2tXcmFwcGVkU2Vjb25kSGFsZg';
const OTHERS = { OPENAI_API_KEY: 'sk-test-Hst1le0123456789', POSTGRES_PASSWORD: 'pgHostilePass123' };
const SECRETS = [FIRST_LINE, SECOND_LINE, ...Object.values(OTHERS)];
const others = Object.entries(OTHERS).map(([k, v]) => `${k}=${v}\n`).join('');

let work: string;
beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-secret-i17-'))));
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(work, name), text);
  return path.join(work, name);
};
const mkfifo = (name: string) => {
  expect(spawnSync('mkfifo', [path.join(work, name)]).status).toBe(0);
  return path.join(work, name);
};

describe('a base64 value wrapped onto a second line', () => {
  test('the second line (a valid key with an empty value) is not printed, and a warning names the lines', () => {
    const envFile = write('.env', `BETTER_AUTH_SECRET=${FIRST_LINE}\n${SECOND_LINE}=\n${others}DEBUG_MODE=1\n`);
    const r = npmRunSecret(['--env-file', envFile, '--out', path.join(work, 'out.yaml')], SECRETS, { fragment: 6 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Not included (not read by the workloads): DEBUG_MODE, and 1 other key (names not shown: they may be part of a value).');
    expect(r.stderr).toContain(`${envFile}:2: warning: a key with an empty value right after the long value of BETTER_AUTH_SECRET (line 1)`);
  });

  test('key names are shown only when plainly variable names', () => {
    expect(['DEBUG_MODE', 'NEXT_PUBLIC_X', 'SENTRY_DSN'].every(isPlainVariableName)).toBe(true);
    expect([SECOND_LINE, 'QkxP', 'ABCDEFGH', 'debug_mode', 'A_' + 'B'.repeat(40)].some(isPlainVariableName)).toBe(false);
    expect(describeUnreadKeys(['QkxP', 'Zm9v'])).toBe('Not included (not read by the workloads): 2 other keys (names not shown: they may be part of a value).');
    expect(describeUnreadKeys([])).toBeUndefined();
  });
});

describe('an --out that exists and is not a regular file is refused, and left as it was', () => {
  // Not /dev/null itself: as root, the old code renamed the Secret file over it.
  test('a FIFO', () => {
    const out = mkfifo('out.yaml');
    const envFile = write('.env', `BETTER_AUTH_SECRET=${FIRST_LINE}\n${others}`);
    const r = npmRunSecret(['--env-file', envFile, '--out', out], SECRETS);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`${out}: is a FIFO (named pipe), not a regular file; --out takes a new or existing regular file.\nNothing was written.`);
    expect(fs.lstatSync(out).isFIFO()).toBe(true);
  });

  test('a character device (/dev/null) is refused before anything is written', () => {
    const envFile = write('.env', `BETTER_AUTH_SECRET=${FIRST_LINE}\n${others}`);
    const r = npmRunSecret(['--env-file', envFile, '--out', '/dev/null'], SECRETS);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/dev/null: is a character device, not a regular file');
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('an --env-file that is not a regular file is refused at once, naming it', () => {
  test.each([
    ['a FIFO', () => mkfifo('fifo.env'), 'is a FIFO (named pipe), not a regular file'],
    ['/dev/zero', () => '/dev/zero', 'is a character device, not a regular file'],
    ['a symlink to /dev/zero', () => (fs.symlinkSync('/dev/zero', path.join(work, 'zero.env')), path.join(work, 'zero.env')), 'is a character device, not a regular file'],
  ])('%s', (_, make, words) => {
    const envFile = make();
    const r = npmRunSecret(['--env-file', envFile, '--out', path.join(work, 'out.yaml')], SECRETS);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`${envFile}: ${words}; --env-file takes a .env file.\nNothing was written.`);
    expect(fs.existsSync(path.join(work, 'out.yaml'))).toBe(false);
  });
});
