import * as path from 'path';
import { loadConfig } from '../../../lib/model/settings/load';
import { TodoConfig } from '../../../lib/model/settings/types';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The shipped Phase V values files, over their profiles, as `npm run deploy -- -f <file>` loads them. */
export const phaseVLocal = (): TodoConfig => loadConfig({ profile: 'local', valuesFiles: ['values/phase-v.yaml'], cwd: ROOT });
export const phaseVCloud = (): TodoConfig => structuredClone({ ...loadConfig({ profile: 'local', valuesFiles: ['values/phase-v-cloud.yaml'], cwd: ROOT }) });

/** A copy of a configuration, changed by `patch`. */
export function withConfig(base: TodoConfig, patch: (c: any) => void): TodoConfig {
  const copy = structuredClone(base) as any;
  patch(copy);
  return copy;
}
