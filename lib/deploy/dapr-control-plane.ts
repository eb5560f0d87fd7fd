/**
 * Phase V needs Dapr's control plane in the cluster before anything is applied: its CRDs (or the
 * Components and Subscriptions are refused), a Ready sidecar injector (or pods start without
 * daprd, silently), and the injector set to drop the sidecar's capabilities (or every Dapr pod is
 * refused in the app's "restricted" namespace). Deploy asks before it builds or changes anything,
 * and feeds the cluster's own CRDs to the synth checks.
 */
import { DAPR_CRDS, DAPR_GROUP, DAPR_INJECTOR, DAPR_SYSTEM_NAMESPACE, DAPR_TESTED_VERSION } from '../model/dapr';
import { TodoConfig } from '../model/settings/types';
import { DeployRefusal } from './deploy-refusal';
import { Kubectl } from './kubectl';

/** How to install the control plane as the project's tests run it (Dapr's own chart). */
export const DAPR_INSTALL = [
  `helm upgrade --install dapr dapr --repo https://dapr.github.io/helm-charts --version ${DAPR_TESTED_VERSION} \\`,
  `  --namespace ${DAPR_SYSTEM_NAMESPACE} --create-namespace --set dapr_sidecar_injector.sidecarDropALLCapabilities=true --wait`,
  `(or: dapr init -k --runtime-version ${DAPR_TESTED_VERSION} --set dapr_sidecar_injector.sidecarDropALLCapabilities=true; docs/configuration.md "Phase V")`,
];

/** What deploy found of Dapr in the cluster. */
export interface DaprControlPlane {
  /** Where its sidecar injector runs. */
  readonly namespace: string;
  /** Every dapr.io CustomResourceDefinition the cluster has, for the synth checks. */
  readonly crds: readonly object[];
}

/** Whether the app uses Dapr: the settings turn Phase V on, or objects carry dapr.io kinds or annotations. */
export function usesDapr(settings: TodoConfig, objects: readonly any[] = []): boolean {
  return settings.dapr?.enabled === true || objects.some((o) => String(o?.apiVersion ?? '').startsWith(`${DAPR_GROUP}/`) ||
    Object.keys(o?.spec?.template?.metadata?.annotations ?? {}).some((k) => k.startsWith(`${DAPR_GROUP}/`)));
}

/** The control plane, or a DeployRefusal saying what is missing and the command that installs it. */
export async function checkDaprControlPlane(kubectl: Kubectl): Promise<DaprControlPlane> {
  const crdList = await kubectl.json<{ items: any[] }>(['get', 'customresourcedefinitions']);
  const crds = crdList.items.filter((c) => c?.spec?.group === DAPR_GROUP).map(({ status, ...c }) => ({ ...c, metadata: { name: c.metadata?.name } }));
  const missing = DAPR_CRDS.filter((name) => !crds.some((c: any) => c.metadata.name === name));
  if (missing.length > 0) {
    throw new DeployRefusal(`Dapr's control plane is not installed in this cluster (no CustomResourceDefinition ${missing.join(', ')}); nothing was built or changed.`, [
      'Phase V (settings dapr.enabled) needs it before the app is applied. Install it, then run npm run deploy again:',
      ...DAPR_INSTALL,
    ]);
  }
  const injectors = (await kubectl.json<{ items: any[] }>(['get', 'deployments', '--all-namespaces', '-l', `app=${DAPR_INJECTOR}`])).items;
  const injector = injectors[0];
  if (!injector) {
    throw new DeployRefusal(`Dapr's CRDs are in this cluster, but no sidecar injector runs (no Deployment labelled app=${DAPR_INJECTOR} in any namespace): pods would start without daprd; nothing was changed.`, [
      'Install (or repair) the control plane, then run npm run deploy again:',
      ...DAPR_INSTALL,
    ]);
  }
  const where = `${injector.metadata.namespace}/${injector.metadata.name}`;
  if (!((injector.status?.readyReplicas ?? 0) >= 1)) {
    throw new DeployRefusal(`Dapr's sidecar injector ${where} is not Ready (${injector.status?.readyReplicas ?? 0}/${injector.spec?.replicas ?? 1}): pods created now would start without daprd; nothing was changed.`, [
      `See why: kubectl -n ${injector.metadata.namespace} describe deployment ${injector.metadata.name}; then run npm run deploy again.`,
    ]);
  }
  const env = (injector.spec?.template?.spec?.containers ?? []).flatMap((c: any) => c?.env ?? []);
  const dropAll = env.find((e: any) => e?.name === 'SIDECAR_DROP_ALL_CAPABILITIES')?.value;
  if (String(dropAll) !== 'true') {
    throw new DeployRefusal(`Dapr's sidecar injector ${where} keeps the sidecar's capabilities (SIDECAR_DROP_ALL_CAPABILITIES is ${dropAll === undefined ? 'unset' : JSON.stringify(dropAll)}): the app's namespace enforces Pod Security "restricted", which refuses every pod with such a daprd; nothing was changed.`, [
      'Set the chart value and let the injector restart, then run npm run deploy again:',
      `helm upgrade dapr dapr --repo https://dapr.github.io/helm-charts -n ${injector.metadata.namespace} --reuse-values --set dapr_sidecar_injector.sidecarDropALLCapabilities=true --wait`,
    ]);
  }
  return { namespace: injector.metadata.namespace, crds };
}
