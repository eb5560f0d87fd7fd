/**
 * The build context: what the ignore rules keep out (Docker's semantics and choice of ignore file),
 * and the tar that carries it, checked by unpacking it again.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import * as tarFs from 'tar-fs';
import { RESERVED_DOCKERFILE, scanContext } from '../../lib/images/context-scan';
import { packContext } from '../../lib/images/context-tar';
import { defaultIgnoreFiles, readIgnoreRuleSet } from '../../lib/images/ignore-rules';

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
