/**
 * Fields the API server does not know. `kubectl apply` validates strictly by default, so a typo
 * (`imagePullPolcy`) or a field of a newer Kubernetes fails the whole apply; kubernetes-models'
 * validators let unknown fields through, so they are checked here against the field tree read
 * from a real API server (api-fields/fields.json, `npm run gen:api-fields`).
 */
import { nearest } from '../util/nearest';
import { ApiFields } from './api-fields/openapi-fields';
import { objectRef } from './manifest';
import { CheckViolation } from './violation';

let tree: ApiFields | undefined;
function apiFields(): ApiFields {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (tree ??= require('./api-fields/fields.json') as ApiFields);
}

/** Unknown field names anywhere in one object of a kind the tree covers; empty otherwise. */
export function unknownFieldViolations(obj: any): CheckViolation[] {
  const fields = apiFields();
  const type = fields.kinds[`${obj?.apiVersion}/${obj?.kind}`];
  if (!type) return [];
  const object = objectRef(obj);
  const out: CheckViolation[] = [];
  const walk = (value: any, typeName: string, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, typeName, `${path}[${i}]`));
    if (typeof value !== 'object' || value === null) return;
    const known = fields.types[typeName];
    if (!known) return;
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in known)) {
        const meant = nearest(key, Object.keys(known));
        out.push({ object, path: at, rule: `unknown field ${JSON.stringify(key)} (API server ${fields.serverVersion}, strict field validation)`, fix: meant ? `did you mean ${meant}?` : 'remove it: the API has no such field here' });
        continue;
      }
      const held = known[key];
      if (held?.startsWith('map:')) {
        if (typeof child === 'object' && child !== null) for (const [k, v] of Object.entries(child)) walk(v, held.slice(4), `${at}.${k}`);
      } else if (held) {
        walk(child, held, at);
      }
    }
  };
  walk(obj, type, '');
  return out;
}
