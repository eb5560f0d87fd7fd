/**
 * A workload with a fixed `replicas` and a HorizontalPodAutoscaler: every `kubectl apply` resets
 * the pods to the fixed number, undoing the autoscaler's choice until it scales again.
 */
import { Manifest, objectRef } from './manifest';
import { autoscalerOf } from './pods';
import { CheckViolation } from './violation';

export function fixedReplicasWithAutoscalerViolations(manifests: readonly Manifest[]): CheckViolation[] {
  return manifests
    .filter((m) => ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(m.kind) && m.spec?.replicas !== undefined)
    .flatMap((m) => {
      const hpa = autoscalerOf(m, manifests);
      if (!hpa) return [];
      return [{
        object: objectRef(m), path: 'spec.replicas',
        rule: `replicas is ${m.spec.replicas} while ${objectRef(hpa)} scales it: every kubectl apply resets the pods to ${m.spec.replicas}`,
        fix: `leave replicas out (the constructs do with \`autoscaling\`; settings: replicas: { autoscaled: { min, max } }), or drop the autoscaler`,
      }];
    });
}
