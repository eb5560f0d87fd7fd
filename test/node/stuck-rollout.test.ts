// Needs: docker, real-node, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * Deploy stops waiting when waiting cannot help (issue 25.4), on a real kubelet: `npm run deploy`
 * with a 300 s timeout ends well before it, quoting the kubelet's words and what to do, and
 * `npm run status` says the same.
 * 1. Every image is in a registry whose host does not resolve (ErrImagePull, then ImagePullBackOff).
 * 2. Every app container crashes with the same last log line: an image built here and pushed to
 *    this machine's registry (.ci/mirror), as a team's CI pushes one, whose program stops at once;
 *    the kubelet pulls it.
 * The database is external (nothing of it runs in the cluster), so no other state mixes in.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import { ClusterProject } from '../cluster/cluster-project';
import { mirrorAddress, mirrored } from '../support/mirror';
import { unloadImages } from './helpers/real-node';

jest.setTimeout(15 * 60 * 1000);

const DATABASE_URL = 'postgresql://todo:stuck-db-pw-0123456789@db.nowhere.invalid:5432/todo';
const ENV_FILE = `BETTER_AUTH_SECRET=stuck-rollout-auth-secret-0123456789abcdef\nOPENAI_API_KEY=sk-not-used\nDATABASE_URL=${DATABASE_URL}\n`;
const FATAL = 'FATAL: settings: DATABASE_URL names a host that does not exist';
/** Stops at once, saying why on its last line; the database client it stands in for succeeds. */
const CRASH_DOCKERFILE = [
  `FROM ${mirrored('python')}`,
  "RUN printf '#!/bin/sh\\nexit 0\\n' > /usr/local/bin/psql && chmod 755 /usr/local/bin/psql",
  `CMD ["python3", "-c", "print('starting the api', flush=True); raise SystemExit('${FATAL}')"]`,
].join('\n');
/** Named by its content: a rerun pushes nothing new to the registry. */
const CRASH_TAG = crypto.createHash('sha256').update(CRASH_DOCKERFILE).digest('hex').slice(0, 12);
const CRASH_IMAGE = { repository: `${mirrorAddress()}/todo-k8s-test/crash`, tag: CRASH_TAG };
/**
 * The database client the wait-for-database init containers run (settings allow only the official
 * postgres image, from a mirror too): the crash image under such a name, whose psql stand-in succeeds.
 */
const CLIENT_IMAGE = `${mirrorAddress()}/library/postgres:17-crash${CRASH_TAG}`;
const projects: ClusterProject[] = [];

/** The settings of a project whose app images are `image`, with an external database (its client image passes at once). */
function values(image: { repository: string; tag: string }, pullPolicy: string): string {
  return [
    'images:',
    `  backend: { repository: ${image.repository}, tag: ${image.tag}, pullPolicy: ${pullPolicy} }`,
    `  frontend: { repository: ${image.repository}, tag: ${image.tag}, pullPolicy: ${pullPolicy} }`,
    'frontend: { migration: { kind: none } }',
    `database: { kind: external, urlSecretKey: DATABASE_URL, clientImage: "${CLIENT_IMAGE}" }`,
  ].join('\n');
}

function project(name: string, settings: string): ClusterProject {
  const p = new ClusterProject(name, { cluster: 'real', values: settings });
  projects.push(p);
  p.writeEnv(ENV_FILE);
  return p;
}

/** `npm run deploy` with a 300 s timeout; its output and how long it ran. */
function deploy(p: ClusterProject) {
  const started = Date.now();
  const r = p.run('deploy', ['--timeout', '300s'], 360_000);
  return { status: r.status, out: r.stderr, seconds: (Date.now() - started) / 1000 };
}

beforeAll(() => {
  const crash = `${CRASH_IMAGE.repository}:${CRASH_IMAGE.tag}`;
  execFileSync('docker', ['build', '-q', '-t', crash, '-t', CLIENT_IMAGE, '-'], { input: CRASH_DOCKERFILE, stdio: ['pipe', 'ignore', 'pipe'] });
  for (const ref of [crash, CLIENT_IMAGE]) execFileSync('docker', ['push', '-q', ref], { stdio: ['ignore', 'ignore', 'pipe'] });
});

