/**
 * Offline validation of manifests against the Kubernetes OpenAPI schema, using the compiled
 * validators of kubernetes-models. Its modules mirror API groups: `kubernetes-models/v1`
 * (core), `kubernetes-models/apps/v1`, `kubernetes-models/networking.k8s.io/v1`..., each
 * exporting one class per kind, so `apiVersion` is the module path and `kind` the export.
 */

/** A kubernetes-models class: `new Model(obj).validate()` throws a ValidationError. */
type ModelClass = (new (data: unknown) => { validate(): void }) & { apiVersion: string; kind: string };

/** `v1`, `apps/v1`, `networking.k8s.io/v1beta1`...; anything else is not looked up at all. */
const API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v\d+(?:(?:alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/**
 * The model class of an apiVersion/kind, or undefined when kubernetes-models has none. The
 * class's own apiVersion/kind must match, so a non-resource export (e.g. DeploymentSpec) is
 * never taken for a kind.
 */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) return undefined;
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  const model = mod[kind] as ModelClass | undefined;
  return typeof model === 'function' && model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/**
 * What is wrong with one object, one message per schema error; empty when it is valid. An
 * apiVersion/kind without a schema is an error too, as is an alpha/beta API version: every
 * beta version kubernetes-models ships has been removed from current Kubernetes (or was never
 * enabled by default), so such an object would be refused by a real cluster.
 */
export function schemaErrors(obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: string } }): string[] {
  const id = `${String(obj.apiVersion)} ${String(obj.kind)}/${obj.metadata?.name ?? '?'}`;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return [`${id}: apiVersion and kind must be strings`];
  if (/(alpha|beta)\d+$/.test(obj.apiVersion)) return [`${id}: ${obj.apiVersion} is not a stable API version`];
  const Model = modelFor(obj.apiVersion, obj.kind);
  if (!Model) return [`${id}: no schema for apiVersion ${obj.apiVersion}, kind ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (err: any) {
    const errors: { instancePath?: string; message?: string }[] | undefined = err?.errors;
    if (!Array.isArray(errors) || errors.length === 0) return [`${id}: ${err?.message ?? String(err)}`];
    return errors.map((e) => `${id}: ${e.instancePath || '/'} ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax the API server validates but the OpenAPI schema does not express.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const isLabel = (s: string) => s.length <= 63 && DNS1123_LABEL.test(s);
const isSubdomain = (s: string) => s.length <= 253 && DNS1123_SUBDOMAIN.test(s);

/** A label key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  return (prefix === undefined || isSubdomain(prefix)) && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** A label value: empty, or at most 63 alphanumerics, `-`, `_` and `.`, alphanumeric at both ends. */
function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && QUALIFIED_NAME_PART.test(value)));
}

function labelErrors(where: string, labels: unknown): string[] {
  if (labels === undefined) return [];
  if (typeof labels !== 'object' || labels === null) return [`${where}: not a map`];
  return Object.entries(labels).flatMap(([k, v]) => [
    ...(isLabelKey(k) ? [] : [`${where}: invalid label key ${JSON.stringify(k)}`]),
    ...(isLabelValue(v) ? [] : [`${where}: invalid value ${JSON.stringify(v)} of label ${k}`]),
  ]);
}

/**
 * Names and labels the API server would refuse: the object's name (a DNS-1035 label for a
 * Service, a DNS-1123 label for a Namespace, a DNS subdomain otherwise), every label map and
 * selector anywhere in the object, and container, port and volume names in pod specs.
 */
export function apiSyntaxErrors(obj: any): string[] {
  const id = `${obj.kind}/${obj.metadata?.name}`;
  const errors: string[] = [];
  const name = String(obj.metadata?.name ?? '');
  const nameOk = obj.kind === 'Service' ? name.length <= 63 && DNS1035_LABEL.test(name) : obj.kind === 'Namespace' ? isLabel(name) : isSubdomain(name);
  if (!nameOk) errors.push(`${id}: invalid name ${JSON.stringify(name)}`);
  if (obj.kind === 'Service') errors.push(...labelErrors(`${id} spec.selector`, obj.spec?.selector));

  const walk = (node: any, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if (key === 'labels' && path.endsWith('metadata')) errors.push(...labelErrors(`${id} ${at}`, value));
      if (key === 'matchLabels') errors.push(...labelErrors(`${id} ${at}`, value));
      if (['containers', 'initContainers', 'ephemeralContainers', 'volumes'].includes(key) && Array.isArray(value)) {
        for (const [i, item] of value.entries()) {
          if (!isLabel(String(item?.name))) errors.push(`${id} ${at}[${i}]: invalid name ${JSON.stringify(item?.name)}`);
          for (const [j, p] of (item?.ports ?? []).entries()) {
            const n = p?.name;
            if (n !== undefined && !(n.length <= 15 && IANA_SVC_NAME.test(n) && /[a-z]/.test(n) && !n.includes('--'))) {
              errors.push(`${id} ${at}[${i}].ports[${j}]: invalid port name ${JSON.stringify(n)}`);
            }
          }
        }
      }
      walk(value, at);
    }
  };
  walk(obj, '');
  return errors;
}
