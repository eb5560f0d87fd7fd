/**
 * Synth-time checks over everything synthesized, the user's own objects included: what the API
 * server, the kubelet, the scheduler or the app would refuse, found before `kubectl apply`.
 */
import { TodoConfig } from '../model/settings/types';
import {
  duplicateIngressRouteViolations,
  identicalUrlViolations,
  publicUrlNodePortViolations,
  reservedNamespaceViolations,
  tlsViolations,
} from './cross-field';
import { fixedReplicasWithAutoscalerViolations } from './autoscaling';
import { nameContainers } from './container-names';
import { disruptionBudgetViolations } from './disruption';
import { asyncpgSslmodeViolations } from './driver-urls';
import { egressIsolationViolations } from './egress';
import { writableRootWarnings } from './writable-root';
import { envReferenceViolations, probePortViolations, requestLimitViolations } from './containers';
import { inClusterUrlViolations, ingressBackendViolations, localFitViolations, namespaceViolations, nodePortViolations, runAsUserViolations } from './kubelet';
import { Manifest } from './manifest';
import { restrictedViolations } from './pod-security';
import { podTemplates } from './pods';
import { customResourceSchemas } from './custom-resources';
import { apiSyntaxViolations, schemaViolations } from './schema';
import { secretValueViolations } from './secret-values';
import { unknownFieldViolations } from './unknown-fields';
import { CheckViolation } from './violation';

export { CheckError, CheckViolation, errorsOf, formatViolations, warningsOf } from './violation';
export { Manifest, objectId } from './manifest';

/** Where the checks run. */
export interface CheckContext {
  /**
   * The project's directory: its cdk8s.yaml names the CustomResourceDefinition files custom
   * resources are checked against.
   * @default - no project files are read (only definitions synthesized with the app count)
   */
  readonly root?: string;
}

/**
 * Every violation in the manifests under a configuration, in a stable order: schema, unknown
 * fields and API server rules per object, the Pod Security Standard "restricted" per pod (init containers
 * included), kubelet and scheduler realities, contradictions between settings, then secret
 * values that would be written into dist/.
 */
export function checkManifests(manifests: readonly any[], config: TodoConfig, context: CheckContext = {}): CheckViolation[] {
  const objects = manifests as readonly Manifest[];
  const pods = podTemplates(objects);
  const customResources = customResourceSchemas(objects, context.root);
  return nameContainers([
    ...customResources.problems,
    ...objects.flatMap((m) => [...schemaViolations(m, customResources), ...unknownFieldViolations(m), ...apiSyntaxViolations(m)]),
    ...pods.flatMap((p) => restrictedViolations(p)),
    ...requestLimitViolations(pods),
    ...runAsUserViolations(pods, config),
    ...probePortViolations(pods),
    ...envReferenceViolations(pods),
    ...inClusterUrlViolations(objects),
    ...egressIsolationViolations(objects),
    ...asyncpgSslmodeViolations(pods),
    ...ingressBackendViolations(objects),
    ...nodePortViolations(objects),
    ...disruptionBudgetViolations(objects),
    ...fixedReplicasWithAutoscalerViolations(objects),
    ...namespaceViolations(objects),
    ...reservedNamespaceViolations(objects),
    ...localFitViolations(objects, config),
    ...publicUrlNodePortViolations(objects, config),
    ...duplicateIngressRouteViolations(objects),
    ...tlsViolations(objects, config),
    ...identicalUrlViolations(config),
    ...secretValueViolations(objects, pods),
    ...writableRootWarnings(pods),
  ], objects);
}
