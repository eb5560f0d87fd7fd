// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Yaml } from 'cdk8s';
import { CHART_NAME, ChartMetadataError, STRICT_SEMVER } from '../../lib/pipeline/chart-metadata';
import { KEEP_POLICY } from '../../lib/pipeline/helm-chart';
import { ESCAPED_OPEN } from '../../lib/pipeline/helm-escape';
import { publish, synthesize } from '../../lib/pipeline';
import { pinnedSettings } from '../support/synth';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { SynthProject, finished, lockWith, noLockLine, tree, ROOT } from '../support/synth-project';

/**
 * The chart as files, offline: Chart.yaml's fields, the templates as YAML holding exactly the
 * objects of dist/, the refusals and the publishing. Real Helm (lint, template with `{{` in
 * values, install, upgrade, rollback) runs in test/cluster/helm.test.ts.
 */
let project: SynthProject;
beforeEach(() => {
  project = new SynthProject();
  jest.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  jest.restoreAllMocks();
  project.remove();
});

const PKG = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));


/** Parses a YAML stream (through a file: cdk8s' Yaml.load reads files). */
function parseYaml(text: string): any[] {
  const file = project.path(`parse-${Math.random()}.yaml`);
  fs.writeFileSync(file, text);
  try {
    return Yaml.load(file);
  } finally {
    fs.rmSync(file);
  }
}

