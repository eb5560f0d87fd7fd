/**
 * The Kubernetes API schema, offline: kubernetes-models' compiled validators (Kubernetes 1.30
 * OpenAPI), plus the name, label and range rules the API server enforces beyond the schema.
 * Its modules mirror API groups (`kubernetes-models/apps/v1/Deployment`), so `apiVersion` is the
 * module path and `kind` the file; only the kinds present are loaded, which keeps synth fast.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CustomResourceSchemas, customResourceViolations } from './custom-resources';
import { jsonPointerToPath } from './json-pointer';
import { objectRef } from './manifest';
import { CheckViolation } from './violation';
import { isDnsLabel, isDnsSubdomain } from '../model/kube-names';

export { jsonPointerToPath };

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
    mod = require(`kubernetes-models/${apiVersion}/${kind}`);
  } catch {
    return undefined;
  }
  const model = mod[kind] as ModelClass | undefined;
  return typeof model === 'function' && model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/** Whether an apiVersion is of the core API or a `*.k8s.io` group (or an unsuffixed built-in one: apps, batch, policy...). */
function isBuiltInGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return !group.includes('.') || group.endsWith('.k8s.io');
}

let kindsByLowerCase: Map<string, string> | undefined;

/**
 * A built-in kind as the schema spells it, from kubectl's lower-case resource name
 * (`validatingadmissionpolicy` → `ValidatingAdmissionPolicy`); undefined for a kind the schema
 * does not have. Read once from the module files (`apps/v1/Deployment.js`).
 */
export function builtInKindNamed(lowerCase: string): string | undefined {
  if (!kindsByLowerCase) {
    kindsByLowerCase = new Map();
    const root = path.dirname(require.resolve('kubernetes-models/package.json'));
    const subdirs = (dir: string, keep: (name: string) => boolean) =>
      fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && keep(e.name)).map((e) => path.join(dir, e.name));
    const isVersion = (name: string) => /^v\d/.test(name);
    const versionDirs = [...subdirs(root, isVersion), ...subdirs(root, (name) => !name.startsWith('_') && !isVersion(name)).flatMap((group) => subdirs(group, isVersion))];
    for (const dir of versionDirs) {
      for (const file of fs.readdirSync(dir)) {
        const kind = /^([A-Z]\w*)\.js$/.exec(file)?.[1];
        if (kind && !kindsByLowerCase.has(kind.toLowerCase())) kindsByLowerCase.set(kind.toLowerCase(), kind);
      }
    }
  }
  return kindsByLowerCase.get(lowerCase);
}

/**
 * What the schema says is wrong with one object; empty when it is valid. An apiVersion/kind
 * without a schema is a violation too, as is an alpha/beta API version: every beta version
 * kubernetes-models ships has been removed from current Kubernetes or is off by default.
 */
export function schemaViolations(obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } }, customResources?: CustomResourceSchemas): CheckViolation[] {
  const object = objectRef(obj);
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [{ object, path: 'apiVersion', rule: 'apiVersion and kind must be strings (Kubernetes API)', fix: 'set apiVersion and kind, e.g. apps/v1 and Deployment' }];
  }
  // A custom resource's schema is its definition's, whatever its version (Dapr's are v1alpha1).
  const custom = customResources && customResourceViolations(obj, customResources);
  if (custom) return custom;
  if (/(alpha|beta)\d+$/.test(obj.apiVersion) && isBuiltInGroup(obj.apiVersion)) {
    return [{ object, path: 'apiVersion', rule: `${obj.apiVersion} is not a stable API version; current clusters do not serve it`, fix: 'use the stable version of the kind (e.g. networking.k8s.io/v1 for Ingress)' }];
  }
  const Model = modelFor(obj.apiVersion, obj.kind);
  if (!Model) {
    return [{
      object, path: 'apiVersion', rule: `no Kubernetes 1.30 schema for apiVersion ${obj.apiVersion}, kind ${obj.kind}, and no CustomResourceDefinition of it`,
      fix: isBuiltInGroup(obj.apiVersion)
        ? 'use a built-in kind and its stable apiVersion'
        : "list the file of its CustomResourceDefinition under `imports:` in cdk8s.yaml (the file `cdk8s import` takes), or synthesize the definition with the app; synth then checks the object against it" +
          (customResources?.remoteImports.length ? ` (synth does not download ${customResources.remoteImports.join(', ')}: save the file in the project and list its path instead)` : ''),
    }];
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (err: any) {
    const errors: { instancePath?: string; message?: string }[] | undefined = err?.errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      return [{ object, path: '', rule: `invalid against the Kubernetes API schema: ${err?.message ?? String(err)}`, fix: 'correct the object' }];
    }
    return errors.map((e) => {
      const path = jsonPointerToPath(e.instancePath ?? '');
      return { object, path: path || '(object)', rule: `${e.message} (Kubernetes API schema)`, fix: `change ${path || 'the object'} so that it ${e.message}` };
    });
  }
}

