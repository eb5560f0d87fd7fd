/**
 * Where pods come from in a set of manifests, and the small Kubernetes semantics the checks
 * share (label selection, effective security settings, image references).
 */
import { Manifest, objectRef } from './manifest';

/** One pod template (or bare Pod) and the object it belongs to. */
export interface PodTemplate {
  /** `Kind/name` of the owning object, for messages. */
  readonly owner: string;
  readonly workload: Manifest;
  /** Namespace the pods are created in (undefined: `default`). */
  readonly namespace?: string;
  /** Field path of the pod spec in the owning object, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** The template's metadata (labels, annotations). */
  readonly metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec: any;
}

/** A container of a pod, with where it sits. */
export interface ContainerRef {
  /** `containers[0] "name"`, for messages. */
  readonly where: string;
  /** `containers[0]`, `initContainers[1]`...: the field path below the pod spec. */
  readonly path: string;
  readonly container: any;
}

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'];

/** Every pod template in the manifests: workload templates, CronJob job templates and bare Pods. */
export function podTemplates(manifests: readonly Manifest[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const m of manifests) {
    const owner = objectRef(m);
    const namespace = m.metadata?.namespace;
    let template: any;
    let specPath: string;
    if (TEMPLATE_KINDS.includes(m.kind)) [template, specPath] = [m.spec?.template, 'spec.template.spec'];
    else if (m.kind === 'CronJob') [template, specPath] = [m.spec?.jobTemplate?.spec?.template, 'spec.jobTemplate.spec.template.spec'];
    else if (m.kind === 'Pod') [template, specPath] = [{ metadata: m.metadata, spec: m.spec }, 'spec'];
    else continue;
    out.push({ owner, workload: m, namespace, specPath, metadata: template?.metadata ?? {}, spec: template?.spec ?? {} });
  }
  return out;
}

/** Init, regular and ephemeral containers of a pod spec. */
export function allContainers(spec: any): ContainerRef[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) =>
    ((Array.isArray(spec?.[field]) ? spec[field] : []) as any[]).map((container, i) => ({ where: `${field}[${i}] "${container?.name}"`, path: `${field}[${i}]`, container })),
  );
}

/** A container security setting, falling back to the pod's (the way the kubelet resolves it). */
export function effective<K extends 'runAsUser' | 'runAsGroup' | 'runAsNonRoot' | 'seccompProfile'>(spec: any, container: any, field: K): any {
  return container?.securityContext?.[field] ?? spec?.securityContext?.[field];
}

/** A label selector (`matchLabels` + `matchExpressions`). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Whether a LabelSelector selects an object with these labels (an empty selector selects all). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpr = (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  return byLabel && byExpr;
}

/**
 * Whether a Service's `spec.selector` (a plain map) selects these labels. Unlike a LabelSelector,
 * an empty or missing Service selector selects nothing: such a Service gets no Endpoints.
 */
export function serviceSelects(selector: Record<string, string> | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return selects({ matchLabels: selector }, labels);
}

export { ImageRef, parseImage } from '../util/image-reference';

/** The HorizontalPodAutoscaler scaling a workload, if the manifests have one. */
export function autoscalerOf(workload: Manifest, manifests: readonly Manifest[]): Manifest | undefined {
  return manifests.find((m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata?.namespace === workload.metadata?.namespace &&
    m.spec?.scaleTargetRef?.kind === workload.kind && m.spec?.scaleTargetRef?.name === workload.metadata?.name);
}
