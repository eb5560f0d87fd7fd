import { Chart } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * The Dapr app-ids of each chart, as DaprSidecar registers them: a Component or Subscription
 * whose `scopes` are left to the default names exactly these, read at synth (after all user
 * code), so a sidecar a user adds to their own Worker is in scope too.
 */
const appIdsByChart = new WeakMap<Chart, Set<string>>();

export function registerAppId(scope: Construct, appId: string): void {
  const chart = Chart.of(scope);
  const ids = appIdsByChart.get(chart) ?? new Set<string>();
  ids.add(appId);
  appIdsByChart.set(chart, ids);
}

/** The app-ids of the chart around `scope`, sorted. */
export function chartAppIds(scope: Construct): string[] {
  return [...(appIdsByChart.get(Chart.of(scope)) ?? [])].sort();
}
