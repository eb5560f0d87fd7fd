/**
 * `npm run images` takes the same configuration flags as `npm run synth` (one shared parser) and
 * its help lists every environment variable it reads.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../lib/model/settings/validate';
import { USAGE, parseImagesArgs } from '../../lib/cli/images-options';
import { UsageError } from '../../lib/images/errors';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-images-args-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('--profile and -f/--values (repeatable, relative to where npm was run) are parsed as for npm run synth', () => {
  fs.writeFileSync(path.join(dir, 'a.yaml'), '{}\n');
  fs.writeFileSync(path.join(dir, 'b.yaml'), '{}\n');
  const parsed = parseImagesArgs(['--profile', 'cloud', '-f', 'a.yaml', '--values=b.yaml', '--no-cache'], { INIT_CWD: dir }, PROJECT_ROOT);
  expect(parsed.config).toEqual({ profile: 'cloud', valuesFiles: ['a.yaml', 'b.yaml'] });
  expect(parsed.noCache).toBe(true);
});

test('a values file that cannot be read, or a flag without a value, is a usage error naming the flag', () => {
  expect(() => parseImagesArgs(['-f', 'missing.yaml'], { INIT_CWD: dir }, PROJECT_ROOT)).toThrow(UsageError);
  expect(() => parseImagesArgs(['-f', 'missing.yaml'], { INIT_CWD: dir }, PROJECT_ROOT)).toThrow(/^-f missing\.yaml: does not exist\n\nUsage: npm run images/);
  expect(() => parseImagesArgs(['--values', dir], {}, PROJECT_ROOT)).toThrow(`--values ${dir}: is a directory, not a file`);
  expect(() => parseImagesArgs(['--profile'], {}, PROJECT_ROOT)).toThrow(/^--profile needs a value/);
});

test('an unknown --profile names the flag as typed, not TODO_PROFILE', () => {
  expect(() => parseImagesArgs(['--profile', 'staging'], {}, PROJECT_ROOT)).toThrow(ConfigError);
  expect(() => parseImagesArgs(['--profile', 'staging'], {}, PROJECT_ROOT)).toThrow(/^Invalid configuration \(--profile staging\):\n  - --profile: unknown profile "staging"; allowed: one of local, cloud/);
});

test('--help lists the configuration flags and every TODO_ variable npm run images reads', () => {
  for (const text of ['--profile NAME', '--values FILE, -f FILE', 'TODO_PROFILE', 'TODO_VALUES', 'TODO_IMAGES_LOCK', 'TODO_DOCKER_TIMEOUT=<seconds>', 'TODO_DOCKER_IDLE_TIMEOUT=<seconds>', 'TODO_BACKEND_DIR', 'TODO_FRONTEND_DIR', 'TODO_KIND_CLUSTER']) {
    expect(USAGE).toContain(text);
  }
});

test('npm run images -- --profile staging fails before touching the engine, naming the flag', () => {
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(PROJECT_ROOT, 'bin', 'images.ts'), '--profile', 'staging'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, TODO_IMAGES_LOCK: path.join(dir, 'images.lock.json') },
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('Invalid configuration (--profile staging):');
  expect(run.stderr).not.toContain('TODO_PROFILE=staging');
});

test('--only names one image; anything else is refused naming the allowed values', () => {
  expect(parseImagesArgs([], {}, PROJECT_ROOT).only).toBeUndefined();
  expect(parseImagesArgs(['--only', 'backend'], {}, PROJECT_ROOT).only).toBe('backend');
  expect(parseImagesArgs(['--only=frontend'], {}, PROJECT_ROOT).only).toBe('frontend');
  expect(() => parseImagesArgs(['--only', 'Frontend'], {}, PROJECT_ROOT)).toThrow(new UsageError('--only "Frontend": unknown image; allowed: one of backend, frontend'));
  expect(() => parseImagesArgs(['--only', 'frontend-migrate'], {}, PROJECT_ROOT)).toThrow('allowed: one of backend, frontend');
  expect(() => parseImagesArgs(['--only', 'backend', '--only', 'frontend'], {}, PROJECT_ROOT)).toThrow(
    '--only was given 2 times ("backend", "frontend"); allowed: once, one of backend, frontend (without --only both are built)',
  );
  expect(() => parseImagesArgs(['--only'], {}, PROJECT_ROOT)).toThrow(/--only/);
  expect(USAGE).toContain('--only backend|frontend');
});

test('npm run images -- --only web fails before touching the engine, naming the allowed values; no lock written', () => {
  const lockFile = path.join(dir, 'images.lock.json');
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(PROJECT_ROOT, 'bin', 'images.ts'), '--only', 'web'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, TODO_IMAGES_LOCK: lockFile, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('--only "web": unknown image; allowed: one of backend, frontend');
  expect(run.stderr).not.toContain('Docker Engine');
  expect(fs.existsSync(lockFile)).toBe(false);
});
