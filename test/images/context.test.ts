/**
 * The build context: what the ignore rules keep out (Docker's semantics and choice of ignore file),
 * and the tar that carries it, checked by unpacking it again.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import * as tarFs from 'tar-fs';
import { prepareBuild } from '../../lib/images/build-image';
import { RESERVED_DOCKERFILE, scanContext } from '../../lib/images/context-scan';
import { packContext } from '../../lib/images/context-tar';
import { MissingInputError } from '../../lib/images/errors';
import { defaultIgnoreFiles, readIgnoreRuleSet } from '../../lib/images/ignore-rules';
import { bundleForUnprivileged, bundlerMissing, runAsUnprivileged } from '../support/as-unprivileged';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-context-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes files (relative path -> content) under `root`. */
function write(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}

async function scan(files: Record<string, string>, dockerfileIgnore: string, contextIgnore?: string): Promise<string[]> {
  const src = path.join(dir, 'src');
  write(src, files);
  write(dir, { 'x.Dockerfile.dockerignore': dockerfileIgnore });
  if (contextIgnore !== undefined) write(src, { '.dockerignore': contextIgnore });
  const ruleFiles = [path.join(dir, 'x.Dockerfile.dockerignore'), ...(contextIgnore !== undefined ? [path.join(src, '.dockerignore')] : [])];
  return (await scanContext(src, ruleFiles.map(readIgnoreRuleSet))).map((e) => e.path);
}

test("follows Docker's rules: root-anchored names, globs, exceptions inside an ignored directory", async () => {
  const sent = await scan(
    {
      'main.py': '',
      'node_modules/a/index.js': '',
      'lib/node_modules/b.js': '',
      'debug.log': '',
      'keep.log': '',
      'cache/x': '',
      'cache/keep/y': '',
    },
    'node_modules\n*.log\n!keep.log\ncache\n!cache/keep\n',
  );
  // `node_modules` only matches at the root; `cache` is walked for its exception, its own entry dropped.
  expect(sent).toEqual(['cache/keep', 'cache/keep/y', 'keep.log', 'lib', 'lib/node_modules', 'lib/node_modules/b.js', 'main.py']);
});

test("the Dockerfile's own ignore file wins over the context's .dockerignore, as with the docker CLI", () => {
  const src = path.join(dir, 'src');
  write(src, { '.dockerignore': 'docs\n', 'a.txt': '' });
  write(dir, { 'x.Dockerfile': 'FROM scratch\n' });
  // No Dockerfile-specific file: the context's applies.
  expect(defaultIgnoreFiles(path.join(dir, 'x.Dockerfile'), src)).toEqual([path.join(src, '.dockerignore')]);
  write(dir, { 'x.Dockerfile.dockerignore': '.env\n' });
  expect(defaultIgnoreFiles(path.join(dir, 'x.Dockerfile'), src)).toEqual([path.join(dir, 'x.Dockerfile.dockerignore')]);
});

test("the context's own .dockerignore is never sent, whichever ignore file applies", async () => {
  const sent = await scan({ 'a.txt': '', '.env': 'SECRET=1', '.dockerignore': 'a.txt\n' }, '.env\n');
  expect(sent).toEqual(['a.txt']);
});

describe('every .env* at any depth stays out of both images (issue 17)', () => {
  const VARIANTS = ['.env', '.env.local', '.env~', '.envrc', '.env-prod', '.env_backup', 'sub/.env~', 'sub/deeper/.env.production'];
  const tree = Object.fromEntries([...VARIANTS, 'main.py', 'sub/keep.txt'].map((f) => [f, 'X=1\n']));

  test.each(['backend', 'frontend'])('by the project\'s %s.Dockerfile.dockerignore', async (image) => {
    const rules = fs.readFileSync(path.join(__dirname, '..', '..', 'dockerfiles', `${image}.Dockerfile.dockerignore`), 'utf8');
    expect(await scan(tree, rules)).toEqual(['main.py', 'sub', 'sub/deeper', 'sub/keep.txt']);
  });

  test('and by the scan itself, whatever the ignore file says', async () => {
    expect(await scan(tree, '# nothing\n', '!.env*\n')).toEqual(['main.py', 'sub', 'sub/deeper', 'sub/keep.txt']);
  });
});