// ---------------------------------------------------------------------------------------------
// What the API server validates beyond the OpenAPI schema.

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const isLabel = (s: string) => isDnsLabel(s);
const isSubdomain = (s: string) => isDnsSubdomain(s);

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

const LABEL_FIX = 'label keys: an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_", "."; values: the same, at most 63, or empty';

function labelViolations(object: string, path: string, labels: unknown): CheckViolation[] {
  if (labels === undefined) return [];
  if (typeof labels !== 'object' || labels === null) return [{ object, path, rule: 'not a map of labels', fix: 'a map of label keys to string values' }];
  return Object.entries(labels).flatMap(([k, v]) => [
    ...(isLabelKey(k) ? [] : [{ object, path, rule: `invalid label key ${JSON.stringify(k)} (API server)`, fix: LABEL_FIX }]),
    ...(isLabelValue(v) ? [] : [{ object, path: `${path}.${k}`, rule: `invalid label value ${JSON.stringify(v)} (API server)`, fix: LABEL_FIX }]),
  ]);
}

const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/**
 * Names, labels and numbers the API server would refuse: the object's name (a DNS-1035 label
 * for a Service, a DNS-1123 label for a Namespace, a DNS subdomain otherwise), every label map
 * and selector, container, port and volume names in pod specs, negative replicas, and ports
 * outside 1-65535.
 */
export function apiSyntaxViolations(obj: any): CheckViolation[] {
  const object = objectRef(obj);
  const out: CheckViolation[] = [];
  const name = String(obj.metadata?.name ?? '');
  if (obj.kind === 'Service' ? !(name.length <= 63 && DNS1035_LABEL.test(name)) : obj.kind === 'Namespace' ? !isLabel(name) : !isSubdomain(name)) {
    const allowed = obj.kind === 'Service'
      ? 'a DNS-1035 label: at most 63 lowercase letters, digits and "-", starting with a letter'
      : obj.kind === 'Namespace' ? 'a DNS-1123 label: at most 63 lowercase letters, digits and "-"' : 'a DNS-1123 subdomain: lowercase letters, digits, "-" and "."';
    out.push({ object, path: 'metadata.name', rule: `invalid name ${JSON.stringify(name)} (API server)`, fix: `a name that is ${allowed}, e.g. ${JSON.stringify(name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '') || 'my-object')}` });
  }
  if (obj.kind === 'Service') out.push(...labelViolations(object, 'spec.selector', obj.spec?.selector));
  if (REPLICATED_KINDS.includes(obj.kind) && typeof obj.spec?.replicas === 'number' && obj.spec.replicas < 0) {
    out.push({ object, path: 'spec.replicas', rule: `replicas is ${obj.spec.replicas} (API server: must be at least 0)`, fix: 'a replica count of 0 or more' });
  }
  if (obj.kind === 'Service') {
    for (const [i, p] of (Array.isArray(obj.spec?.ports) ? obj.spec.ports : []).entries()) {
      if (typeof p?.port === 'number' && !(p.port >= 1 && p.port <= 65535)) out.push({ object, path: `spec.ports[${i}].port`, rule: `port ${p.port} is outside 1-65535 (API server)`, fix: 'a port from 1 to 65535' });
      if (typeof p?.targetPort === 'number' && !(p.targetPort >= 1 && p.targetPort <= 65535)) out.push({ object, path: `spec.ports[${i}].targetPort`, rule: `targetPort ${p.targetPort} is outside 1-65535 (API server)`, fix: 'a port from 1 to 65535, or a container port name' });
    }
  }

  const walk = (node: any, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if (key === 'labels' && path.endsWith('metadata')) out.push(...labelViolations(object, at, value));
      if (key === 'matchLabels') out.push(...labelViolations(object, at, value));
      if (['containers', 'initContainers', 'ephemeralContainers', 'volumes'].includes(key) && Array.isArray(value)) {
        for (const [i, item] of value.entries()) {
          if (!isLabel(String(item?.name))) {
            out.push({ object, path: `${at}[${i}].name`, rule: `invalid name ${JSON.stringify(item?.name)} (API server)`, fix: 'a DNS-1123 label: at most 63 lowercase letters, digits and "-"' });
          }
          for (const [j, p] of (Array.isArray(item?.ports) ? item.ports : []).entries()) {
            const n = p?.name;
            if (n !== undefined && !(typeof n === 'string' && n.length <= 15 && IANA_SVC_NAME.test(n) && /[a-z]/.test(n) && !n.includes('--'))) {
              out.push({ object, path: `${at}[${i}].ports[${j}].name`, rule: `invalid port name ${JSON.stringify(n)} (API server)`, fix: 'at most 15 lowercase letters, digits and "-", with a letter, no "--"' });
            }
            if (typeof p?.containerPort === 'number' && !(p.containerPort >= 1 && p.containerPort <= 65535)) {
              out.push({ object, path: `${at}[${i}].ports[${j}].containerPort`, rule: `containerPort ${p.containerPort} is outside 1-65535 (API server)`, fix: 'a port from 1 to 65535' });
            }
          }
        }
      }
      walk(value, at);
    }
  };
  walk(obj, '');
  return out;
}
