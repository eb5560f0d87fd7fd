/**
 * Upgrading Kubernetes is one line: .ci/cluster-versions names the version the test cluster,
 * the validator's build and the docs use. The validator's build (bash validator/build) and its
 * runner (lib/checks/apiserver) find the same file for it; the docs name no other version. (That
 * the built validator and the running test cluster report this version is checked where they
 * run: test/checks/apiserver/validator.test.ts, test/cluster/validator-agrees.test.ts.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { defaultLocateOptions, kubeVersionIn, validatorWasmPath } from '../../../lib/checks/apiserver';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const KUBE_VERSION = kubeVersionIn(path.join(ROOT, '.ci', 'cluster-versions'));

test('.ci/cluster-versions names one Kubernetes version', () => {
  expect(KUBE_VERSION).toMatch(/^v1\.\d+\.\d+$/);
});

test("the validator's build and its runner agree on where the build for that version is", () => {
  const { KUBE_VERSION: _ignored, ...env } = process.env;
  const built = spawnSync('bash', [path.join(ROOT, 'validator', 'build'), '--path'], { encoding: 'utf8', env });
  expect(built.status).toBe(0);
  const expected = validatorWasmPath(defaultLocateOptions(ROOT, env));
  expect(built.stdout.trim()).toBe(expected);
  expect(expected).toContain(`${path.sep}validator-${KUBE_VERSION}${path.sep}`);
});

test('another version in .ci/cluster-versions (or KUBE_VERSION) moves both to another build', () => {
  const env = { ...process.env, KUBE_VERSION: 'v1.35.0' };
  const built = spawnSync('bash', [path.join(ROOT, 'validator', 'build'), '--path'], { encoding: 'utf8', env });
  expect(built.stdout.trim()).toBe(validatorWasmPath(defaultLocateOptions(ROOT, env)));
  expect(built.stdout).toContain('validator-v1.35.0');
});

test('the docs name the same Kubernetes version wherever they name the cluster\'s', () => {
  const [major, minor] = KUBE_VERSION.slice(1).split('.');
  const mentions: string[] = [];
  for (const file of ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => path.join('docs', f))]) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/\b(Kubernetes(?: \|)?|API server|kube-apiserver|kubelet and kube-proxy|k8s\.io\/kubernetes(?: at)?|cluster-versions`, today) v?(\d+\.\d+(?:\.\d+)?)\b/g)) mentions.push(`${file}: ${m[1]} ${m[2]}`);
  }
  expect(mentions.length).toBeGreaterThanOrEqual(3);
  const wrong = mentions.filter((m) => {
    const v = m.slice(m.lastIndexOf(' ') + 1);
    return v.split('.').length === 3 ? `v${v}` !== KUBE_VERSION : v !== `${major}.${minor}`;
  });
  expect(wrong).toEqual([]);
});
