// Needs: docker (probed once by test/support/global-setup.ts before any test runs)
/**
 * One image at a time through `buildImage`, the function `npm run images` runs for each
 * component, against the real Docker Engine with fixture sources and Dockerfiles.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONTRACT_VERSION } from '../../lib/model/contract/image-contract';
import { BuildProgress, BuiltImage, ImageBuildPlan, buildImage, prepareBuild } from '../../lib/images/build-image';
import { LOG_TAIL_LINES } from '../../lib/images/build-stream';
import { BaseImageError, BuildStepError, ImageSizeError } from '../../lib/images/errors';
import { BUILD_ARG_LABEL_PREFIX, CONTRACT_VERSION_LABEL, INPUTS_HASH_LABEL } from '../../lib/images/labels';
import { readFileInImage, removeRepositories, tagVariantOfBaseImage, uniqueRepository } from './helpers/docker';
import { FIXTURE_DOCKERFILES, SECRET_LINE, fixturePlans, fixtureSpecs, testConfig, useImageTestbed } from './helpers/fixtures';

const repositories = { backend: uniqueRepository('backend'), frontend: uniqueRepository('frontend') };
const bed = useImageTestbed(repositories);

function plans(options: { backendUrl?: string; specs?: ReturnType<typeof fixtureSpecs> } = {}) {
  return fixturePlans({ sources: bed.sources, config: testConfig(repositories, options.backendUrl), specs: options.specs });
}

async function build(plan: ImageBuildPlan, events: BuildProgress[] = []): Promise<BuiltImage> {
  return buildImage({ docker: bed.docker, ...plan, onProgress: (e) => events.push(e) });
}

test('bakes NEXT_PUBLIC_API_URL from the configuration into the image and records it in labels', async () => {
  const url = 'https://api.build-args.example.test';
  const built = await build(plans({ backendUrl: url }).frontend);

  expect((await readFileInImage(bed.docker, built.reference, '/app/api-url')).trim()).toBe(url);
  const labels = (await bed.docker.getImage(built.reference).inspect()).Config.Labels;
  expect(labels[CONTRACT_VERSION_LABEL]).toBe(CONTRACT_VERSION);
  expect(labels[`${BUILD_ARG_LABEL_PREFIX}NEXT_PUBLIC_API_URL`]).toBe(url);
  expect(labels[INPUTS_HASH_LABEL]).toBe(built.inputHash);
  expect(built.buildArgs).toEqual({ NEXT_PUBLIC_API_URL: url });
  expect(built.tag).toMatch(/^sha-[0-9a-f]{12}$/);
});

test('keeps ignored files out of the context sent and out of the image', async () => {
  const events: BuildProgress[] = [];
  const [backend, frontend] = [await build(plans().backend, events), await build(plans().frontend, events)];

  const sent = (image: BuiltImage) => image.contextEntries.map((e) => e.path);
  expect(sent(backend)).toEqual(expect.arrayContaining(['requirements.txt', 'main.py', 'app/__init__.py']));
  // Every .env*, .env.example included, whatever the fixture's ignore file lets through (issue 17).
  expect(sent(backend).filter((p) => p.startsWith('.env') || p.includes('__pycache__'))).toEqual([]);
  expect(sent(frontend)).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'app/page.js']));
  expect(sent(frontend).filter((p) => p.startsWith('.env'))).toEqual([]);
  // backend: the Dockerfile's own ignore file; frontend (whose Dockerfile has none): the app's .dockerignore.
  expect(sent(frontend).filter((p) => p === '.env' || p.startsWith('node_modules') || p.startsWith('docs') || p === '.dockerignore')).toEqual([]);

  const backendFiles = (await readFileInImage(bed.docker, backend.reference, '/app/listing')).split(/\r?\n/);
  const frontendFiles = (await readFileInImage(bed.docker, frontend.reference, '/app/listing')).split(/\r?\n/);
  expect(backendFiles).toEqual(expect.arrayContaining(['/app/main.py']));
  expect(frontendFiles).toEqual(expect.arrayContaining(['/app/app/page.js']));
  for (const absent of ['/app/.env', '/app/.env.example', '/app/node_modules', '/app/docs', '/app/app/__pycache__', '/app/.dockerignore', '/app/.todo-k8s.Dockerfile']) {
    expect(backendFiles).not.toContain(absent);
    expect(frontendFiles).not.toContain(absent);
  }

  // The context size is reported, and is the filtered tree, not the whole source directory.
  const reported = events.flatMap((e) => (e.kind === 'context' ? [e.bytes] : []));
  expect(reported).toEqual([backend.contextBytes, frontend.contextBytes]);
  expect(backend.contextBytes).toBeGreaterThan(0);
  expect(fs.readFileSync(path.join(bed.sources.frontend, '.env'), 'utf8')).toContain(SECRET_LINE);
});

test('reports a failing RUN as a failure naming the step, with the tail of its output', async () => {
  const plan = { ...plans().backend, dockerfile: path.join(FIXTURE_DOCKERFILES, 'failing.Dockerfile') };
  const error: BuildStepError = await build(plan).then(
    () => {
      throw new Error('the build should have failed');
    },
    (e) => e,
  );

  expect(error).toBeInstanceOf(BuildStepError);
  // Step 4: the ARG before FROM counts as step 1; the build's LABELs come after the failing RUN.
  expect(error.step).toMatch(/^Step 4\/\d+ : RUN i=1; while/);
  // The instruction and where it is written (the Dockerfile's 6th line), then the engine's error.
  const dockerfile = path.relative(process.cwd(), plan.dockerfile);
  expect(error.message.split('\n').slice(0, 2)).toEqual([
    `backend: build failed at ${dockerfile}:6, ${error.step}`,
    "  error: The command '/bin/sh -c i=1; while [ $i -le 30 ]; do echo \"fixture log line $i\"; i=$((i+1)); done; sleep 1; echo \"fixture: dependency resolution failed\" >&2; exit 3' returned a non-zero code: 3",
  ]);
  expect(error.detail).toMatchObject({ dockerfile, line: 6, stage: undefined, outputLines: 31 });
  expect(error.logTail).toEqual(expect.arrayContaining(['fixture log line 30', 'fixture: dependency resolution failed']));
  expect(error.message).toContain('| fixture: dependency resolution failed'); // stderr, without its colour codes
  expect(error.message).not.toContain('\x1b');
  expect(error.logTail.length).toBeLessThanOrEqual(LOG_TAIL_LINES);
  expect(error.logTail).not.toContain('fixture log line 1'); // only the tail is kept
});

test('a failing npm step shows its npm error lines, not the notices after them, with the Dockerfile line and stage', async () => {
  const plan = { ...plans().frontend, dockerfile: path.join(FIXTURE_DOCKERFILES, 'npm-failing.Dockerfile') };
  const error: BuildStepError = await build(plan).then(() => { throw new Error('the build should have failed'); }, (e) => e);
  expect(error).toBeInstanceOf(BuildStepError);
  const dockerfile = path.relative(process.cwd(), plan.dockerfile);
  const lines = error.message.split('\n');
  expect(lines[0]).toMatch(new RegExp(`^frontend: build failed at ${dockerfile.replace(/[.]/g, '\\.')}:7 \\(stage "deps"\\), Step 5/\\d+ : RUN echo "npm warn deprecated`));
  expect(lines[1]).toMatch(/^  error: The command .* returned a non-zero code: 1$/);
  expect(lines.slice(2)).toEqual([
    '  the lines of its output that carry the error (of 30; --verbose prints them all):',
    '    | npm error code E404',
    '    | npm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fnot-there - Not found',
    "    | npm error 404  '@acme/not-there@^1.0.0' is not in this registry.",
    '    | npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log',
  ]);
  // What the old report showed: the 20-line tail, mostly notices, without the 404.
  expect(error.logTail.filter((l) => l.includes('npm notice')).length).toBeGreaterThan(15);
  expect(error.logTail).not.toContain('npm error code E404');
});

test('fails an image over its size target, giving both sizes', async () => {
  const specs = fixtureSpecs({ frontend: { maxSizeBytes: 1000 } });
  const error: ImageSizeError = await build(plans({ specs }).frontend).then(
    () => {
      throw new Error('the size check should have failed');
    },
    (e) => e,
  );

  expect(error).toBeInstanceOf(ImageSizeError);
  expect(error.sizeBytes).toBeGreaterThan(1000);
  expect(error.message).toContain(`(${error.sizeBytes} bytes)`);
  expect(error.message).toContain('1.0 kB (1000 bytes)');
  expect(error.message).toMatch(/is \d+\.\d MB \(\d+ bytes\)/);
});

test('an unchanged rebuild keeps its tag and is the engine\'s image: nothing sent, nothing built', async () => {
  const first = await build(plans().frontend);
  // A fresh copy: new timestamps, same content.
  bed.renewSources();
  const second = await build(plans().frontend);

  expect(second.tag).toBe(first.tag);
  expect(second.imageId).toBe(first.imageId);
  expect(second.reused).toBe(true);
  expect(second.steps).toEqual([]);
  expect(second.contextBytes).toBe(0);
});

test('with the image gone from its tag, the same inputs build again from the layer cache', async () => {
  const first = await build(plans().frontend);
  // Another tag keeps the image (and its layers) while its own tag is removed.
  const keep = `${first.repository}:keep-${process.pid}`;
  await bed.docker.getImage(first.reference).tag({ repo: first.repository, tag: `keep-${process.pid}` });
  await bed.docker.getImage(first.reference).remove();
  try {
    const again = await build(plans().frontend);
    expect(again.reused).toBeUndefined();
    expect(again.tag).toBe(first.tag);
    const layerSteps = again.steps.filter((s) => / : (RUN|COPY|WORKDIR|LABEL) /.test(s.line));
    expect(layerSteps.length).toBeGreaterThan(0);
    expect(layerSteps.filter((s) => !s.cached).map((s) => s.line)).toEqual([]);
  } finally {
    await bed.docker.getImage(keep).remove().catch(() => undefined);
  }
});

test('a changed source file, file mode or build argument changes the tag', async () => {
  const original = await build(plans().frontend);

  fs.appendFileSync(path.join(bed.sources.frontend, 'app', 'page.js'), '// changed\n');
  const changedSource = await build(plans().frontend);
  expect(changedSource.tag).not.toBe(original.tag);
  expect(changedSource.imageId).not.toBe(original.imageId);

  const changedArg = await build(plans({ backendUrl: 'https://api.changed.example.test' }).frontend);
  expect(changedArg.tag).not.toBe(changedSource.tag);
  expect((await readFileInImage(bed.docker, changedArg.reference, '/app/api-url')).trim()).toBe('https://api.changed.example.test');

  // The mode is part of the image, so of the tag (checked without building).
  const before = await prepareBuild(plans().backend);
  fs.chmodSync(path.join(bed.sources.backend, 'main.py'), 0o755);
  expect((await prepareBuild(plans().backend)).inputHash).not.toBe(before.inputHash);
});

test('a base image updated under the same name changes the tag', async () => {
  const base = uniqueRepository('base') + ':1';
  const withBase = { ...plans().backend, buildArgs: { PYTHON_IMAGE: base } };
  try {
    await tagVariantOfBaseImage(bed.docker, base, 'one');
    const first = await build(withBase);
    expect(first.baseImageIds[base]).toMatch(/^sha256:/);

    await tagVariantOfBaseImage(bed.docker, base, 'two');
    const second = await build(withBase);
    expect(second.baseImageIds[base]).not.toBe(first.baseImageIds[base]);
    expect(second.tag).not.toBe(first.tag);
  } finally {
    await removeRepositories(bed.docker, [base.split(':')[0]]);
  }
});

test('a base image that is neither in the engine nor pullable is named, with the way out', async () => {
  const absent = uniqueRepository('absent-base') + ':none';
  const error = await build({ ...plans().backend, buildArgs: { PYTHON_IMAGE: absent } }).catch((e) => e);
  expect(error).toBeInstanceOf(BaseImageError);
  expect(error.message).toContain(`backend: base image ${absent} is not in the Docker Engine and pulling it failed`);
  expect(error.message).toContain('--build-arg <ARG>=<registry>/<image>');
});
