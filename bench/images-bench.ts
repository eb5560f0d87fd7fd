/**
 * Benchmark helper for bench/images.sh: generates a fixture source tree and builds it through
 * the same `buildImage` that `npm run images` uses, against the real Docker Engine.
 *
 *   tsx bench/images-bench.ts prepare <dir>             sources (a few MB) + an ignored node_modules (tens of MB)
 *   tsx bench/images-bench.ts build <dir> [--no-cache]  BENCH_REPEAT (default 1) builds; prints a JSON summary with the mean
 *   tsx bench/images-bench.ts sizes <dir>               unfiltered tree, filtered tree, context sent (JSON)
 *   tsx bench/images-bench.ts cleanup                   removes the benchmark's images (tagged and dangling)
 */
import * as fs from 'fs';
import * as path from 'path';
import { LOCAL_PROFILE } from '../lib/model/settings/profiles';
import { ImageBuildPlan, buildImage } from '../lib/images/build-image';
import { connectDocker } from '../lib/images/docker-endpoint';
import { ensureTestBaseImage, removeRepositories } from '../test/images/helpers/docker';

export const REPOSITORY = 'todo-k8s-bench/app';
const FIXTURE = path.join(__dirname, 'images-fixture');
const SOURCE_FILES = 400; // x 8 kB = 3.2 MB of sources
const MODULE_FILES = 2000; // x 24 kB = 48 MB of node_modules, which must not be sent

/** Deterministic text, so a re-prepared tree has the same content hash (and tag). */
function text(seed: number, bytes: number): string {
  let out = '';
  for (let line = 0; out.length < bytes; line++) out += `export const value_${seed}_${line} = ${(seed * 7919 + line * 104729) % 1000003};\n`;
  return out.slice(0, bytes);
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function prepare(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-app', private: true }, null, 2));
  write(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'bench-app', lockfileVersion: 3, packages: {} }, null, 2));
  write(path.join(dir, '.env'), 'BETTER_AUTH_SECRET=bench-not-a-secret\n');
  // For the docker CLI comparison: the same Dockerfile and rules inside the context, both
  // self-excluding (`docker build -f` from outside the context writes a random name into the
  // .dockerignore it sends, which then misses the cache of every `COPY . .`).
  fs.copyFileSync(path.join(FIXTURE, 'bench.Dockerfile'), path.join(dir, 'Dockerfile'));
  const rules = fs.readFileSync(path.join(FIXTURE, 'bench.Dockerfile.dockerignore'), 'utf8');
  write(path.join(dir, '.dockerignore'), `${rules}Dockerfile\n.dockerignore\n`);
  for (let i = 0; i < SOURCE_FILES; i++) write(path.join(dir, 'src', `module-${Math.floor(i / 40)}`, `file-${i}.js`), text(i, 8_000));
  for (let i = 0; i < MODULE_FILES; i++) write(path.join(dir, 'node_modules', `pkg-${Math.floor(i / 20)}`, `index-${i}.js`), text(-i, 24_000));
}

function plan(dir: string, noCache: boolean): ImageBuildPlan {
  return {
    name: 'bench',
    contextDir: dir,
    dockerfile: path.join(FIXTURE, 'bench.Dockerfile'),
    requiredFiles: ['package.json', 'package-lock.json'],
    buildArgs: { NEXT_PUBLIC_API_URL: LOCAL_PROFILE.publicUrls.backend },
    repository: REPOSITORY,
    maxSizeBytes: 500_000_000,
    noCache,
  };
}

/** Sum of file sizes under a directory, following nothing: what `du --apparent-size` would count. */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

async function main(): Promise<void> {
  const [command, dir, flag] = process.argv.slice(2);
  const docker = connectDocker();
  switch (command) {
    case 'prepare':
      prepare(path.resolve(dir));
      await ensureTestBaseImage(docker);
      return;
    case 'build': {
      // Timed inside the process too, so node and tsx start-up can be told apart from the build.
      const repeat = Number(process.env.BENCH_REPEAT || 1);
      const times: number[] = [];
      let built;
      for (let i = 0; i < repeat; i++) {
        const started = performance.now();
        built = await buildImage({ docker, ...plan(path.resolve(dir), flag === '--no-cache') });
        times.push(performance.now() - started);
      }
      const ms = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
      console.log(JSON.stringify({ reference: built!.reference, ms, runs: repeat, cachedSteps: built!.steps.filter((s) => s.cached).length, steps: built!.steps.length }));
      return;
    }
    case 'sizes': {
      const built = await buildImage({ docker, ...plan(path.resolve(dir), false) });
      const filtered = built.contextEntries.reduce((sum, e) => sum + e.size, 0);
      console.log(JSON.stringify({ unfilteredBytes: treeBytes(path.resolve(dir)), filteredBytes: filtered, contextBytesSent: built.contextBytes, entriesSent: built.contextEntries.length }));
      return;
    }
    case 'cleanup': {
      await removeRepositories(docker, [REPOSITORY]);
      // Each --no-cache build re-points the tag and leaves the previous image dangling.
      const dangling = await docker.listImages({ filters: { dangling: ['true'], label: ['org.opencontainers.image.title=bench'] } });
      for (const image of dangling) await docker.getImage(image.Id).remove().catch(() => undefined);
      return;
    }
    default:
      throw new Error(`unknown command ${command}; see the header of bench/images-bench.ts`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
