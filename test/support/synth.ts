import { Testing } from 'cdk8s';
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

/** The synthesized objects of a profile. */
export function synthProfile(profile: string, override?: (c: TodoConfig) => TodoConfig): Manifest[] {
  return Testing.synth(chartFor(profile, override)) as Manifest[];
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
