// Needs: docker (probed once by test/support/global-setup.ts before any test runs)
/**
 * A real build that fails the way the Phase IV frontend's did: the project's own
 * dockerfiles/frontend.Dockerfile, on the node base image the end-to-end test makes from this
 * machine's node and npm, with a package.json that its package-lock.json does not match. npm ci
 * refuses before it reaches the network, prints its error and then a page of usage text; the
 * report names the Dockerfile line, the stage and npm's own error lines, without the usage text.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { buildImage } from '../../lib/images/build-image';
import { contractBuildSpecs } from '../../lib/model/contract/component-specs';
import { BuildStepError } from '../../lib/images/errors';
import { planImageBuilds } from '../../lib/images/plan';
import { ensureNodeBaseImage, NODE_BASE_IMAGE } from '../e2e/helpers/node-base-image';
import { FIXTURES } from './helpers/fixtures';
import { removeRepositories, testDocker, uniqueRepository } from './helpers/docker';

const ROOT = path.join(__dirname, '..', '..');
const repository = uniqueRepository('failing-frontend');
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-failing-build-'));
});
afterAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  await removeRepositories(await testDocker(), [repository]);
});

test('npm ci out of sync with the lock: the report quotes npm\'s error at dockerfiles/frontend.Dockerfile, stage deps', async () => {
  const docker = await testDocker();
  await ensureNodeBaseImage(docker);
  const frontend = path.join(work, 'frontend');
  fs.cpSync(path.join(FIXTURES, 'sources', 'frontend'), frontend, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(frontend, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(frontend, 'package.json'), JSON.stringify({ ...pkg, dependencies: { 'left-pad': '1.3.0' } }, null, 2));

  const config = { ...LOCAL_PROFILE, images: { ...LOCAL_PROFILE.images, frontend: { ...LOCAL_PROFILE.images.frontend, repository } } };
  const plan = planImageBuilds({
    config,
    specs: contractBuildSpecs(ROOT),
    sourceDirs: { backend: path.join(FIXTURES, 'sources', 'backend'), frontend },
    baseImageOverrides: { NODE_IMAGE: NODE_BASE_IMAGE },
  }).frontend;
  const error: BuildStepError = await buildImage({ docker, ...plan }).then(() => { throw new Error('the build should have failed'); }, (e) => e);
  expect(error).toBeInstanceOf(BuildStepError);

  const dockerfileLines = fs.readFileSync(path.join(ROOT, 'dockerfiles', 'frontend.Dockerfile'), 'utf8').split('\n');
  // The install step: one RUN whose `case` picks npm ci for the contract's npm (lib/model/contract/app-shapes.ts).
  const npmCiLine = dockerfileLines.findIndex((l, i) => /^RUN set -e;/.test(l) && /npm\) npm ci\b/.test(dockerfileLines.slice(i, i + 4).join('\n'))) + 1;
  expect(npmCiLine).toBeGreaterThan(0);
  const dockerfile = path.relative(process.cwd(), path.join(ROOT, 'dockerfiles', 'frontend.Dockerfile'));
  const lines = error.message.split('\n');
  // A long RUN (the install's `case`) is announced by its start, as the report shortens it.
  const announced = error.step!.length > 160 ? `${error.step!.slice(0, 157)}...` : error.step;
  expect(lines[0]).toBe(`frontend: build failed at ${dockerfile}:${npmCiLine} (stage "deps"), ${announced}`);
  expect(error.step).toMatch(/^Step \d+\/\d+ : RUN set -e;\s+case "\$PACKAGE_MANAGER" in\s+npm\) npm ci --no-audit --no-fund ;;/);
  expect(lines[1]).toMatch(/^  error: The command '\/bin\/sh -c set -e;.*npm\) npm ci --no-audit --no-fund ;;.*' returned a non-zero code: 1$/);
  expect(lines[2]).toMatch(/^  the lines of its output that carry the error \(of \d+; --verbose prints them all\):$/);
  const shown = lines.slice(3).map((l) => l.replace(/^    \| /, ''));
  // npm's own words: what is wrong and which package, then where its log is.
  expect(shown.join('\n')).toMatch(/npm error `npm ci` can only install packages when your package\.json and package-lock\.json/);
  expect(shown.join('\n')).toMatch(/npm error Missing: left-pad@1\.3\.0 from lock file/);
  expect(shown[shown.length - 1]).toMatch(/^npm error A complete log of this run can be found in: /);
  // Not the usage text npm appends (what a 20-line tail showed instead).
  expect(shown.join('\n')).not.toMatch(/Usage:|--install-strategy|npm help ci/);
  expect(error.logTail.join('\n')).toMatch(/--install-strategy|npm help ci/);
  expect(shown.length).toBeLessThan(10);
});
