/**
 * Dapr's sidecar annotations, over every pod template (the user's own included): where they are
 * read (the pod template; on a Deployment's metadata nothing is injected and nothing says so),
 * the app port daprd calls, and app-ids that must name one workload. docs/phase-v-runtime.md
 * has what each of these really does on a cluster.
 */
import { DAPR_ANNOTATIONS, DAPRD_UID } from '../model/dapr';
import { Manifest } from './manifest';
import { PodTemplate, podTemplates } from './pods';
import { CheckViolation } from './violation';

/** A Dapr-enabled pod template and its app-id. */
export interface DaprApp {
  readonly pod: PodTemplate;
  readonly appId: string;
  readonly namespace: string;
}

const annotationPath = (base: string, key: string) => `${base}.annotations["${key}"]`;

/** Pod templates with `dapr.io/enabled: "true"`; the app-id defaults to the workload's name, as the injector does. */
export function daprApps(objects: readonly Manifest[]): DaprApp[] {
  return podTemplates(objects)
    .filter((pod) => pod.metadata.annotations?.[DAPR_ANNOTATIONS.enabled] === 'true')
    .map((pod) => ({ pod, appId: pod.metadata.annotations?.[DAPR_ANNOTATIONS.appId] ?? pod.workload.metadata?.name, namespace: pod.namespace ?? 'default' }));
}

/** Where the pod template's metadata is, for messages. */
function templateMetadataPath(pod: PodTemplate): string {
  return pod.specPath.replace(/\.spec$/, '.metadata').replace(/^spec$/, 'metadata');
}

export function daprSidecarViolations(objects: readonly Manifest[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const pod of podTemplates(objects)) {
    if (pod.workload.kind === 'Pod') continue;
    const own = Object.keys(pod.workload.metadata?.annotations ?? {}).filter((k) => k.startsWith('dapr.io/'));
    if (own.length === 0) continue;
    const onTemplate = pod.metadata.annotations?.[DAPR_ANNOTATIONS.enabled] === 'true';
    out.push({
      object: pod.owner,
      path: annotationPath('metadata', own.includes(DAPR_ANNOTATIONS.enabled) ? DAPR_ANNOTATIONS.enabled : own[0]),
      rule: `${own.join(', ')} on the ${pod.workload.kind}'s own metadata: the sidecar injector reads only the pod's annotations, so ${onTemplate ? 'these are ignored' : 'no sidecar is injected (and nothing reports it)'}`,
      fix: `move them to ${templateMetadataPath(pod)}.annotations (DaprSidecar of ./lib/phase-v puts them there)`,
    });
  }
  const apps = daprApps(objects);
  for (const { pod } of apps) {
    const port = pod.metadata.annotations?.[DAPR_ANNOTATIONS.appPort];
    if (port === undefined) continue;
    const ports = (Array.isArray(pod.spec?.containers) ? pod.spec.containers : []).filter((c: any) => c?.name !== 'daprd')
      .flatMap((c: any) => (Array.isArray(c?.ports) ? c.ports : []).map((p: any) => p?.containerPort)).filter((p: unknown) => typeof p === 'number');
    if (!/^\d+$/.test(port) || !ports.includes(Number(port))) {
      out.push({
        object: pod.owner,
        path: annotationPath(templateMetadataPath(pod), DAPR_ANNOTATIONS.appPort),
        rule: `app-port "${port}" is not a port of the pod's containers (${ports.length ? ports.join(', ') : 'none declared'}): daprd waits for the app there and subscriptions, bindings and invocations never arrive`,
        fix: ports.length ? `set it to the app's containerPort (${ports.join(' or ')}), or leave it to DaprSidecar (./lib/phase-v), which takes the container's port` : 'declare the container\'s port, or leave app-port out for an app daprd never calls',
      });
    }
  }
  for (const { pod } of apps) {
    const uid = pod.spec?.securityContext?.runAsUser;
    const skipped = /DAPR_UNSAFE_SKIP_CONTAINER_UID_GID_CHECK=true/.test(pod.metadata.annotations?.['dapr.io/env'] ?? '');
    if (uid !== undefined && uid !== DAPRD_UID && !skipped) {
      out.push({
        object: pod.owner,
        path: `${pod.specPath}.securityContext.runAsUser`,
        rule: `the pod runs every container as ${uid}, the injected daprd included, which exits: "current user UID/GID (${uid}:...) does not match the required UID/GID (${DAPRD_UID}:${DAPRD_UID})"`,
        fix: 'set runAsUser on each container instead of the pod (daprd then runs as its image\'s 65532; the pod keeps runAsNonRoot), as DaprSidecar (./lib/phase-v) does',
      });
    }
  }
  // A sidecar told to load a Configuration exits at start when there is none of that name.
  const configurations = new Set(objects.filter((o) => o.kind === 'Configuration' && String(o.apiVersion).startsWith('dapr.io/')).map((o) => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`));
  for (const { pod, namespace } of apps) {
    const config = pod.metadata.annotations?.[DAPR_ANNOTATIONS.config];
    if (config === undefined || configurations.has(`${namespace}/${config}`)) continue;
    out.push({
      object: pod.owner,
      path: annotationPath(templateMetadataPath(pod), DAPR_ANNOTATIONS.config),
      rule: `names Configuration "${config}", which the app has not in namespace ${namespace}: daprd exits at start when the Configuration it is given cannot be loaded`,
      fix: `add it (DaprConfiguration of ./lib/phase-v, name "${config}", in ${namespace}), or leave dapr.io/config out for Dapr's defaults`,
    });
  }
  const byId = new Map<string, DaprApp[]>();
  for (const app of apps) byId.set(`${app.namespace}/${app.appId}`, [...(byId.get(`${app.namespace}/${app.appId}`) ?? []), app]);
  for (const [key, same] of byId) {
    if (same.length < 2) continue;
    for (const app of same.slice(1)) {
      out.push({
        object: app.pod.owner,
        path: annotationPath(templateMetadataPath(app.pod), DAPR_ANNOTATIONS.appId),
        rule: `app-id "${key.split('/')[1]}" is also ${same[0].pod.owner}'s: Dapr resolves one app-id to one app, so invocations and scoped components reach either at random`,
        fix: 'give each workload an app-id of its own (DaprSidecar\'s appId)',
      });
    }
  }
  return out;
}
