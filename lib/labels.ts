/**
 * The recommended `app.kubernetes.io/*` labels
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
 */
export interface AppLabelsProps {
  /** `app.kubernetes.io/name`: the application, e.g. `backend`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`: this deployment of it, e.g. `todo`. */
  readonly instance: string;
  /** `app.kubernetes.io/component`: its role, e.g. `api`. */
  readonly component: string;
  /** `app.kubernetes.io/version`, usually the image tag. @default - no version label */
  readonly version?: string;
}

/** Labels every object of one workload carries. */
export function appLabels(props: AppLabelsProps): Record<string, string> {
  return {
    ...selectorLabels(props),
    'app.kubernetes.io/component': props.component,
    'app.kubernetes.io/part-of': props.instance,
    'app.kubernetes.io/managed-by': 'cdk8s',
    ...(props.version ? { 'app.kubernetes.io/version': props.version } : {}),
  };
}

/**
 * The subset used in selectors. Selectors are immutable on Deployments and StatefulSets, so
 * they carry only what never changes (not the version).
 */
export function selectorLabels(props: Pick<AppLabelsProps, 'name' | 'instance'>): Record<string, string> {
  return {
    'app.kubernetes.io/name': props.name,
    'app.kubernetes.io/instance': props.instance,
  };
}
