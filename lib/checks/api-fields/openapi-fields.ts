/**
 * The field tree of the built-in kinds, read from an API server's OpenAPI v3 documents: for each
 * type, its field names and, where a field holds an object (or a list or map of them), that
 * object's type. This is what strict field validation (`kubectl apply`'s default) checks names
 * against; lib/checks/unknown-fields.ts walks objects with it at synth.
 */

/**
 * A type's fields: field name -> the type of the object it holds (directly or as list items),
 * `map:<type>` for a map of such objects, or `null` for anything else.
 */
export type FieldTypes = Record<string, string | null>;

export interface ApiFields {
  /** The server the tree was read from, e.g. v1.34.4. */
  readonly serverVersion: string;
  /** `apiVersion/kind` (`apps/v1/Deployment`, `v1/Service`) -> its type name. */
  readonly kinds: Record<string, string>;
  /** Type name -> its fields. */
  readonly types: Record<string, FieldTypes>;
}

/** The OpenAPI v3 group-versions whose kinds the tree covers (what charts commonly contain). */
export const API_GROUP_VERSIONS = [
  'api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/networking.k8s.io/v1', 'apis/policy/v1',
  'apis/autoscaling/v1', 'apis/autoscaling/v2', 'apis/rbac.authorization.k8s.io/v1',
  'apis/storage.k8s.io/v1', 'apis/scheduling.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/coordination.k8s.io/v1',
];

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');

/** The object type a property schema holds (directly or as list items), if any; `map` when it is a map's values. */
function heldType(schema: any): { type: string; map: boolean } | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  if (typeof schema.$ref === 'string') return { type: refName(schema.$ref), map: false };
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return heldType(schema.allOf[0]);
  if (schema.type === 'array') return heldType(schema.items);
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const inner = heldType(schema.additionalProperties);
    return inner && !inner.map ? { type: inner.type, map: true } : undefined;
  }
  return undefined;
}

/** Types whose content is not described field by field (free-form JSON, quantities...). */
function isOpen(schema: any): boolean {
  return !schema?.properties || schema['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * The tree for the kinds of the given OpenAPI v3 documents (one per group-version), keeping only
 * the types reachable from those kinds.
 */
export function apiFieldsFrom(documents: readonly any[], serverVersion: string): ApiFields {
  const schemas: Record<string, any> = {};
  for (const doc of documents) Object.assign(schemas, doc?.components?.schemas ?? {});
  const kinds: Record<string, string> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      // Lists and the deprecated/options kinds have no place in a manifest.
      if (/List$|Options$/.test(gvk.kind) || gvk.kind === 'Status' || gvk.kind === 'WatchEvent' || gvk.kind === 'APIResourceList') continue;
      if (!schema.properties?.metadata) continue;
      kinds[`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`] = name;
    }
  }
  const types: Record<string, FieldTypes> = {};
  const visit = (name: string) => {
    if (name in types || !schemas[name] || isOpen(schemas[name])) return;
    const fields: FieldTypes = {};
    types[name] = fields;
    for (const [field, prop] of Object.entries<any>(schemas[name].properties)) {
      const held = heldType(prop);
      const described = held && schemas[held.type] && !isOpen(schemas[held.type]);
      fields[field] = described ? `${held.map ? 'map:' : ''}${held.type}` : null;
      if (described) visit(held.type);
    }
  };
  for (const name of Object.values(kinds)) visit(name);
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { serverVersion, kinds: sorted(kinds), types: sorted(types) };
}