afterAll(() => {
  for (const p of projects) p.remove();
  // What the kubelet pulled: the next run pulls again.
  unloadImages([`${CRASH_IMAGE.repository}:${CRASH_IMAGE.tag}`, CLIENT_IMAGE]);
  execFileSync('docker', ['rmi', '-f', `${CRASH_IMAGE.repository}:${CRASH_IMAGE.tag}`, CLIENT_IMAGE], { stdio: 'ignore' });
});

test('an image whose registry host does not resolve: deploy stops within about 30 s with the kubelet\'s words and what to do; status says the same', () => {
  const unpullable = { repository: 'registry.no-such-host.invalid/todo-app', tag: 'v1' };
  const p = project('stuck-pull', values(unpullable, 'IfNotPresent'));
  const d = deploy(p);
  expect({ status: d.status, tail: d.out.slice(-4000) }).toEqual({ status: 1, tail: expect.stringMatching(/deploy: stopped waiting after \d+s: these pods will not start until this is fixed:/) });
  // The kubelet's own words: the pull failed because the name does not resolve.
  expect(d.out).toMatch(/image registry\.no-such-host\.invalid\/todo-app:v1 cannot be pulled \((ErrImagePull|ImagePullBackOff)\): .*registry\.no-such-host\.invalid.*(no such host|server misbehaving)/);
  expect(d.out).toContain('the registry host "registry.no-such-host.invalid" does not resolve from the node: correct the image reference');
  expect(d.out).toMatch(/waiting cannot help: unchanged for [5-9]s/); // the resolver's answer is definitive: 5 s
  // 300 s allowed; the wait itself stops within about 30 s (synth, apply and the first pull come before it).
  expect(waitSeconds(d.out)).toBeLessThan(30);
  expect(d.seconds).toBeLessThan(120);

  const s = p.run('status');
  expect(s.status).toBe(1);
  expect(s.stderr).toMatch(/image registry\.no-such-host\.invalid\/todo-app:v1 cannot be pulled \((ErrImagePull|ImagePullBackOff)\)/);
  expect(s.stderr).toContain('does not resolve from the node');
  expect(s.stderr + s.stdout).not.toContain('stuck-db-pw-0123456789');
});

test('containers that crash with the same last log line: deploy stops at the second crash, quoting the line and what to do; status says the same', () => {
  const p = project('stuck-crash', values(CRASH_IMAGE, 'IfNotPresent'));
  const d = deploy(p);
  expect({ status: d.status, tail: d.out.slice(-4000) }).toEqual({ status: 1, tail: expect.stringMatching(/deploy: stopped waiting after \d+s: these pods will not start until this is fixed:/) });
  // Seen as it ends (Error) or in its back-off (CrashLoopBackOff), whichever the look catches.
  expect(d.out).toMatch(/container "(backend|frontend)" crashes \((CrashLoopBackOff|Error), \d+ restarts\), exit code 1; last log lines:/);
  expect(d.out).toContain(`| ${FATAL}`);
  expect(d.out).toMatch(/waiting cannot help: 2 runs in a row ended with the same last log line \(\d+ restarts\)/);
  expect(d.out).toContain('fix what the log says (settings, .env, the database it needs), then npm run deploy; the whole log: kubectl');
  expect(waitSeconds(d.out)).toBeLessThan(30);

  const s = p.run('status');
  expect(s.status).toBe(1);
  expect(s.stderr).toMatch(/crashes \((CrashLoopBackOff|Error), \d+ restarts\), exit code 1; last log lines:/);
  expect(s.stderr).toContain(`| ${FATAL}`);
  expect(s.stderr + s.stdout).not.toContain('stuck-db-pw-0123456789');
});

/** How long deploy's wait lasted, as it says it. */
function waitSeconds(out: string): number {
  const m = /deploy: stopped waiting after (\d+)s/.exec(out);
  return m ? Number(m[1]) : Number.NaN;
}