const id = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const withoutKeep = (o: any) => {
  if (o.kind !== 'Namespace') return o;
  const annotations = { ...o.metadata.annotations };
  delete annotations['helm.sh/resource-policy'];
  const metadata = { ...o.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  return { ...o, metadata };
};

/** dist/ and dist-chart/ from the same settings and app (as npm run synth / npm run chart). */
function synthBoth(extend: (chart: TodoChart) => void = () => {}, chart: { version?: string; name?: string } = {}) {
  const build = (format: 'manifests' | 'helm') => {
    const settings = pinnedSettings(project.dir);
    const app = new App();
    extend(new TodoChart(app, settings.instance, { config: settings }));
    const synthesis = synthesize(app, { settings, checks: false });
    return { ...publish(synthesis, { format, root: project.dir, chart }), manifests: synthesis.objects };
  };
  return { dist: build('manifests'), chart: build('helm') };
}
const template = () => fs.readFileSync(project.path('dist-chart', 'templates', 'todo.yaml'), 'utf8');
const distText = () => fs.readFileSync(project.path('dist', 'todo.k8s.yaml'), 'utf8');

describe('npm run chart output (dist-chart/)', () => {
  beforeEach(() => fs.writeFileSync(project.lockPath, JSON.stringify(lockWith('http://localhost:30800'))));

  test('Chart.yaml follows helm lint: apiVersion v2, a valid name, SemVer 2 version from package.json, string appVersion from the image tags, an icon URL', () => {
    synthBoth();
    expect(tree(project.path('dist-chart'))).toEqual(['Chart.yaml', 'templates', 'templates/todo.yaml', 'values.yaml']);
    const [chart] = parseYaml(fs.readFileSync(project.path('dist-chart', 'Chart.yaml'), 'utf8'));
    expect(Object.keys(chart).sort()).toEqual(['apiVersion', 'appVersion', 'description', 'icon', 'name', 'type', 'version']);
    expect(chart.apiVersion).toBe('v2');
    expect(chart.type).toBe('application');
    // helm's rules: required, not "." or "..", one path segment; best practice: lower case and dashes.
    expect(chart.name).toBe(PKG.name);
    expect(['', '.', '..']).not.toContain(chart.name);
    expect(path.basename(chart.name)).toBe(chart.name);
    expect(chart.name).toMatch(CHART_NAME);
    expect(chart.version).toBe(PKG.version);
    expect(chart.version).toMatch(STRICT_SEMVER);
    expect(chart.appVersion).toBe('backend-sha-111111111111.frontend-sha-222222222222');
    expect(typeof chart.version).toBe('string');
    expect(new URL(chart.icon).protocol).toBe('https:');
  });

  test('templates/ holds exactly the objects of dist/, as YAML, with no template action in the stock chart', () => {
    synthBoth();
    const manifests = parseYaml(distText());
    expect(template()).not.toContain('{{');
    expect(parseYaml(template()).map(withoutKeep)).toEqual(manifests);
  });

  test('the Namespace keeps its Pod Security labels, is kept on uninstall, and every other object names it', () => {
    synthBoth();
    const objects = parseYaml(template());
    const namespace = objects.find((o) => o.kind === 'Namespace');
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(namespace.metadata.annotations).toMatchObject(KEEP_POLICY);
    // Installed into the configured namespace whatever the release namespace is.
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect([id(o), o.metadata.namespace]).toEqual([id(o), namespace.metadata.name]);
  });

  test('a "{{" in a value is escaped (test/cluster/helm.test.ts renders it with real Helm)', () => {
    synthBoth((chart) => new ApiObject(chart, 'user-config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'user-config', namespace: 'todo' }, data: { helm: '{{ .Values.password }}' } }));
    expect(template()).not.toContain('{{ .Values');
    expect(template()).toContain(ESCAPED_OPEN);
    expect(parseYaml(template()).map(id)).toContain('ConfigMap/todo/user-config');
  });

  test.each([
    [{ version: 'v1.0.0' }, /chart version "v1.0.0" \(from --chart-version\) is not SemVer 2/],
    [{ version: '1.0' }, /chart version "1.0" .* is not SemVer 2/],
    [{ name: '@acme/todo' }, /chart name "@acme\/todo" \(from the chart.name option\) is not a valid Helm chart name/],
    [{ name: 'Todo_K8s' }, /is not a valid Helm chart name; allowed: lower-case letters, digits and single dashes/],
  ])('refuses chart fields %j and leaves dist-chart/ as it was', (chart, message) => {
    synthBoth();
    const before = fs.readFileSync(project.path('dist-chart', 'Chart.yaml'), 'utf8');
    expect(() => synthBoth(undefined, chart)).toThrow(ChartMetadataError);
    expect(() => synthBoth(undefined, chart)).toThrow(message);
    expect(fs.readFileSync(project.path('dist-chart', 'Chart.yaml'), 'utf8')).toBe(before);
  });

  test('SemVer 2 as Helm checks it', () => {
    for (const ok of ['0.1.0', '1.2.3-rc.1', '1.0.0-alpha+001', '10.20.30']) expect(ok).toMatch(STRICT_SEMVER);
    for (const bad of ['v1.0.0', '1.0', '01.0.0', '1.0.0-', '1.0.0-01', '1.0.0 ']) expect(bad).not.toMatch(STRICT_SEMVER);
  });
});

describe('npm run chart (the real cdk8s CLI)', () => {
  test('publishes the chart with the same objects as npm run synth; --chart-version sets the version', () => {
    expect(project.run('synth').status).toBe(0);
    const run = project.run('chart', ['--chart-version', '1.2.3']);
    expect(run.stderr).toBe(`${noLockLine()}Published Helm chart dist-chart/ (todo-k8s 1.2.3, appVersion dev): 8 objects (profile local).\n`);
    expect(run.status).toBe(0);
    expect(parseYaml(fs.readFileSync(project.path('dist-chart', 'Chart.yaml'), 'utf8'))[0].version).toBe('1.2.3');
    expect(parseYaml(template()).map(withoutKeep)).toEqual(parseYaml(distText()));
  });

  test('a bad --chart-version fails with the reason and leaves dist-chart/ as it was', () => {
    expect(project.run('chart').status).toBe(0);
    const before = tree(project.path('dist-chart')).map((f) => [f, fs.statSync(project.path('dist-chart', f)).mtimeMs]);
    const run = project.run('chart', ['--chart-version', 'latest']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      noLockLine() +
      'chart version "latest" (from --chart-version) is not SemVer 2; allowed: MAJOR.MINOR.PATCH with optional -prerelease and +build, ' +
        'no leading "v" (e.g. 0.1.0, 1.2.3-rc.1)\nSynth failed; dist-chart/ was left as it was.\n',
    );
    expect(tree(project.path('dist-chart')).map((f) => [f, fs.statSync(project.path('dist-chart', f)).mtimeMs])).toEqual(before);
  });

  test('bad settings: the reason, and dist-chart/ named as left as it was', () => {
    const run = project.run('chart', ['--profile', 'prod']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `Invalid configuration (--profile prod):\n  - --profile: unknown profile "prod"; allowed: one of local, cloud (files in ${path.join(ROOT, 'profiles')})\nSynth failed; dist-chart/ was left as it was.\n`,
    );
    expect(fs.existsSync(project.path('dist-chart'))).toBe(false);
  });

  test('killed between publishing templates/ and Chart.yaml: every file complete, the object set one whole output', async () => {
    expect(project.run('chart').status).toBe(0);
    const local = template();
    expect(project.run('chart', ['--profile', 'cloud', '-f', project.cloudValues]).status).toBe(0);
    const chartYaml = () => parseYaml(fs.readFileSync(project.path('dist-chart', 'Chart.yaml'), 'utf8'))[0];
    const killed = await finished(project.spawnRun('chart', [], { TODO_SYNTH_KILL_AT: 'renamed:templates/todo.yaml' }));
    expect(killed.signal).toBe('SIGKILL');
    expect(tree(project.path('dist-chart'))).toEqual(['Chart.yaml', 'templates', 'templates/todo.yaml', 'values.yaml']);
    expect(template()).toBe(local);
    // Chart.yaml is whole but still the previous run's (its description names the profile):
    // metadata only, no object is added or lost. The next run completes what the killed one started.
    expect(chartYaml().description).toContain('profile "cloud"');
    expect(project.run('chart').status).toBe(0);
    expect(chartYaml().description).toContain('profile "local"');
    expect(tree(project.path('.synth', 'runs'))).toEqual([]);
  });
});
