// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * `npm run secret`, run the way users run it (through npm and package.json's script): options,
 * where it refuses to write, and that nothing of a value reaches its output.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { npmRunSecret as runSecret, ROOT } from '../support/secret-cli';

const VALUES = { BETTER_AUTH_SECRET: 'Zq8wAuthS3cr3tV4lu3-0123456789abcdef', OPENAI_API_KEY: 'sk-test-Zq8w0123456789', POSTGRES_PASSWORD: 'pgPassZq8w123' };
const dotenv = (v: Record<string, string>) => Object.entries(v).map(([k, x]) => `${k}=${x}\n`).join('');
const USAGE = 'Usage: npm run secret -- [options]';

let work: string;
beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-secret-cli-'))));
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const npmRunSecret = (args: string[], cwd = ROOT, separator = true) => runSecret(args, Object.values(VALUES), { cwd, separator });

function writeEnv(values: Record<string, string> = VALUES): string {
  const file = path.join(work, '.env');
  fs.writeFileSync(file, dotenv(values));
  return file;
}

test('writes a 0600 file and prints key names only', () => {
  const out = path.join(work, 'secrets', 'todo-secrets.yaml');
  const r = npmRunSecret(['--env-file', writeEnv(), '--out', out]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('with keys BETTER_AUTH_SECRET, OPENAI_API_KEY, POSTGRES_PASSWORD (values not shown)');
  expect(fs.statSync(out).mode & 0o777).toBe(0o600);
});

test('relative paths are taken from the directory npm runs in, as for npm run images', () => {
  writeEnv();
  const r = npmRunSecret(['--env-file', '.env', '--out', 'relative/out.yaml'], work);
  expect(r.status).toBe(0);
  expect(fs.existsSync(path.join(work, 'relative', 'out.yaml'))).toBe(true);
});

test('--opt=value works like --opt value, never falling back to the default .env', () => {
  const out = path.join(work, 'out.yaml');
  const r = npmRunSecret([`--env-file=${writeEnv()}`, `--out=${out}`]);
  expect(r.status).toBe(0);
  expect(fs.existsSync(out)).toBe(true);
});

describe('unknown, misspelt and valueless options are refused with the usage line; nothing is read or written', () => {
  test.each([
    ['a misspelt option', ['--envfile', 'other.env']],
    ['an unknown option', ['--outt', 'x.yaml']],
    ['--out without a value', ['--out']],
    ['--env-file followed by another option', ['--env-file', '--out', 'x.yaml']],
    ['an empty value', ['--out', '']],
    ['a stray argument', ['.env']],
  ])('%s', (_, args) => {
    const r = npmRunSecret(args, work);
    expect({ status: r.status, output: r.output }).toMatchObject({ status: 2 });
    expect(r.stderr).toMatch(/^npm run secret: /);
    expect(r.stderr).toContain(USAGE);
    expect(fs.readdirSync(work)).toEqual([]);
  });

  test('a stray argument is not echoed: it may be a pasted value', () => {
    const r = npmRunSecret(['--env-file', writeEnv(), VALUES.OPENAI_API_KEY]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unexpected argument (not shown)');
  });

  test('options npm takes for itself (no "--" before them) are refused, not replaced by the default .env', () => {
    writeEnv();
    const r = npmRunSecret([`--env-file=${path.join(work, '.env')}`, `--out=${path.join(work, 'out.yaml')}`], work, false);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm took --env-file and --out as its own setting; put "--" before the options');
    expect(fs.existsSync(path.join(work, 'out.yaml'))).toBe(false);
  });

  test('--help prints the usage and exits 0', () => {
    const r = npmRunSecret(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(USAGE);
  });
});

test('--env-file <dir> gets our own error, not node 20 taking --env-file for itself', () => {
  const r = npmRunSecret(['--env-file', work]);
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toBe(`${work}: is a directory; --env-file takes a .env file.\nNothing was written.`);
});

test('a malformed .env: file and line named, not a fragment of the line printed, nothing written', () => {
  const envFile = path.join(work, '.env');
  fs.writeFileSync(envFile, `${dotenv(VALUES)}OPENAI_API_KEY2=sk-proj-\nLEAKEDSECRETPART2xyz\nS3CR3T/LEAK+base64=\nOPENAI_API_KEY sk-Zq8wLEAK\n`);
  const out = path.join(work, 'out.yaml');
  const r = npmRunSecret(['--env-file', envFile, '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`${envFile}:5: not a KEY=VALUE line`);
  expect(r.stderr).toContain(`${envFile}:6: not a valid key`);
  expect(r.stderr).toContain(`${envFile}:7: not a KEY=VALUE line`);
  for (const leak of ['LEAKEDSECRETPART2xyz', 'S3CR3T/LEAK+base64', 'sk-Zq8wLEAK']) {
    for (let i = 0; i + 5 <= leak.length; i++) expect(r.output).not.toContain(leak.slice(i, i + 5));
  }
  expect(fs.existsSync(out)).toBe(false);
});

describe('never writes where git would commit it', () => {
  const refused = (r: ReturnType<typeof npmRunSecret>) => {
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('so the secret could be committed');
  };

  test('a file of this repository that git does not ignore, also named "..leak.yaml"', () => {
    for (const name of [`secret-test-${process.pid}.yaml`, `..leak-${process.pid}.yaml`]) {
      refused(npmRunSecret(['--env-file', writeEnv(), '--out', name], ROOT));
      expect(fs.existsSync(path.join(ROOT, name))).toBe(false);
    }
  });

  test('a path through a symlink into the repository', () => {
    fs.symlinkSync(ROOT, path.join(work, 'link'));
    const out = path.join(work, 'link', `secret-test-${process.pid}.yaml`);
    const r = npmRunSecret(['--env-file', writeEnv(), '--out', out]);
    refused(r);
    expect(r.stderr).toContain(`(it resolves to ${path.join(fs.realpathSync(ROOT), `secret-test-${process.pid}.yaml`)})`);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an --out that is itself a symlink is refused', () => {
    fs.symlinkSync(path.join(work, 'elsewhere.yaml'), path.join(work, 'out.yaml'));
    const r = npmRunSecret(['--env-file', writeEnv(), '--out', path.join(work, 'out.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is a symbolic link');
  });

  test('a tracked file under an ignored directory of any repository counts as committed; an untracked one there is fine', () => {
    const repo = path.join(work, 'repo');
    fs.mkdirSync(path.join(repo, 'ignored'), { recursive: true });
    const git = (...args: string[]) => expect(spawnSync('git', args, { cwd: repo, encoding: 'utf8' }).status).toBe(0);
    git('init', '-q');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'ignored/\n');
    fs.writeFileSync(path.join(repo, 'ignored', 'tracked.yaml'), 'placeholder\n');
    git('add', '-f', 'ignored/tracked.yaml');
    const envFile = writeEnv();

    const r = npmRunSecret(['--env-file', envFile, '--out', path.join(repo, 'ignored', 'tracked.yaml')]);
    refused(r);
    expect(r.stderr).toContain('it is a file tracked by git');
    expect(fs.readFileSync(path.join(repo, 'ignored', 'tracked.yaml'), 'utf8')).toBe('placeholder\n');
    refused(npmRunSecret(['--env-file', envFile, '--out', path.join(repo, 'new-dir', 'not-ignored.yaml')]));
    expect(fs.existsSync(path.join(repo, 'new-dir'))).toBe(false);

    expect(npmRunSecret(['--env-file', envFile, '--out', path.join(repo, 'ignored', 'new', 'secret.yaml')]).status).toBe(0);
  });

  test('a file ignored by its own name is refused: the temporary file written first would not be ignored', () => {
    const repo = path.join(work, 'repo');
    fs.mkdirSync(repo);
    expect(spawnSync('git', ['init', '-q'], { cwd: repo }).status).toBe(0);
    fs.writeFileSync(path.join(repo, '.gitignore'), 'prod-secret.yaml\n');
    const r = npmRunSecret(['--env-file', writeEnv(), '--out', path.join(repo, 'prod-secret.yaml')]);
    refused(r);
    expect(r.stderr).toMatch(/its temporary file .*\.prod-secret\.yaml\.\d+\.tmp would not be ignored by git/);
    expect(fs.readdirSync(repo).sort()).toEqual(['.git', '.gitignore']);
  });

  test('the default place, secrets/, is ignored by this repository', () => {
    expect(spawnSync('git', ['check-ignore', '-q', 'secrets/todo/todo-secrets.yaml'], { cwd: ROOT }).status).toBe(0);
  });

  test('--out naming the .env itself is refused', () => {
    const envFile = writeEnv();
    const r = npmRunSecret(['--env-file', envFile, '--out', envFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is the --env-file itself');
    expect(fs.readFileSync(envFile, 'utf8')).toBe(dotenv(VALUES));
  });
});

describe('several instances: --profile and -f select the configuration, and the default file follows the instance', () => {
  test('a values file with another instance and namespace writes secrets/<instance>/<secretName>.yaml for that namespace', () => {
    const values = path.join(work, 'staging.yaml');
    fs.writeFileSync(values, 'instance: todo-staging\nnamespace: todo-staging\n');
    const out = path.join(ROOT, 'secrets', 'todo-staging', 'todo-secrets.yaml');
    try {
      const r = npmRunSecret(['--env-file', writeEnv(), '-f', values]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Wrote ${path.join('secrets', 'todo-staging', 'todo-secrets.yaml')}: Secret todo-staging/todo-secrets`);
      expect(fs.readFileSync(out, 'utf8')).toContain('  namespace: todo-staging\n');
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  test('an invalid values file is reported as synth reports it, and nothing is written', () => {
    const values = path.join(work, 'bad.yaml');
    fs.writeFileSync(values, 'backend:\n  replicas: -1\n');
    const out = path.join(work, 'out.yaml');
    const r = npmRunSecret(['--env-file', writeEnv(), '--values', values, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('backend.replicas: got -1');
    expect(r.stderr).toContain('Nothing was written.');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a values file that cannot be read is a usage error naming the flag', () => {
    const r = npmRunSecret(['--env-file', writeEnv(), '-f', path.join(work, 'missing.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^npm run secret: -f .*missing\.yaml": /);
  });
});
