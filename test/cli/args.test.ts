// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
// One argument parser for every command: the configuration flags, strictness, usage and exit code 2.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../lib/model/settings/validate';
import { keyValues, parseCommandArgs, usage } from '../../lib/cli/args';
import { IMAGES } from '../../lib/cli/images-command';
import { DEPLOY } from '../../lib/cli/deploy-command';
import { sourceDirsFor } from '../../lib/cli/source-dirs';
import { timeoutMs } from '../../lib/cli/cluster-options';
import { COMMANDS } from '../../lib/cli/main';
import { CommandContext } from '../../lib/cli/project';
import { capturedOutput } from '../../lib/cli/output';
import { UsageError } from '../../lib/util/explained-error';
import { PROFILES } from '../../lib/model/settings/profiles';
import { CLI, ROOT } from '../support/synth-project';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-args-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}, cwd = dir) => parseCommandArgs(IMAGES, argv, env, cwd);
const ctx = (env: NodeJS.ProcessEnv = {}, cwd = ROOT): CommandContext => ({ root: ROOT, cwd, env, out: capturedOutput(), app: { file: 'main.ts', exports: {} } });

test('--profile and -f/--values (repeatable, relative to where npm was run) are parsed the same for every command', () => {
  fs.writeFileSync(path.join(dir, 'a.yaml'), '{}\n');
  fs.writeFileSync(path.join(dir, 'b.yaml'), '{}\n');
  for (const spec of [IMAGES, DEPLOY]) {
    const parsed = parseCommandArgs(spec, ['--profile', 'cloud', '-f', 'a.yaml', '--values=b.yaml'], {}, dir);
    expect(parsed.config).toEqual({ profile: 'cloud', valuesFiles: ['a.yaml', 'b.yaml'] });
  }
  // The flags replace TODO_PROFILE and TODO_VALUES; without them, those are read.
  expect(parse([], { TODO_PROFILE: 'cloud', TODO_VALUES: 'a.yaml,b.yaml' }).config).toEqual({ profile: 'cloud', valuesFiles: ['a.yaml', 'b.yaml'] });
  expect(parse(['-f', 'a.yaml'], { TODO_VALUES: 'b.yaml' }).config.valuesFiles).toEqual(['a.yaml']);
});

test('a values file that cannot be read, or a flag without a value, is a UsageError (exit 2) naming the flag, with the usage', () => {
  expect(() => parse(['-f', 'missing.yaml'])).toThrow(UsageError);
  expect(() => parse(['-f', 'missing.yaml'])).toThrow(/^npm run images: -f "missing\.yaml": does not exist\nUsage: npm run images/);
  expect(() => parse(['--values', dir])).toThrow(`--values ${JSON.stringify(dir)}: is a directory, not a file`);
  expect(() => parse(['--profile'])).toThrow(/^npm run images: --profile needs a value/);
  expect(() => parse(['--only', ''])).toThrow(/--only needs a value/);
  expect(() => parse([], { TODO_VALUES: 'a.yaml,,b.yaml' })).toThrow(/TODO_VALUES has an empty entry/);
  try {
    parse(['--bogus']);
  } catch (err) {
    expect((err as UsageError).exitCode).toBe(2);
  }
});

test('an unknown --profile names the flag as typed, not TODO_PROFILE', () => {
  expect(() => parse(['--profile', 'staging'])).toThrow(ConfigError);
  expect(() => parse(['--profile', 'staging'])).toThrow(/^Invalid configuration \(--profile staging\):\n  - --profile: unknown profile "staging"; allowed: one of local, cloud/);
});

test("every command's --help lists its options and the configuration flags", () => {
  for (const text of ['--profile NAME', '-f, --values FILE', 'TODO_PROFILE', 'TODO_VALUES', 'TODO_IMAGES_LOCK', 'TODO_DOCKER_TIMEOUT=<seconds>', 'TODO_BACKEND_DIR', 'TODO_FRONTEND_DIR', 'TODO_KIND_CLUSTER', '--only backend|frontend', '--build-arg NAME=VALUE']) {
    expect(usage(IMAGES)).toContain(text);
  }
  for (const name of Object.keys(COMMANDS)) {
    const run = spawnSync(process.execPath, [CLI, name, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout).toMatch(new RegExp(`^Usage: npm run ${name} -- \\[options\\]\\n`));
    expect(run.status).toBe(0);
  }
});

test('--only names one image; anything else is refused naming the allowed values, before the engine is touched', () => {
  const lockFile = path.join(dir, 'images.lock.json');
  for (const [args, message] of [
    [['--only', 'Frontend'], '--only "Frontend": unknown image; allowed: one of backend, frontend'],
    [['--only', 'backend', '--only', 'frontend'], '--only was given 2 times ("backend", "frontend"); allowed: once, one of backend, frontend (without --only both are built)'],
  ] as const) {
    const run = spawnSync(process.execPath, [CLI, 'images', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TODO_IMAGES_LOCK: lockFile, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('Docker Engine');
    expect(run.status).toBe(2);
  }
  expect(fs.existsSync(lockFile)).toBe(false);
});

test('the source directories default to ../backend and ../frontend next to the project; flags and variables are relative to where npm was run', () => {
  const settings = PROFILES.local;
  expect(sourceDirsFor(ctx(), parse([]), settings)).toEqual({ backend: path.resolve(ROOT, '..', 'backend'), frontend: path.resolve(ROOT, '..', 'frontend') });
  expect(sourceDirsFor(ctx({ TODO_BACKEND_DIR: '/src/api' }), parse(['--frontend-dir', '/src/web']), settings)).toEqual({ backend: '/src/api', frontend: '/src/web' });
  expect(sourceDirsFor(ctx({ TODO_FRONTEND_DIR: '../web' }, '/home/me/work'), parse(['--backend-dir', 'api']), settings)).toEqual({ backend: '/home/me/work/api', frontend: '/home/me/web' });
  // The settings' sourceDir, from the project root, when no flag or variable names one.
  expect(sourceDirsFor(ctx(), parse([]), { ...settings, backend: { ...settings.backend, sourceDir: 'apps/api' } }).backend).toBe(path.join(ROOT, 'apps', 'api'));
});

test('--build-arg takes NAME=VALUE pairs, later ones winning; anything else is a UsageError', () => {
  expect(keyValues(IMAGES, parse(['--build-arg', 'NODE_IMAGE=node:22-alpine', '--build-arg', 'A=b=c']), 'build-arg')).toEqual({ NODE_IMAGE: 'node:22-alpine', A: 'b=c' });
  expect(() => keyValues(IMAGES, parse(['--build-arg', 'NODE_IMAGE']), 'build-arg')).toThrow(/--build-arg "NODE_IMAGE": expected NAME=VALUE/);
});

test('--timeout takes Go durations; anything else names what is allowed', () => {
  expect(timeoutMs(DEPLOY, parseCommandArgs(DEPLOY, ['--timeout', '1m30s'], {}, dir))).toBe(90_000);
  expect(timeoutMs(DEPLOY, parseCommandArgs(DEPLOY, [], {}, dir))).toBe(300_000);
  expect(() => timeoutMs(DEPLOY, parseCommandArgs(DEPLOY, ['--timeout', '5 minutes'], {}, dir))).toThrow(/--timeout "5 minutes": not a duration; allowed: a number with a unit/);
  expect(() => timeoutMs(DEPLOY, parseCommandArgs(DEPLOY, ['--timeout', '0s'], {}, dir))).toThrow(UsageError);
});
