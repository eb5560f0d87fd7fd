import { App, Chart, Testing } from 'cdk8s';
import { TodoConfig } from '../../lib/model/settings/types';
import { validateConfig } from '../../lib/model/settings/validate';
import { PROFILES } from '../../lib/model/settings/profiles';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { Manifest } from '../../lib/checks/manifest';

/** A synthesized Kubernetes object, as plain JSON. */
export type { Manifest } from '../../lib/checks/manifest';

/** A fresh chart for a profile (validated), with optional overrides applied on top. */
export function chartFor(profile: string, override: (c: TodoConfig) => TodoConfig = (c) => c): TodoChart {
  const config = validateConfig(override(PROFILES[profile]), `test profile "${profile}"`);
  return new TodoChart(Testing.app(), config.instance, { config });
}

/** The synthesized objects of a profile, as the pipeline writes them (stored form, scopes), without the checks. */
export function synthProfile(profile: string, override?: (c: TodoConfig) => TodoConfig): Manifest[] {
  return synthChart(chartFor(profile, override));
}

/** A chart's objects as the pipeline writes them (stored form, namespaces only on namespaced kinds), without the checks. */
export function synthChart(chart: Chart & { config?: TodoConfig }): Manifest[] {
  const { synthesize } = require('../../lib/pipeline/synthesize') as typeof import('../../lib/pipeline/synthesize');
  const synthesis = synthesize(chart.node.root as App, { settings: chart.config ?? PROFILES.local, checks: false });
  return synthesis.charts.find((c) => c.path === chart.node.path)!.objects as Manifest[];
}

/** The one object of a kind and name; fails the test when absent. */
export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in [${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}]`);
  return found;
}

/** The pod template spec of a workload object (Deployment, StatefulSet). */
export function podSpec(m: Manifest): any {
  return m.spec.template.spec;
}

/** Objects that run pods. */
export function workloads(manifests: Manifest[]): Manifest[] {
  return manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(m.kind));
}

/** A container's env as a name -> entry map. */
export function envOf(container: any): Record<string, any> {
  return Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e]));
}

/** All profile names. */
export const PROFILE_NAMES = Object.keys(PROFILES);

/**
 * The settings a command in project `root` works with: the profile and values files, images
 * pinned from the project's lock (as `npm run synth` loads them), the registry's digests when given.
 */
export function pinnedSettings(root: string, options: { profile?: string; valuesFiles?: string[]; registry?: string; env?: NodeJS.ProcessEnv } = {}): TodoConfig {
  const { loadRawSettings, pinImages } = require('../../lib/cli/project') as typeof import('../../lib/cli/project');
  const { capturedOutput } = require('../../lib/cli/output') as typeof import('../../lib/cli/output');
  const ctx = { root, cwd: root, env: options.env ?? {}, out: capturedOutput(), app: { file: 'main.ts', exports: {} } };
  return pinImages(ctx, loadRawSettings(ctx, { profile: options.profile, valuesFiles: options.valuesFiles ?? [] }), { registry: options.registry });
}