test('the tar holds exactly the scanned entries with their modes, owned by root, plus the Dockerfile', async () => {
  const src = path.join(dir, 'src');
  write(src, { 'run.sh': '#!/bin/sh\n', 'private.txt': 'p', 'sub/file.txt': 'f', '.env': 'SECRET=1' });
  fs.chmodSync(path.join(src, 'run.sh'), 0o755);
  fs.chmodSync(path.join(src, 'private.txt'), 0o600);
  fs.symlinkSync('sub/file.txt', path.join(src, 'link'));
  write(dir, { 'ignore': '.env\n' });
  const entries = await scanContext(src, [readIgnoreRuleSet(path.join(dir, 'ignore'))]);

  const context = packContext(src, entries, 'FROM scratch\n');
  const headers: { name: string; mode: number; uid: number; type: string }[] = [];
  const out = path.join(dir, 'out');
  await pipeline(context.stream, tarFs.extract(out, { map: (h) => (headers.push({ name: h.name, mode: h.mode, uid: h.uid, type: h.type }), h) }));

  expect(headers.map((h) => h.name)).toEqual(['link', 'private.txt', 'run.sh', 'sub', 'sub/file.txt', RESERVED_DOCKERFILE, '.dockerignore']);
  expect(headers.every((h) => h.uid === 0)).toBe(true);
  expect(headers.find((h) => h.name === 'run.sh')!.mode & 0o777).toBe(0o755);
  expect(headers.find((h) => h.name === 'private.txt')!.mode & 0o777).toBe(0o600);
  expect(headers.find((h) => h.name === 'link')!.type).toBe('symlink');
  expect(fs.readFileSync(path.join(out, RESERVED_DOCKERFILE), 'utf8')).toBe('FROM scratch\n');
  // The classic builder reads this to drop the Dockerfile and itself before `COPY . .`.
  expect(fs.readFileSync(path.join(out, '.dockerignore'), 'utf8').split('\n')).toEqual(['.dockerignore', RESERVED_DOCKERFILE, '']);
  expect(fs.existsSync(path.join(out, '.env'))).toBe(false);

  const tarSize = await context.sent;
  expect(tarSize).toBe(context.bytesSent());
  expect(tarSize % 512).toBe(0);
  expect(tarSize).toBeGreaterThan(512 * headers.length);
});

