// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * check-app and the images preflight against sources and inputs that are not regular files, or
 * not what they claim to be (issue 17): each is refused at once, naming the path; nothing hangs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppSourceError, runAppChecks } from '../../lib/app-checks';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { CLI } from '../support/synth-project';

const ROOT = path.resolve(__dirname, '..', '..');
const FRONTEND = {
  'package.json': JSON.stringify({ dependencies: { next: '16.1.6', 'better-auth': '^1.4.18', '@better-auth/cli': '^1.4.18', pg: '^8.16.3' } }),
  'package-lock.json': '{}',
  'next.config.js': 'module.exports = { output: "standalone" };\n',
  'src/lib/auth-server.ts': 'import { betterAuth } from "better-auth";\nexport const auth = betterAuth({});\n',
};
const BACKEND = { 'requirements.txt': 'fastapi\nuvicorn\npsycopg2-binary\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };

let root: string;
let frontend: string;
let backend: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-hostile-sources-'));
  [frontend, backend] = [path.join(root, 'frontend'), path.join(root, 'backend')];
  for (const [dir, tree] of [[frontend, FRONTEND], [backend, BACKEND]] as const) {
    for (const [file, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  }
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const replaceWithFifo = (file: string) => {
  fs.rmSync(file, { force: true });
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
};
const run = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [CLI, script.replace(/\.ts$/, ''), '--', ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, TODO_PROFILE: 'local', TODO_VALUES: '', TODO_IMAGES_LOCK: '', DOCKER_HOST: 'unix:///nonexistent/docker.sock', ...env },
  });
  expect(r.signal).toBeNull(); // not killed by the timeout: nothing hangs
  return r;
};
const dirs = () => ['--frontend-dir', frontend, '--backend-dir', backend];

describe('a FIFO or a device where a file is read is refused by name, in check-app and the images preflight', () => {
  test.each([
    ['next.config.js', () => replaceWithFifo(path.join(frontend, 'next.config.js')), 'is a FIFO (named pipe), not a regular file'],
    ['requirements.txt', () => replaceWithFifo(path.join(backend, 'requirements.txt')), 'is a FIFO (named pipe), not a regular file'],
    ['package.json -> /dev/zero', () => {
      fs.rmSync(path.join(frontend, 'package.json'));
      fs.symlinkSync('/dev/zero', path.join(frontend, 'package.json'));
      return path.join(frontend, 'package.json');
    }, 'is a character device, not a regular file'],
  ])('%s', (_, make, words) => {
    const file = make();
    for (const script of ['check-app.ts', 'images.ts']) {
      const r = run(script, dirs());
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${file} ${words}`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    }
  });

  test.each([
    ['a values file (-f)', (fifo: string) => ({ args: ['-f', fifo], env: {} }), 'is a FIFO (named pipe), not a regular file'],
    ['TODO_VALUES', (fifo: string) => ({ args: [], env: { TODO_VALUES: fifo } }), 'is a FIFO (named pipe), not a regular file'],
    ['TODO_VALUES=/dev/zero', () => ({ args: [], env: { TODO_VALUES: '/dev/zero' } }), 'is a character device, not a regular file'],
  ])('%s', (_, make, words) => {
    const { args, env } = make(replaceWithFifo(path.join(root, 'values.yaml')));
    const r = run('check-app.ts', [...dirs(), ...args], env);
    expect(r.status).toBe(args.length > 0 ? 2 : 1); // a flag the command cannot act on is a usage error
    expect(r.stderr).toContain(words);
  });

  test('TODO_IMAGES_LOCK naming a FIFO fails synth settings at once, naming it', () => {
    const fifo = replaceWithFifo(path.join(root, 'lock.json'));
    const r = spawnSync(process.execPath, [CLI, 'synth', '--output', path.join(root, 'out')], {
      cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, TODO_PROFILE: 'local', TODO_VALUES: '', TODO_IMAGES_LOCK: fifo },
    });
    expect(r.signal).toBeNull();
    expect(r.stderr).toContain(`${fifo}: is a FIFO (named pipe), not a regular file`);
  });
});

describe('a frontend package.json that is not JSON stops the checks, naming the file and the position', () => {
  const checks = () => runAppChecks({ config: LOCAL_PROFILE, frontendDir: frontend, backendDir: backend });
  test('an unterminated file', () => {
    fs.writeFileSync(path.join(frontend, 'package.json'), '{\n  "dependencies": {\n    "next": "16.1.6"\n');
    expect(checks).toThrow(AppSourceError);
    expect(checks).toThrow(`${path.join(frontend, 'package.json')} is not valid JSON at line 4, column 1 (the text ends before the JSON does); npm ci`);
  });

  test('a symlink to a file that is no JSON at all (its text is never shown)', () => {
    const other = path.join(root, 'shadow');
    fs.writeFileSync(other, 'root:$6$S3cr3tHashXyz:19000:0:99999:7:::\n');
    fs.rmSync(path.join(frontend, 'package.json'));
    fs.symlinkSync(other, path.join(frontend, 'package.json'));
    expect(checks).toThrow(`${path.join(frontend, 'package.json')} is not valid JSON at line 1, column 1; npm ci`);
    expect(checks).not.toThrow(/root|S3cr3t/);
  });

  test('check-app exits 1 with that line, no stack', () => {
    fs.writeFileSync(path.join(frontend, 'package.json'), '{ "dependencies": ');
    const r = run('check-app.ts', dirs());
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`${path.join(frontend, 'package.json')} is not valid JSON at line 1, column 19 (the text ends before the JSON does); npm ci in the frontend image's build would fail. Fix the file.`);
  });
});
