// Needs: docker, postgres (probed once by test/support/global-setup.ts before any test runs)
/**
 * The Phase IV app's images, built through the `npm run images` code path (app-source checks, the
 * project's frontend Dockerfile, the migration target, the lock) from the real Next.js + Better
 * Auth fixture (test/e2e/fixtures/frontend) on a local node base image, and the migration image
 * run against a real PostgreSQL. The second test shows the Neon-driver check stopping the build.
 *
 * The app itself, running as its pod runs it, is tested on the real kubelet
 * (test/node/whole-app.test.ts: sign-up, JWT, tasks, the database wait). What stays here runs the
 * migration image with `docker run` because a node cannot show it: two init containers starting
 * at the same instant on a fresh database (one kubelet starts pods one after another), and each
 * of the migration's failure messages, which on a node would each cost a rollout.
 *
 * Needs Docker Engine and PostgreSQL (`bash .ci/postgres`); .ci/run provides both.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { appChecksPreflight } from '../../lib/app-checks';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { BETTER_AUTH_MIGRATION_CONTRACT } from '../../lib/model/contract/image-contract';
import { buildAll } from '../../lib/images/build-all';
import { contractBuildSpecs } from '../../lib/model/contract/component-specs';
import { readImagesLock } from '../../lib/images/lock';
import { planImageBuilds } from '../../lib/images/plan';
import { ensureTestBaseImage, removeRepositories, testDocker, uniqueRepository } from '../images/helpers/docker';
import { FIXTURES as IMAGE_FIXTURES, FIXTURE_DOCKERFILES } from '../images/helpers/fixtures';
import { runToCompletion } from './helpers/containers';
import { NODE_BASE_IMAGE, ensureNodeBaseImage } from './helpers/node-base-image';
import { createDatabase, dropDatabase, requirePostgres, tables } from './helpers/postgres';

const ROOT = path.resolve(__dirname, '..', '..');
const FRONTEND_FIXTURE = path.join(__dirname, 'fixtures', 'frontend');
/** The fixture keeps its Better Auth config where the Phase IV app does, as JavaScript. */
const AUTH_CONFIG_PATH = 'src/lib/auth-server.js';
const SECRET = 'e2e-only-secret-0123456789abcdef0123456789';
const RUN = `${process.pid}${Math.random().toString(36).slice(2, 6)}`;

jest.setTimeout(15 * 60 * 1000);

const repositories = { backend: uniqueRepository('e2e-backend'), frontend: uniqueRepository('e2e-frontend') };
let docker: Docker;
let work: string;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  docker = await testDocker();
  await ensureTestBaseImage(docker);
  await ensureNodeBaseImage(docker);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-e2e-'));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (docker) await removeRepositories(docker, Object.values(repositories));
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The local profile with the test's repositories and the fixture's auth config path. */
function e2eConfig(): TodoConfig {
  return {
    ...LOCAL_PROFILE,
    images: {
      backend: { ...LOCAL_PROFILE.images.backend, repository: repositories.backend },
      frontend: { ...LOCAL_PROFILE.images.frontend, repository: repositories.frontend },
    },
    frontend: { ...LOCAL_PROFILE.frontend, migration: { kind: 'better-auth', authConfigPath: AUTH_CONFIG_PATH } },
  } as TodoConfig;
}

