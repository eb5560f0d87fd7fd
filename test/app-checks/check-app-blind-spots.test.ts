/**
 * Issue 26 item 13: check-app's blind spots. `-r base.txt` in requirements.txt is followed as pip
 * follows it (the check that reports it: test/app-checks/app-checks.test.ts); a commented-out
 * `output: "standalone"` sets nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runAppChecks } from '../../lib/app-checks';
import { withoutComments } from '../../lib/app-checks/next-standalone-output';
import { PythonRequirements } from '../../lib/app-checks/python-requirements';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';

type Tree = Record<string, string>;
const FRONTEND: Tree = {
  'package-lock.json': '{"lockfileVersion": 3}\n',
  'package.json': JSON.stringify({ dependencies: { next: '16.1.6', 'better-auth': '^1.4.18', '@better-auth/cli': '^1.4.18', pg: '^8.16.3' } }),
  'next.config.ts': 'const nextConfig = {\n  output: "standalone",\n};\nexport default nextConfig;\n',
  'src/lib/auth-server.ts': 'import { betterAuth } from "better-auth";\nimport { Pool } from "pg";\nexport const auth = betterAuth({ database: new Pool({ connectionString: process.env.DATABASE_URL }) });\n',
};
const BACKEND: Tree = {
  'requirements.txt': 'fastapi\nuvicorn[standard]\nsqlmodel\npsycopg2-binary\nSQLAlchemy<2.1\n',
  'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
};

let root: string;
beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-check-app-i26-'))));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function check(frontend: Tree, backend: Tree) {
  const write = (dir: string, tree: Tree) => {
    for (const [file, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };
  return runAppChecks({ config: LOCAL_PROFILE, frontendDir: write(path.join(root, 'frontend'), { ...FRONTEND, ...frontend }), backendDir: write(path.join(root, 'backend'), { ...BACKEND, ...backend }) });
}
const ids = (findings: readonly { check: string }[]) => findings.map((f) => f.check);

test('includes are followed as pip does: nested, relative to the including file, cycles stopped, never outside the directory', () => {
  const files: Record<string, string> = { 'a/b.txt': '-r c.txt\nfastapi\n', 'a/c.txt': '--requirement=../a/b.txt\nuvicorn\n', '../outside.txt': 'evil\n' };
  const req = new PythonRequirements('-r a/b.txt\n-c constraints.txt\n-r ../outside.txt\n', {}, (f) => (f.startsWith('../') ? undefined : files[f]));
  expect(['fastapi', 'uvicorn'].every((n) => req.has(n))).toBe(true);
  expect(req.has('evil')).toBe(false);
  expect(req.includes.map((i) => `${i.option} ${i.file} (from ${i.from})`)).toEqual([
    '-r a/b.txt (from requirements.txt)', '-r a/c.txt (from a/b.txt)', '-r a/b.txt (from a/c.txt)', '-c constraints.txt (from requirements.txt)', '-r ../outside.txt (from requirements.txt)',
  ]);
});

test('a commented-out output: "standalone" sets nothing; one in a real config still counts', () => {
  for (const config of ['const nextConfig = {\n  // output: "standalone",\n};\nexport default nextConfig;\n', 'const nextConfig = {\n  /* output: "standalone", */\n};\nexport default nextConfig;\n']) {
    expect(ids(check({ 'next.config.ts': config }, {}).errors)).toEqual(['next-standalone-output']);
  }
  expect(ids(check({ 'next.config.ts': 'const u = "https://x.example"; // a URL\nconst nextConfig = { output: "standalone" };\nexport default nextConfig;\n' }, {}).errors)).toEqual([]);
  expect(withoutComments('a("//not a comment") // gone\nb /* gone */ c')).toBe('a("//not a comment") \nb   c');
});
