import { ENV_OVERRIDES_ANNOTATION } from '../model/labels';
import { Manifest, objectRef } from './manifest';
import { CheckViolation } from './violation';

/**
 * Says which workloads replaced variables the image's contract or the settings wired
 * (`overrideEnv`): allowed, since it was asked for by name, but never silent.
 */
export function envOverrideWarnings(objects: readonly Manifest[]): CheckViolation[] {
  return objects.flatMap((o) => {
    const names = o.metadata?.annotations?.[ENV_OVERRIDES_ANNOTATION];
    if (typeof names !== 'string' || !names) return [];
    return [{
      object: objectRef(o),
      path: `metadata.annotations["${ENV_OVERRIDES_ANNOTATION}"]`,
      rule: `overrideEnv replaces ${names.split(',').join(', ')}, which the workload's contract or the settings set`,
      fix: 'nothing if that is what you meant; otherwise remove the overrideEnv call in main.ts',
      severity: 'warning' as const,
    }];
  });
}