test('npm run images builds the app and its migration image; the migration runs once, concurrently, again and fails loudly', async () => {
  requirePostgres();
  const database = `todo_k8s_e2e_${RUN}`;
  const databaseUrl = createDatabase(database);
  cleanups.push(() => dropDatabase(database));

  // npm run images' path: plan from the configuration, app-source checks, build, migrate target, lock.
  // The backend is the image tests' busybox stand-in (no python image here); the frontend is the
  // project's real Dockerfile on the local node base.
  const config = e2eConfig();
  const sourceDirs = { backend: path.join(IMAGE_FIXTURES, 'sources', 'backend'), frontend: FRONTEND_FIXTURE };
  const contract = contractBuildSpecs(ROOT);
  const specs = { ...contract, backend: { ...contract.backend, dockerfile: path.join(FIXTURE_DOCKERFILES, 'backend.Dockerfile') } };
  const plans = planImageBuilds({ config, specs, sourceDirs, baseImageOverrides: { NODE_IMAGE: NODE_BASE_IMAGE } });
  const lockFile = path.join(work, 'images.lock.json');
  const logged: string[] = [];
  await buildAll({ docker, plans, lockFile, preflight: appChecksPreflight({ config, sourceDirs, log: (t) => logged.push(t) }) });
  expect(logged).toEqual([]); // the fixture is the fixed app: not even a warning

  const frontend = readImagesLock(lockFile)!.images.frontend;
  expect(frontend.migrate).toEqual(expect.objectContaining({ tag: `${frontend.tag}-migrate`, reference: `${repositories.frontend}:${frontend.tag}-migrate` }));

  const migrationEnv = { DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: 'http://localhost:30300', BETTER_AUTH_CONFIG: AUTH_CONFIG_PATH };
  const migration = (name: string, env = migrationEnv) =>
    runToCompletion(docker, {
      name: `todo-k8s-e2e-${RUN}-${name}`,
      image: frontend.migrate!.reference,
      user: BETTER_AUTH_MIGRATION_CONTRACT.user,
      writablePaths: BETTER_AUTH_MIGRATION_CONTRACT.writablePaths,
      env,
    });

  // Two replicas' init containers at once on a fresh database: the advisory lock serialises them.
  const [first, second] = await Promise.all([migration('migrate-a'), migration('migrate-b')]);
  expect([first.code, second.code]).toEqual([0, 0]);
  expect(`${first.logs}\n${second.logs}`).toContain('migration was completed successfully');
  expect(tables(databaseUrl)).toEqual(['account', 'jwks', 'session', 'user', 'verification']);

  // Every re-apply runs it again: nothing to do, still success.
  const again = await migration('migrate-again');
  expect(again).toEqual({ code: 0, logs: expect.stringContaining('No migrations needed') });

  // A failing migration stops the rollout with its reason in the logs (kubectl logs -c migrate).
  const wrongPassword = await migration('migrate-badpw', { ...migrationEnv, DATABASE_URL: databaseUrl.replace(':todo_k8s_test@', ':wrong@') });
  expect(wrongPassword.code).not.toBe(0);
  expect(wrongPassword.logs).toContain('password authentication failed');
  const wrongConfig = await migration('migrate-badcfg', { ...migrationEnv, BETTER_AUTH_CONFIG: 'src/auth.ts' });
  expect(wrongConfig.code).not.toBe(0);
  expect(wrongConfig.logs).toContain('BETTER_AUTH_CONFIG=src/auth.ts');
  // A file that is no Better Auth config: the CLI itself gives up, and its output is kept.
  const notAuthConfig = await migration('migrate-notauth', { ...migrationEnv, BETTER_AUTH_CONFIG: 'next.config.mjs' });
  expect(notAuthConfig.code).not.toBe(0);
  expect(notAuthConfig.logs).toMatch(/better-auth migration: the Better Auth CLI (exited with|did not migrate)/);

  // The image is the contract's: its user, entrypoint and env.
  const migrateImage = await docker.getImage(frontend.migrate!.reference).inspect();
  expect(migrateImage.Config.User).toBe(`${BETTER_AUTH_MIGRATION_CONTRACT.user.uid}:${BETTER_AUTH_MIGRATION_CONTRACT.user.gid}`);
  expect(migrateImage.Config.Entrypoint).toEqual(BETTER_AUTH_MIGRATION_CONTRACT.entrypoint);
  for (const [name, value] of Object.entries(BETTER_AUTH_MIGRATION_CONTRACT.imageEnv)) expect(migrateImage.Config.Env).toContain(`${name}=${value}`);
});

test('npm run images stops at the Neon-driver check before the first build step, naming the file', () => {
  // The fixture as the Phase IV app ships it: Pool from @neondatabase/serverless.
  const frontendDir = path.join(work, 'neon-frontend');
  fs.cpSync(FRONTEND_FIXTURE, frontendDir, { recursive: true });
  const auth = path.join(frontendDir, AUTH_CONFIG_PATH);
  fs.writeFileSync(auth, fs.readFileSync(auth, 'utf8').replace("from 'pg'", "from '@neondatabase/serverless'"));
  const pkg = JSON.parse(fs.readFileSync(path.join(frontendDir, 'package.json'), 'utf8'));
  pkg.dependencies['@neondatabase/serverless'] = '^1.0.2';
  fs.writeFileSync(path.join(frontendDir, 'package.json'), JSON.stringify(pkg, null, 2));
  const lockFile = path.join(work, 'neon.lock.json');
  fs.writeFileSync(lockFile, '{"kept": true}\n');

  const cli = (script: string, args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'todo-k8s.js'), script.replace(/\.ts$/, ''), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TODO_IMAGES_LOCK: lockFile, CI: 'true' },
    });
  const args = ['--frontend-dir', frontendDir, '--backend-dir', path.join(IMAGE_FIXTURES, 'sources', 'backend'), '--build-arg', `NODE_IMAGE=${NODE_BASE_IMAGE}`];
  const images = cli('images.ts', [...args, '--allow-app-check', 'better-auth-config-missing']);
  expect(images.status).toBe(1);
  expect(images.stderr).toContain(`error [neon-serverless-driver] ${auth}:5`);
  expect(images.stderr).toContain('import { Pool } from "pg"');
  expect(images.stderr).toContain('Nothing was built');
  expect(images.stdout).not.toMatch(/Step \d+\//);
  expect(fs.readFileSync(lockFile, 'utf8')).toBe('{"kept": true}\n');

  // The same checks alone, and the explicit override. The local profile names no auth config
  // path: the fixture's src/lib/auth-server.js is found (the one betterAuth( call), not an error.
  const checkApp = cli('check-app.ts', args.slice(0, 4));
  expect(checkApp.status).toBe(1);
  expect(checkApp.stderr).toContain('[neon-serverless-driver]');
  expect(checkApp.stderr).not.toContain('[better-auth-config-missing]');
  expect(checkApp.stderr).toContain(`Better Auth:  config ${AUTH_CONFIG_PATH} (detected: betterAuth( at ${auth}:7)`);
  const allowed = cli('check-app.ts', [...args.slice(0, 4), '--allow-app-check', 'neon-serverless-driver']);
  expect({ status: allowed.status, stdout: allowed.stdout }).toEqual({ status: 0, stdout: expect.stringContaining('0 errors, 0 warnings, 1 allowed') });
});
