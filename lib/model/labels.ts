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
  /**
   * `app.kubernetes.io/version`, usually the image tag; left out when it is not a valid label
   * value (see versionLabel).
   * @default - no version label
   */
  readonly version?: string;
}

/** The label keys, for code that reads or selects by them (deploy, status, down). */
export const LABEL_KEYS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  version: 'app.kubernetes.io/version',
} as const;

/**
 * This project's own ownership label, `todo-k8s.dev/instance: <instance>`, which Helm and other
 * tools never set (unlike `app.kubernetes.io/instance`, Helm's release label): deploy puts it on
 * the Namespace it created, on the Secret it wrote, and down on the claims of the instance's
 * StatefulSets; `down --delete-data` deletes only what carries it.
 */
export const OWNER_LABEL = 'todo-k8s.dev/instance';

/** Labels every object of one workload carries. */
export function appLabels(props: AppLabelsProps): Record<string, string> {
  return {
    ...selectorLabels(props),
    [LABEL_KEYS.component]: props.component,
    [LABEL_KEYS.partOf]: props.instance,
    [LABEL_KEYS.managedBy]: 'cdk8s',
    ...(versionLabel(props.version) ? { [LABEL_KEYS.version]: versionLabel(props.version)! } : {}),
  };
}

/**
 * The subset used in selectors. Selectors are immutable on Deployments and StatefulSets, so
 * they carry only what never changes (not the version).
 */
export function selectorLabels(props: Pick<AppLabelsProps, 'name' | 'instance'>): Record<string, string> {
  return {
    [LABEL_KEYS.name]: props.name,
    [LABEL_KEYS.instance]: props.instance,
  };
}

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * The version label for an image reference or tag: its tag, when that is a valid label value
 * (at most 63 characters, alphanumeric at both ends). A tag may be up to 128 characters and a
 * reference may carry a digest, both of which the API server would refuse in a label.
 */
export function versionLabel(imageOrTag: string | undefined): string | undefined {
  if (!imageOrTag) return undefined;
  const withoutDigest = imageOrTag.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : withoutDigest;
  return LABEL_VALUE.test(tag) ? tag : undefined;
}

/** On a workload whose main container had variables replaced on purpose (overrideEnv): their names, comma-separated. */
export const ENV_OVERRIDES_ANNOTATION = 'todo-k8s.dev/env-overrides';

/** `app.kubernetes.io/component` of the in-cluster database's objects (deploy tells it from the apps by it). */
export const DATABASE_COMPONENT = 'database';
