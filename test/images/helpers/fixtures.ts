import * as fs from 'fs';
import Docker from 'dockerode';
import * as os from 'os';
import * as path from 'path';
import { LOCAL_PROFILE } from '../../../lib/model/settings/profiles';
import { TodoConfig } from '../../../lib/model/settings/types';
import { ComponentName } from '../../../lib/model/contract/image-contract';
import { ImageBuildPlan } from '../../../lib/images/build-image';
import { ComponentBuildSpec, ComponentBuildSpecs, contractBuildSpecs } from '../../../lib/model/contract/component-specs';
import { planImageBuilds } from '../../../lib/images/plan';
import { ensureTestBaseImage, removeRepositories, testDocker } from './docker';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const FIXTURE_DOCKERFILES = path.join(FIXTURES, 'dockerfiles');

/**
 * The contract's specs with the Dockerfiles swapped for the fixtures (python and node images
 * cannot be pulled here); required files, size limits and argument names stay the contract's
 * unless a test overrides them.
 */
export function fixtureSpecs(overrides: Partial<Record<ComponentName, Partial<ComponentBuildSpec>>> = {}): ComponentBuildSpecs {
  const contract = contractBuildSpecs(path.join(__dirname, '..', '..', '..'));
  const spec = (c: ComponentName): ComponentBuildSpec => ({
    ...contract[c],
    dockerfile: path.join(FIXTURE_DOCKERFILES, `${c}.Dockerfile`),
    ...overrides[c],
  });
  return { backend: spec('backend'), frontend: spec('frontend') };
}

/** Fresh, writable copies of the fixture sources, plus what must never reach an image. */
export interface FixtureSources {
  readonly root: string;
  readonly backend: string;
  readonly frontend: string;
  remove(): void;
}

/** A secret that must stay out of every context; tests look for it in contexts and images. */
export const SECRET_LINE = 'BETTER_AUTH_SECRET=do-not-ship-this';

export function copyFixtureSources(): FixtureSources {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-sources-'));
  fs.cpSync(path.join(FIXTURES, 'sources'), root, { recursive: true });
  const backend = path.join(root, 'backend');
  const frontend = path.join(root, 'frontend');
  // Generated here rather than committed: .gitignore keeps .env and node_modules out of git.
  for (const dir of [backend, frontend]) fs.writeFileSync(path.join(dir, '.env'), `${SECRET_LINE}\n`);
  fs.mkdirSync(path.join(backend, 'app', '__pycache__'));
  fs.writeFileSync(path.join(backend, 'app', '__pycache__', 'main.cpython-312.pyc'), 'bytecode');
  fs.mkdirSync(path.join(frontend, 'node_modules', 'left-pad'), { recursive: true });
  fs.writeFileSync(path.join(frontend, 'node_modules', 'left-pad', 'index.js'), 'module.exports = () => {};\n');
  return { root, backend, frontend, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** The local profile with the test's own repositories and, optionally, another public API URL. */
export function testConfig(repositories: Readonly<Record<ComponentName, string>>, backendUrl = LOCAL_PROFILE.publicUrls.backend): TodoConfig {
  return {
    ...LOCAL_PROFILE,
    publicUrls: { ...LOCAL_PROFILE.publicUrls, backend: backendUrl },
    images: {
      backend: { ...LOCAL_PROFILE.images.backend, repository: repositories.backend },
      frontend: { ...LOCAL_PROFILE.images.frontend, repository: repositories.frontend },
    },
  };
}

/** Plans through the same function `npm run images` uses, pointed at fixtures. */
export function fixturePlans(options: {
  sources: FixtureSources;
  config: TodoConfig;
  specs?: ComponentBuildSpecs;
  noCache?: boolean;
}): Record<ComponentName, ImageBuildPlan> {
  return planImageBuilds({
    config: options.config,
    specs: options.specs ?? fixtureSpecs(),
    sourceDirs: { backend: options.sources.backend, frontend: options.sources.frontend },
    noCache: options.noCache,
  });
}

/** What an image test works with: the engine (with the test base image) and fresh fixture sources. */
export interface ImageTestbed {
  readonly docker: Docker;
  readonly sources: FixtureSources;
  /** Replaces the sources with a fresh copy: same content, new timestamps. */
  renewSources(): void;
}

/**
 * Registers the hooks image tests share: connect to the engine and make the base image once,
 * fresh fixture sources for every test, and untag the test's repositories at the end.
 */
export function useImageTestbed(repositories: Readonly<Record<string, string>>): ImageTestbed {
  let docker: Docker | undefined;
  let sources: FixtureSources | undefined;
  beforeAll(async () => {
    docker = await testDocker();
    await ensureTestBaseImage(docker);
  });
  afterAll(async () => {
    if (docker) await removeRepositories(docker, Object.values(repositories));
  });
  beforeEach(() => {
    sources = copyFixtureSources();
  });
  afterEach(() => sources?.remove());
  return {
    get docker() {
      return docker!;
    },
    get sources() {
      return sources!;
    },
    renewSources() {
      sources?.remove();
      sources = copyFixtureSources();
    },
  };
}