if (bundlerMissing) console.warn(`test/images/context: unreadable-input tests skipped: ${bundlerMissing}`);
describe('unreadable or misplaced inputs are named with their image, never a raw stack', () => {
  const testAsUnprivileged = bundlerMissing ? test.skip : test;
  const ROOT = path.join(__dirname, '..', '..');
  const backendPlan = (contextDir: string) => ({
    name: 'backend',
    contextDir,
    dockerfile: path.join(ROOT, 'test', 'images', 'fixtures', 'dockerfiles', 'backend.Dockerfile'),
    requiredFiles: ['requirements.txt'],
    buildArgs: {},
    repository: 'todo-k8s-test/unreadable',
    maxSizeBytes: 1e9,
  });

  /**
   * Tests run as root, who reads any file whatever its mode. So the scan runs in a child process
   * as `nobody` (uid 65534), for whom mode 000 means unreadable; as another user, as that user.
   * That user reads only what is prepared for it under `dir` (the bundled code, the Dockerfile,
   * the sources), never the checkout, which may sit under a private (0700) directory.
   */
  function prepareAsUnprivileged(plan: ReturnType<typeof backendPlan>): { ok?: true; name?: string; message?: string; stderr: string } {
    const code = bundleForUnprivileged(path.join(ROOT, 'lib', 'images', 'build-image.ts'), dir);
    // The Dockerfile with its own ignore file (<Dockerfile>.dockerignore), as beside it in the fixtures.
    const dockerfile = path.join(dir, path.basename(plan.dockerfile));
    for (const suffix of ['', '.dockerignore']) {
      if (!fs.existsSync(plan.dockerfile + suffix)) continue;
      fs.copyFileSync(plan.dockerfile + suffix, dockerfile + suffix);
      fs.chmodSync(dockerfile + suffix, 0o644);
    }
    const script =
      `require(${JSON.stringify(code)}).prepareBuild(JSON.parse(process.argv[1])).then(` +
      '() => console.log(JSON.stringify({ ok: true })), (e) => console.log(JSON.stringify({ name: e.name, message: e.message })))';
    const r = runAsUnprivileged(script, [JSON.stringify({ ...plan, dockerfile })], dir);
    const last = r.stdout.trim().split('\n').pop() || '{}';
    return { ...JSON.parse(last), stderr: r.stderr };
  }

  function sources(): string {
    const src = path.join(dir, 'src');
    write(src, { 'requirements.txt': 'fastapi\n', 'main.py': 'print(1)\n', 'app/__init__.py': '', '.env': 'SECRET=1\n' });
    // The unprivileged child must reach the sources and the bundle: mkdtemp made this directory 0700.
    fs.chmodSync(dir, 0o755);
    return src;
  }

  testAsUnprivileged('a file that cannot be read', () => {
    const src = sources();
    fs.chmodSync(path.join(src, 'main.py'), 0o000);
    const r = prepareAsUnprivileged(backendPlan(src));
    expect(r.name).toBe('UnreadableInputError');
    expect(r.message).toBe(
      `backend: build context file ${path.join(src, 'main.py')} cannot be read (EACCES: permission denied). ` +
        "Make it readable by the user running npm run images, or exclude it in the image's .dockerignore.",
    );
  });

  testAsUnprivileged('a directory that cannot be listed', () => {
    const src = sources();
    fs.chmodSync(path.join(src, 'app'), 0o000);
    const r = prepareAsUnprivileged(backendPlan(src));
    expect(r.name).toBe('UnreadableInputError');
    expect(r.message).toMatch(new RegExp(`^backend: build context directory ${path.join(src, 'app')} cannot be read \\(EACCES: permission denied\\)`));
  });

  testAsUnprivileged('an unreadable file the ignore rules exclude is never read, so it is no error', () => {
    const src = sources();
    fs.chmodSync(path.join(src, '.env'), 0o000);
    const r = prepareAsUnprivileged(backendPlan(src));
    expect(r).toEqual({ ok: true, stderr: '' });
  });

  test('a context "directory" that is a file, and a Dockerfile that is a directory', async () => {
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, '');
    await expect(prepareBuild(backendPlan(file))).rejects.toThrow(new MissingInputError('backend', 'build context directory', file, 'is not a directory'));
    const src = sources();
    await expect(prepareBuild({ ...backendPlan(src), dockerfile: src })).rejects.toThrow(`backend: Dockerfile ${src} is a directory, not a file`);
  });
});

test('a file that goes away between the scan and the tar stops the tar, and the failure names it', async () => {
  const src = path.join(dir, 'src');
  write(src, { 'a.txt': 'a', 'b.txt': 'b' });
  const entries = await scanContext(src, []);
  fs.rmSync(path.join(src, 'b.txt'));
  const context = packContext(src, entries, 'FROM scratch\n');
  await expect(pipeline(context.stream, tarFs.extract(path.join(dir, 'out')))).rejects.toThrow();
  expect(context.failure()).toMatchObject({ code: 'ENOENT', path: path.join(src, 'b.txt') });
});
