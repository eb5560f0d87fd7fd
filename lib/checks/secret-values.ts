/**
 * No secret value is written into dist/ (which users apply, share and may commit): not a Secret
 * object carrying data (base64 is no encryption), not a literal value in an env variable named
 * like a credential, not a URL with a literal password. Values belong in the Secret the user
 * creates from .env (README "Secrets"); manifests reference its keys. Messages never show a value.
 */
import { Manifest, objectId } from './manifest';
import { allContainers, PodTemplate } from './pods';
import { CheckViolation } from './violation';

/** Env variable names that hold a credential. */
const CREDENTIAL_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY)$/i;
/** `scheme://user:password@`, capturing the password. */
const URL_PASSWORD = /\/\/[^/\s@:]*:([^/\s@]*)@/g;
/** A password that is only a `$(VAR)` reference, which the kubelet expands from another env variable. */
const ENV_REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

const FIX_ENV = 'take the value from a key of the Secret you create from .env (envFromSecret, or valueFrom.secretKeyRef)';

export function secretValueViolations(objects: readonly Manifest[], pods: readonly PodTemplate[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const m of objects) {
    if (m.kind !== 'Secret') continue;
    for (const field of ['data', 'stringData'] as const) {
      if (m[field] && typeof m[field] === 'object' && Object.keys(m[field]).length > 0) {
        out.push({
          object: objectId(m), path: field,
          rule: `a Secret with values (keys ${Object.keys(m[field]).join(', ')}) would write them into dist/ in plain text`,
          fix: 'create the Secret outside the manifests (kubectl create secret --from-env-file, or npm run secret; README "Secrets") and reference its keys',
        });
      }
    }
  }
  for (const pod of pods) {
    for (const { path, container } of allContainers(pod.spec)) {
      for (const [i, e] of (Array.isArray(container?.env) ? container.env : []).entries()) {
        const value = e?.value;
        if (typeof value !== 'string' || value === '') continue;
        const at = { object: pod.owner, path: `${pod.specPath}.${path}.env[${i}].value` };
        if (CREDENTIAL_NAME.test(String(e.name))) {
          out.push({ ...at, rule: `${e.name} has a literal value (not shown): a credential would be written into dist/ in plain text`, fix: FIX_ENV });
        } else if ([...value.matchAll(URL_PASSWORD)].some((match) => match[1] !== '' && !ENV_REFERENCE.test(match[1]))) {
          out.push({ ...at, rule: `${e.name} holds a URL with a literal password (not shown), which would be written into dist/ in plain text`, fix: `${FIX_ENV}; in a URL, $(VAR) expands another env variable` });
        }
      }
    }
  }
  return out;
}
