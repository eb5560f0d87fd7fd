import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONTRACT_VERSION } from '../../lib/model/contract/image-contract';
import { ImagesLock } from '../../lib/images/lock';

/** The repository root: main.ts, bin/ and node_modules are used from here. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** The one launcher every npm script runs. */
export const CLI = path.join(ROOT, 'bin', 'todo-k8s.js');

/**
 * A scratch project laid out as a user's: its own main.ts (the repository's, or one a test
 * writes), package.json and cdk8s.yaml, with lib/, bin/ and node_modules linked to the
 * repository's, so tests never touch the repository's dist/.
 */
export class SynthProject {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-synth-'));
  readonly lockPath = path.join(this.dir, 'images.lock.json');

  /** Real hosts and repositories for the cloud profile, whose placeholders synth refuses. */
  readonly cloudValues = path.join(this.dir, 'cloud-values.yaml');

  /** `main`: the text of the project's main.ts (default: the repository's). */
  constructor(main = fs.readFileSync(path.join(ROOT, 'main.ts'), 'utf8')) {
    for (const linked of ['lib', 'bin', 'node_modules', 'imports', 'profiles', 'dockerfiles']) fs.symlinkSync(path.join(ROOT, linked), path.join(this.dir, linked));
    fs.copyFileSync(path.join(ROOT, 'cdk8s.yaml'), path.join(this.dir, 'cdk8s.yaml'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(this.dir, 'package.json'));
    this.writeMain(main);
    fs.writeFileSync(this.cloudValues,
      'publicUrls: { frontend: "https://todo.acme.dev", backend: "https://api.todo.acme.dev" }\n' +
      'images: { backend: { repository: ghcr.io/acme/todo-backend }, frontend: { repository: ghcr.io/acme/todo-frontend } }\n');
  }

  /** Replaces the project's main.ts. */
  writeMain(text: string): void {
    fs.writeFileSync(path.join(this.dir, 'main.ts'), text);
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Environment for a run: the lock in this directory unless overridden. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    // The lock is the default one, images.lock.json in this directory (a lock TODO_IMAGES_LOCK names must exist).
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
    if (extra.TODO_PROFILE === 'cloud' && !('TODO_VALUES' in extra)) extra = { ...extra, TODO_VALUES: this.cloudValues };
    if (extra.TODO_VALUES) env.TODO_VALUES = extra.TODO_VALUES;
    // INIT_CWD too: `npm test` sets it to the repository, and relative values files resolve against it.
    for (const key of ['TODO_IMAGES_LOCK', 'TODO_PROFILE', 'TODO_VALUES', 'CDK8S_OUTDIR', 'INIT_CWD']) {
      if (!(key in extra)) delete env[key];
    }
    return env;
  }

  /** `npm run <command> -- <args>`, as the package.json script runs it. */
  run(command: string, args: string[] = [], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [CLI, command, ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: this.env(env),
    });
  }

  /** `npm run <command>` in the background, for kills and concurrent runs. */
  spawnRun(command: string, args: string[] = [], env: Record<string, string> = {}): ChildProcess {
    return spawn(process.execPath, [CLI, command, ...args], {
      cwd: this.dir,
      env: this.env(env),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }

  /** Plain `cdk8s synth` with this project's cdk8s.yaml. */
  cdk8sSynth(args: string[] = [], env: Record<string, string> = {}) {
    return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: this.env(env),
    });
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Resolves with the exit code or signal and stderr of a background run. */
export function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

/**
 * The line synth prints before anything else when the local profile runs without a lock (its
 * `:dev` images are never pulled); `file` as synth names it, relative to where it runs.
 */
export function noLockLine(file = 'images.lock.json'): string {
  return `Warning: no images lock (${file}), so the manifests run todo-backend:dev, todo-frontend:dev, todo-frontend:dev-migrate ` +
    'with imagePullPolicy: Never, which the cluster answers with ErrImageNeverPull unless you built those tags yourself; ' +
    'run `npm run images` (same --profile/-f) to build and pin them, or `npm run deploy`, which builds them.\n';
}

/** `text` matched literally inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A lock as `npm run images` writes it, for the local profile's repositories. */
export function lockWith(apiUrl: string, repositories = { backend: 'todo-backend', frontend: 'todo-frontend' }): ImagesLock {
  const image = (repository: string, tag: string, buildArgs: Record<string, string>) => ({
    reference: `${repository}:${tag}`, repository, tag, imageId: `sha256:${'a'.repeat(64)}`,
    contractVersion: CONTRACT_VERSION, buildArgs, sizeBytes: 1000,
  });
  return {
    version: 1,
    images: {
      backend: image(repositories.backend, 'sha-111111111111', {}),
      frontend: {
        ...image(repositories.frontend, 'sha-222222222222', { NEXT_PUBLIC_API_URL: apiUrl }),
        // The Better Auth migration image npm run images builds alongside (lib/images/lock.ts).
        migrate: { reference: `${repositories.frontend}:sha-222222222222-migrate`, tag: 'sha-222222222222-migrate', imageId: `sha256:${'b'.repeat(64)}` },
      },
    },
  };
}

/** Every entry under dir, relative, sorted (directories included); [] when it does not exist. */
export function tree(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? [prefix + e.name, ...tree(path.join(dir, e.name), `${prefix}${e.name}/`)] : [prefix + e.name]))
    .sort();
}

/** `npm run <command> -- <args>` from `cwd` (the repository by default), as the package.json script runs it. */
export function runCommand(command: string, args: readonly string[] = [], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(process.execPath, [CLI, command, '--', ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
}
