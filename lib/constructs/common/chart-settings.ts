import { Construct } from 'constructs';
import { TodoConfig } from '../../model/settings/types';

/** The settings each TodoChart was built from, by chart. */
const settingsByChart = new WeakMap<Construct, TodoConfig>();

/** Records the settings a chart was built from (TodoChart does, in its constructor). */
export function recordChartSettings(chart: Construct, settings: TodoConfig): void {
  settingsByChart.set(chart, settings);
}

/**
 * The settings of the nearest TodoChart around `scope`: constructs take their `instance` (and,
 * for a contract's image, the image) from there unless given, so a user never passes them twice.
 */
export function chartSettingsOf(scope: Construct): TodoConfig | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const settings = settingsByChart.get(scopes[i]);
    if (settings) return settings;
  }
  return undefined;
}
