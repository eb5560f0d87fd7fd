// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * Every app-source check against small source trees written per test: each error fires on the
 * broken app, names the file, says why and how to fix it, and stays quiet on a conforming app.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APP_CHECK_IDS } from '../../lib/model/settings/app-check-ids';
import { APP_CHECKS, AppCheckError, UnknownAppCheckError, appChecksPreflight, runAppChecks } from '../../lib/app-checks';
import { CLOUD_PROFILE, LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';

type Tree = Record<string, string>;

/** The Phase IV app's shape, fixed: pg, Better Auth with its CLI, standalone output, uvicorn + FastAPI. */
const GOOD_FRONTEND: Tree = {
  'package-lock.json': '{"lockfileVersion": 3}\n',
  'package.json': JSON.stringify({ dependencies: { next: '16.1.6', 'better-auth': '^1.4.18', '@better-auth/cli': '^1.4.18', pg: '^8.16.3' } }),
  'next.config.ts': 'import type { NextConfig } from "next";\nconst nextConfig: NextConfig = {\n  output: "standalone",\n  reactCompiler: true,\n};\nexport default nextConfig;\n',
  'src/lib/auth-server.ts': 'import { betterAuth } from "better-auth";\nimport { Pool } from "pg";\nexport const auth = betterAuth({ database: new Pool({ connectionString: process.env.DATABASE_URL }) });\n',
  'src/app/page.tsx': 'export default function Page() { return <main>{process.env.NEXT_PUBLIC_API_URL}</main>; }\n',
};
const GOOD_BACKEND: Tree = {
  'requirements.txt': 'fastapi\nuvicorn[standard]==0.30.0\nsqlmodel\npsycopg2-binary\nSQLAlchemy<2.1\n',
  'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
};

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-app-checks-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(dir: string, tree: Tree): string {
  for (const [file, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function withMigration(config: TodoConfig, migration: unknown): TodoConfig {
  return { ...config, frontend: { ...config.frontend, migration } } as TodoConfig;
}

function check(options: { frontend?: Tree; backend?: Tree; config?: TodoConfig; allow?: string[] } = {}) {
  const frontendDir = write(path.join(root, 'frontend'), { ...GOOD_FRONTEND, ...options.frontend });
  const backendDir = write(path.join(root, 'backend'), { ...GOOD_BACKEND, ...options.backend });
  return runAppChecks({ config: options.config ?? LOCAL_PROFILE, frontendDir, backendDir, allow: options.allow });
}

const ids = (findings: readonly { check: string }[]) => findings.map((f) => f.check);

/** The Phase IV backend's requirements.txt as it is (every package unpinned). */
const PHASE_IV_REQUIREMENTS = 'fastapi\nuvicorn[standard]\nsqlmodel\nPyJWT[crypto]\npsycopg2-binary\npython-dotenv\nopenai-agents\nmcp\nopenai\n';
const withScheme = (databaseUrlScheme: string) => ({ ...LOCAL_PROFILE, backend: { ...LOCAL_PROFILE.backend, databaseUrlScheme } }) as TodoConfig;

test('the fixed Phase IV app passes every check', () => {
  const report = check();
  expect([...report.errors, ...report.warnings]).toEqual([]);
});

test('@neondatabase/serverless with the in-cluster database: error at the importing line, with why and fix', () => {
  const report = check({
    frontend: {
      'package.json': JSON.stringify({ dependencies: { ...JSON.parse(GOOD_FRONTEND['package.json']).dependencies, '@neondatabase/serverless': '^1.0.2' } }),
      'src/lib/auth-server.ts': 'import { betterAuth } from "better-auth";\nimport { jwt } from "better-auth/plugins";\nimport { nextCookies } from "better-auth/next-js";\nimport { Pool } from "@neondatabase/serverless";\n',
    },
  });
  expect(ids(report.errors)).toEqual(['neon-serverless-driver']);
  const [finding] = report.errors;
  expect(finding.file).toBe(path.join(root, 'frontend', 'src/lib/auth-server.ts:4'));
  expect(finding.why).toContain(':443');
  expect(finding.fix).toContain('import { Pool } from "pg"');
  // README's quick-start switch: the import now comes from pg, the dependency is left over: fine.
  const switched = check({
    frontend: { 'package.json': JSON.stringify({ dependencies: { ...JSON.parse(GOOD_FRONTEND['package.json']).dependencies, '@neondatabase/serverless': '^1.0.2' } }) },
  });
  expect(switched.errors).toEqual([]);
  // With an external database (Neon) the same app is fine.
  expect(ids(check({ config: CLOUD_PROFILE, frontend: { 'src/lib/auth-server.ts': 'import { Pool } from "@neondatabase/serverless";\n', 'package.json': JSON.stringify({ dependencies: { next: '16', 'better-auth': '1', '@better-auth/cli': '1', '@neondatabase/serverless': '1' } }) } }).errors)).toEqual([]);
});

test('Better Auth with the in-cluster database and the migration turned off', () => {
  const report = check({ config: withMigration(LOCAL_PROFILE, { kind: 'none' }) });
  expect(ids(report.errors)).toEqual(['better-auth-without-migration']);
  expect(report.errors[0].file).toBe(path.join(root, 'frontend', 'package.json'));
  expect(report.errors[0].why).toContain('jwks');
  // An external database had its tables from earlier phases: not this check's business.
  expect(ids(check({ config: withMigration(CLOUD_PROFILE, { kind: 'none' }) }).errors)).toEqual([]);
});

test('a migration whose auth config path is wrong names the file that calls betterAuth(', () => {
  const report = check({ config: withMigration(LOCAL_PROFILE, { kind: 'better-auth', authConfigPath: 'lib/auth.ts' }) });
  expect(ids(report.errors)).toEqual(['better-auth-config-missing']);
  expect(report.errors[0].fix).toContain('"src/lib/auth-server.ts"');
  // Without the field (a configuration from before it existed) the default path is checked, and exists here.
  const { migration: _dropped, ...frontend } = LOCAL_PROFILE.frontend as TodoConfig['frontend'] & { migration?: unknown };
  expect(ids(check({ config: { ...LOCAL_PROFILE, frontend } }).errors)).toEqual([]);
});

test('the migration on without @better-auth/cli in package.json', () => {
  const report = check({ frontend: { 'package.json': JSON.stringify({ dependencies: { next: '16', 'better-auth': '1', pg: '8' } }) } });
  expect(ids(report.errors)).toEqual(['better-auth-cli-missing']);
  expect(report.errors[0].fix).toContain('npm install -D @better-auth/cli');
  // Where the Better Auth docs install it, in devDependencies: the migration image keeps it with the production install.
  const dev = check({ frontend: { 'package.json': JSON.stringify({ dependencies: { next: '16', 'better-auth': '1', pg: '8' }, devDependencies: { '@better-auth/cli': '1' } }) } });
  expect(dev.errors).toEqual([]);
  expect(dev.shape!.frontend.betterAuthCli).toBe('devDependencies');
});

test('an ORM adapter the Better Auth CLI cannot migrate, with the migration on', () => {
  const report = check({ frontend: { 'src/lib/auth-server.ts': 'import { betterAuth } from "better-auth";\nimport { drizzleAdapter } from "better-auth/adapters/drizzle";\nexport const auth = betterAuth({ database: drizzleAdapter(db, { provider: "pg" }) });\n' } });
  expect(ids(report.errors)).toEqual(['better-auth-orm-adapter']);
  expect(report.errors[0].file).toBe(path.join(root, 'frontend', 'src/lib/auth-server.ts:2'));
  expect(report.errors[0].fix).toContain("frontend.migration to { kind: 'none' }");
  expect(ids(check({ config: withMigration(CLOUD_PROFILE, { kind: 'none' }), frontend: { 'src/db.ts': 'prismaAdapter(prisma)\n' } }).errors)).toEqual([]);
});

test('next.config without output: "standalone", or none at all', () => {
  const report = check({ frontend: { 'next.config.ts': 'export default { reactCompiler: true };\n' } });
  expect(ids(report.errors)).toEqual(['next-standalone-output']);
  expect(report.errors[0].file).toBe(path.join(root, 'frontend', 'next.config.ts'));
  fs.rmSync(path.join(root, 'frontend', 'next.config.ts'));
  const none = runAppChecks({ config: LOCAL_PROFILE, frontendDir: path.join(root, 'frontend'), backendDir: path.join(root, 'backend') });
  expect(none.errors[0].problem).toContain('does not exist');
});

test('requirements.txt without uvicorn', () => {
  const report = check({ backend: { 'requirements.txt': 'fastapi\nsqlmodel\npsycopg2-binary\nSQLAlchemy<2.1\n# uvicorn\n' } });
  expect(ids(report.errors)).toEqual(['backend-uvicorn']);
  expect(report.errors[0].fix).toContain('uvicorn[standard]');
});

test('main.py without a module-level app (and the forms that do define one)', () => {
  expect(ids(check({ backend: { 'main.py': 'from fastapi import FastAPI\n\ndef create():\n    application = FastAPI()\n' } }).errors)).toEqual(['backend-app-object']);
  for (const text of ['app: FastAPI = FastAPI()\n', 'from src.main import app\n', 'from src.main import (\n    app,\n)\n', 'import src.server as app\n']) {
    expect(ids(check({ backend: { 'main.py': text } }).errors)).toEqual([]);
  }
});

test('only asyncpg while the URL scheme is postgresql://, and asyncpg missing for postgresql+asyncpg', () => {
  const asyncOnly = check({ backend: { 'requirements.txt': 'fastapi\nuvicorn\nsqlmodel\nasyncpg>=0.29\n' } });
  expect(ids(asyncOnly.errors)).toEqual(['backend-database-driver']);
  expect(asyncOnly.errors[0].fix).toContain("backend.databaseUrlScheme to 'postgresql+asyncpg'");
  const asyncScheme = withScheme('postgresql+asyncpg');
  expect(ids(check({ config: asyncScheme, backend: { 'requirements.txt': 'fastapi\nuvicorn\nasyncpg\n' } }).errors)).toEqual([]);
  expect(ids(check({ config: asyncScheme }).errors)).toEqual(['backend-database-driver']);
});

test('psycopg2 with an SQLAlchemy that may be 2.1 (bare postgresql:// loads psycopg 3): the Phase IV requirements as they are', () => {
  const report = check({ backend: { 'requirements.txt': PHASE_IV_REQUIREMENTS } });
  expect(ids(report.errors)).toEqual(['backend-database-driver']);
  const [error] = report.errors;
  expect(error.file).toBe(path.join(root, 'backend', 'requirements.txt'));
  expect(error.problem).toContain('lists psycopg2 but not psycopg, and nothing in it keeps SQLAlchemy below 2.1');
  expect(error.why).toContain("No module named 'psycopg'");
  expect(error.fix).toContain('pin `SQLAlchemy<2.1`');
  expect(error.fix).toContain("'postgresql+psycopg2'");
  // Still allowed to 2.1 or later: a floor, a 2.1 pin, an sqlmodel that allows 2.1.
  for (const line of ['SQLAlchemy>=2.0.14', 'sqlalchemy==2.1.*', 'SQLAlchemy<3', 'sqlmodel==0.0.48', 'sqlmodel~=0.0.30', 'sqlalchemy!=2.1.0']) {
    expect([line, ids(check({ backend: { 'requirements.txt': `${PHASE_IV_REQUIREMENTS}${line}\n` } }).errors)]).toEqual([line, ['backend-database-driver']]);
  }
});

test('the ways out of it: SQLAlchemy kept below 2.1 (itself or by an older sqlmodel), psycopg 3 listed, or the driver named in the scheme', () => {
  for (const line of ['SQLAlchemy<2.1', 'SQLAlchemy>=2.0.14,<2.1.0', 'sqlalchemy==2.0.36', 'SQLAlchemy~=2.0.30', 'SQLAlchemy==2.0.*', 'SQLAlchemy<=2.0.99', 'sqlmodel==0.0.24', 'sqlmodel<0.0.48', 'psycopg[binary]>=3.2', 'SQLAlchemy[asyncio] >= 2.0.14 , < 2.1 ; python_version >= "3.9"', 'Psycopg_Binary']) {
    expect([line, ids(check({ backend: { 'requirements.txt': `${PHASE_IV_REQUIREMENTS}${line}  # pinned\n` } }).errors)]).toEqual([line, []]);
  }
  expect(ids(check({ config: withScheme('postgresql+psycopg2'), backend: { 'requirements.txt': PHASE_IV_REQUIREMENTS } }).errors)).toEqual([]);
  // No SQLAlchemy named (a backend that talks to psycopg2 itself): which one pip installs is not known, so nothing is said.
  expect(ids(check({ backend: { 'requirements.txt': 'fastapi\nuvicorn\npsycopg2-binary\n' } }).errors)).toEqual([]);
});

test('psycopg 3 only while SQLAlchemy stays on 2.0 (bare postgresql:// loads psycopg2), and a named driver that is not listed', () => {
  const psycopg3 = check({ backend: { 'requirements.txt': 'fastapi\nuvicorn\nsqlmodel==0.0.24\npsycopg[binary]\n' } });
  expect(ids(psycopg3.errors)).toEqual(['backend-database-driver']);
  expect(psycopg3.errors[0].why).toContain("No module named 'psycopg2'");
  expect(psycopg3.errors[0].fix).toContain("backend.databaseUrlScheme to 'postgresql+psycopg'");
  expect(ids(check({ config: withScheme('postgresql+psycopg'), backend: { 'requirements.txt': 'fastapi\nuvicorn\nsqlmodel==0.0.24\npsycopg[binary]\n' } }).errors)).toEqual([]);

  const named = check({ config: withScheme('postgresql+psycopg2'), backend: { 'requirements.txt': 'fastapi\nuvicorn\nsqlmodel\npsycopg[binary]\n' } });
  expect(ids(named.errors)).toEqual(['backend-database-driver']);
  expect(named.errors[0].problem).toBe('does not list psycopg2 or psycopg2-binary, while backend.databaseUrlScheme is "postgresql+psycopg2"');
  expect(named.errors[0].fix).toBe("add psycopg2-binary to requirements.txt, or set backend.databaseUrlScheme to 'postgresql+psycopg' (the driver it lists)");
  // A driver this check does not know is left to the user.
  expect(ids(check({ config: withScheme('postgresql+pygresql'), backend: { 'requirements.txt': 'fastapi\nuvicorn\n' } }).errors)).toEqual([]);
});

test('warnings for what works but surprises: next/font/google and NEXT_PUBLIC_* the build does not set', () => {
  const report = check({
    frontend: {
      'src/app/layout.tsx': 'import { Geist } from "next/font/google";\nconst geist = Geist({ subsets: ["latin"] });\n',
      'src/app/chat.tsx': 'const url = process.env.NEXT_PUBLIC_CHAT_URL;\n',
    },
  });
  expect(report.errors).toEqual([]);
  expect(ids(report.warnings)).toEqual(['next-font-google', 'next-public-env']);
  expect(report.warnings[0].file).toBe(path.join(root, 'frontend', 'src/app/layout.tsx:1'));
  expect(report.warnings[1].problem).toContain('NEXT_PUBLIC_CHAT_URL');
});

test('node_modules and build output are not scanned', () => {
  const report = check({ frontend: { 'node_modules/x/index.js': 'require("next/font/google")\n', '.next/server/a.js': 'import "@neondatabase/serverless"\n' } });
  expect([...report.errors, ...report.warnings]).toEqual([]);
});

describe('the override', () => {
  const neon = {
    'package.json': JSON.stringify({ dependencies: { next: '16', 'better-auth': '1', '@better-auth/cli': '1', '@neondatabase/serverless': '1' } }),
    'src/lib/db.ts': 'const { Pool } = require("@neondatabase/serverless");\n',
  };

  test('appChecks.allow and --allow-app-check turn an error into an allowed finding', () => {
    const fromConfig = check({ frontend: neon, config: { ...LOCAL_PROFILE, appChecks: { allow: ['neon-serverless-driver'] } } });
    expect(fromConfig.errors).toEqual([]);
    expect(ids(fromConfig.allowed)).toEqual(['neon-serverless-driver']);
    expect(ids(check({ frontend: neon, allow: ['neon-serverless-driver'] }).allowed)).toEqual(['neon-serverless-driver']);
  });

  test('an unknown id is refused, naming where it came from and the known ids', () => {
    expect(() => check({ config: { ...LOCAL_PROFILE, appChecks: { allow: ['neon-driver'] } } })).toThrow(UnknownAppCheckError);
    expect(() => check({ allow: ['neon-driver'] })).toThrow(/--allow-app-check neon-driver: "neon-driver" is not an app check id\nKnown ids: backend-source, frontend-source, backend-dockerfile, frontend-dockerfile, neon-serverless-driver/);
    expect(() => check({ config: { ...LOCAL_PROFILE, appChecks: { allow: ['x'] } } })).toThrow(/appChecks\.allow\[0\]/);
  });

  test('the preflight npm run images runs throws the whole report, and prints warnings when it passes', () => {
    const frontendDir = write(path.join(root, 'frontend'), { ...GOOD_FRONTEND, ...neon, 'src/app/layout.tsx': 'import "next/font/google";\n' });
    const backendDir = write(path.join(root, 'backend'), GOOD_BACKEND);
    const logged: string[] = [];
    const preflight = (allow: string[]) => appChecksPreflight({ config: LOCAL_PROFILE, sourceDirs: { frontend: frontendDir, backend: backendDir }, allow, log: (t) => logged.push(t) });
    expect(preflight([])).toThrow(AppCheckError);
    expect(preflight([])).toThrow(/error \[neon-serverless-driver\][\s\S]*warning \[next-font-google\][\s\S]*Nothing was built/);
    expect(logged).toEqual([]);
    preflight(['neon-serverless-driver'])();
    expect(logged.join('')).toMatch(/0 errors, 1 warning, 1 allowed/);
  });
});

test('npm run images -- --only: only the built image\'s sources are checked (the other may be missing)', () => {
  const frontendDir = write(path.join(root, 'frontend'), { ...GOOD_FRONTEND, 'next.config.ts': 'export default {};\n' });
  const backendDir = write(path.join(root, 'backend'), { ...GOOD_BACKEND, 'requirements.txt': 'fastapi\n' });
  const run = (only?: 'backend' | 'frontend') => ids(runAppChecks({ config: LOCAL_PROFILE, frontendDir, backendDir, only }).errors);
  expect(run()).toEqual(['next-standalone-output', 'backend-uvicorn']);
  expect(run('backend')).toEqual(['backend-uvicorn']);
  expect(run('frontend')).toEqual(['next-standalone-output']);
  // The preflight of --only backend runs without a frontend directory at all.
  const preflight = appChecksPreflight({ config: LOCAL_PROFILE, sourceDirs: { frontend: path.join(root, 'none'), backend: backendDir }, only: 'backend', log: () => undefined });
  expect(preflight).toThrow(/error \[backend-uvicorn\]/);
});

test('the ids the settings accept (APP_CHECK_IDS, under lib/config) are exactly the registered checks, in order', () => {
  expect(APP_CHECKS.map((c) => c.id)).toEqual([...APP_CHECK_IDS]);
});

test('every check has an id, a summary and a test above', () => {
  // This file, and the checks of the app's shape (test/app-checks/app-shape.test.ts).
  const source = fs.readFileSync(__filename, 'utf8') + fs.readFileSync(path.join(__dirname, 'app-shape.test.ts'), 'utf8');
  for (const c of APP_CHECKS) {
    expect(c.id).toMatch(/^[a-z0-9-]+$/);
    expect(c.summary.length).toBeGreaterThan(10);
    expect(source).toContain(`'${c.id}'`);
  }
});

test('npm run check-app: a source directory that does not exist is an error naming the flag, not "0 errors"', () => {
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const ROOT = path.resolve(__dirname, '..', '..');
  const backendDir = write(path.join(root, 'backend'), GOOD_BACKEND);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'todo-k8s.js'), 'check-app', '--frontend-dir', path.join(root, 'nowhere'), '--backend-dir', backendDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`frontend source directory ${path.join(root, 'nowhere')} does not exist`);
  expect(run.stderr).toContain('--frontend-dir <dir> or TODO_FRONTEND_DIR=<dir>');
});

describe('npm run check-app refuses what the build would refuse', () => {
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const ROOT = path.resolve(__dirname, '..', '..');
  const checkApp = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'todo-k8s.js'), 'check-app', ...args], { cwd: ROOT, encoding: 'utf8', env });
  const frontend = () => write(path.join(root, 'frontend'), { ...GOOD_FRONTEND, 'package-lock.json': '{}' });
  const backend = () => write(path.join(root, 'backend'), GOOD_BACKEND);

  test('empty source directories: each names the directory, the missing dependency manifest and the flag', () => {
    const [b, f] = [path.join(root, 'b'), path.join(root, 'f')];
    fs.mkdirSync(b);
    fs.mkdirSync(f);
    const run = checkApp(['--backend-dir', b, '--frontend-dir', f]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('0 errors');
    expect(run.stderr).toContain(`error [backend-source] ${b}\n  what: has no dependency manifest: none of requirements.txt, pyproject.toml with uv.lock or poetry.lock`);
    expect(run.stderr).toContain('fix:  point backend.sourceDir (or --backend-dir) at the Python app\'s directory');
    expect(run.stderr).toContain(`error [frontend-source] ${f}\n  what: has no lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock)`);
    expect(run.stderr).toContain('fix:  point frontend.sourceDir (or --frontend-dir) at the Next.js app\'s directory, the one with package.json');
  });

  test('a source "directory" that is a file is named as such, not as missing (as npm run images says)', () => {
    const file = path.join(root, 'frontend.tgz');
    fs.writeFileSync(file, 'x');
    const run = checkApp(['--backend-dir', backend(), '--frontend-dir', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`frontend source directory ${file} is a file, not a directory.`);
  });

  test('swapped source directories are refused', () => {
    const run = checkApp(['--backend-dir', frontend(), '--frontend-dir', backend()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error [backend-source] ${path.join(root, 'frontend')}\n  what: has no dependency manifest`);
    expect(run.stderr).toContain(`error [frontend-source] ${path.join(root, 'backend')}\n  what: has no lockfile`);
  });

  test('its report never says it built or skipped a build it never started; a good app passes', () => {
    const bad = write(path.join(root, 'bad-backend'), { 'requirements.txt': GOOD_BACKEND['requirements.txt'], 'main.py': 'print(1)\n' });
    const failed = checkApp(['--backend-dir', bad, '--frontend-dir', frontend()]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('error [backend-app-object]');
    expect(failed.stderr).not.toContain('Nothing was built');
    expect(failed.stderr).toContain('`npm run images` would stop here, before building');
    const passed = checkApp(['--backend-dir', backend(), '--frontend-dir', frontend()]);
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
  });

  test('--profile and -f/--values select the configuration, as for npm run synth', () => {
    const values = path.join(root, 'allow.yaml');
    fs.writeFileSync(values, 'appChecks: { allow: [backend-app-object] }\n');
    const bad = write(path.join(root, 'bad-backend'), { 'requirements.txt': GOOD_BACKEND['requirements.txt'], 'main.py': 'print(1)\n' });
    const allowed = checkApp(['--backend-dir', bad, '--frontend-dir', frontend(), '-f', values, '--profile', 'local']);
    expect(allowed.stderr).toBe('');
    expect(allowed.stdout).toContain('0 errors, 0 warnings, 1 allowed');
    expect(allowed.status).toBe(0);
    const unknown = checkApp(['--backend-dir', backend(), '--frontend-dir', frontend(), '--profile', 'staging']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Invalid configuration (--profile staging):\n  - --profile: unknown profile "staging"');
    const missing = checkApp(['--backend-dir', backend(), '--frontend-dir', frontend(), '--values', 'nowhere.yaml'], { ...process.env, INIT_CWD: root });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--values "nowhere.yaml": does not exist');
  });
});

test('requirements.txt naming another file with -r (issue 26): followed, so uvicorn listed there counts, and reported, as the build does not copy it', () => {
  const report = check({ backend: { 'requirements.txt': '-r requirements/base.txt\nsqlmodel\n', 'requirements/base.txt': 'fastapi\nuvicorn[standard]\npsycopg2-binary\nSQLAlchemy<2.1\n' } });
  expect(ids(report.errors)).toEqual(['backend-requirements-include']);
  expect(report.errors[0].problem).toBe('names requirements/base.txt with -r');
  expect(report.errors[0].why).toContain('Could not open requirements file');
});
