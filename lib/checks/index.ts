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
import { envOverrideWarnings } from './env-overrides';
import { envReferenceViolations, probePortViolations } from './containers';
import { inClusterUrlViolations, ingressBackendViolations, localFitViolations, namespaceViolations, nodePortViolations, runAsUserViolations } from './kubelet';
import { Manifest } from './manifest';
import { podTemplates } from './pods';
import { CustomResourceSchemas, customResourceSchemas } from './custom-resources';
import { customKindScopes } from '../model/api-scope';
import { daprComponentViolations } from './dapr-components';
import { daprSidecarViolations } from './dapr-sidecars';
import { secretValueViolations } from './secret-values';
import { CheckViolation } from './violation';
import { apiServerCheck } from './api-server';
import { ValidatorHandle } from './apiserver';

export { CheckError, CheckViolation, errorsOf, formatViolations, warningsOf } from './violation';
export { Manifest, objectRef } from './manifest';

/** What the checks run over: the whole app, and each chart with the settings it was built from. */
export interface CheckInput {
  /** Every object of the app. */
  readonly objects: readonly Manifest[];
  /** Each chart's objects and settings: the checks that read settings run per chart. */
  readonly charts: readonly { readonly objects: readonly Manifest[]; readonly settings: TodoConfig }[];
  /**
   * The project's directory: its cdk8s.yaml names the CustomResourceDefinition files custom
   * resources are checked against.
   * @default - no project files are read (only definitions synthesized with the app count)
   */
  readonly root?: string;
  /**
   * The API server's own validation (`npm run validator` builds it): every object is sent
   * through the server's create path. Without it the checks that go beyond the server still run.
   * @default - not run
   */
  readonly apiServer?: ValidatorHandle;
  /**
   * CustomResourceDefinitions known besides cdk8s.yaml's imports: deploy reads the cluster's own
   * (Dapr's, when Phase V is on).
   * @default - none
   */
  readonly definitions?: readonly object[];
  /**
   * The custom resource definitions already read for these objects and `root` (synth reads
   * cdk8s.yaml's imports once, for the scopes, and hands them on).
   * @default - read here from the objects and `root`
   */
  readonly customResources?: CustomResourceSchemas;
}

/** Where the checks run (for checkManifests). */
export interface CheckContext {
  /** @default - no project files are read */
  readonly root?: string;
  /** @default - not run */
  readonly apiServer?: ValidatorHandle;
}

/**
 * Every violation in the app, in a stable order: schema, unknown fields and API server rules per
 * object, the Pod Security Standard "restricted" per pod (init containers included), kubelet
 * and scheduler realities, then each chart against its own settings, then secret values that
 * would be written into dist/. Objects are named `namespace/Kind/name`.
 */
export function checkApp(input: CheckInput): CheckViolation[] {
  const objects = input.objects;
  const pods = podTemplates(objects);
  const customResources = input.customResources ?? customResourceSchemas(objects, input.root);
  const definitions = withDefinitions(customResources.imported, input.definitions);
  const scopes = customKindScopes([...objects.filter((o) => o.kind === 'CustomResourceDefinition'), ...definitions]);
  return nameContainers([
    ...customResources.problems,
    ...(input.apiServer ? apiServerCheck(input.apiServer, objects, definitions, customResources.remoteImports) : []),
    ...probePortViolations(pods),
    ...nodePortViolations(objects),
    ...envReferenceViolations(pods),
    ...inClusterUrlViolations(objects),
    ...egressIsolationViolations(objects),
    ...asyncpgSslmodeViolations(pods),
    ...ingressBackendViolations(objects),
    ...disruptionBudgetViolations(objects),
    ...fixedReplicasWithAutoscalerViolations(objects),
    ...namespaceViolations(objects, scopes),
    ...reservedNamespaceViolations(objects),
    ...duplicateIngressRouteViolations(objects),
    ...daprSidecarViolations(objects),
    ...daprComponentViolations(objects),
    ...input.charts.flatMap((chart) => settingsViolations(chart.objects, chart.settings)),
    ...secretValueViolations(objects, pods),
    ...writableRootWarnings(pods),
    ...envOverrideWarnings(objects),
  ], objects);
}

/** What contradicts a chart's settings: its images' users, the local node's size, public URLs and TLS. */
function settingsViolations(objects: readonly Manifest[], config: TodoConfig): CheckViolation[] {
  const pods = podTemplates(objects);
  return [
    ...runAsUserViolations(pods, config),
    ...localFitViolations(objects, config),
    ...publicUrlNodePortViolations(objects, config),
    ...tlsViolations(objects, config),
    ...identicalUrlViolations(config),
  ];
}

/** checkApp for objects built from one set of settings (one chart, or tests). */
export function checkManifests(manifests: readonly any[], config: TodoConfig, context: CheckContext = {}): CheckViolation[] {
  const objects = manifests as readonly Manifest[];
  return checkApp({ objects, charts: [{ objects, settings: config }], root: context.root, apiServer: context.apiServer });
}

/** The imported definitions, plus those given that define a CRD not imported already. */
function withDefinitions(imported: readonly object[], more: readonly object[] = []): readonly object[] {
  const names = new Set(imported.map((d: any) => d?.metadata?.name));
  return [...imported, ...more.filter((d: any) => !names.has(d?.metadata?.name))];
}
