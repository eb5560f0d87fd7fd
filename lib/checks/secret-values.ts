/**
 * No secret value is written into dist/ (which users apply, share and may commit): not a Secret
 * object carrying data (base64 is no encryption), not a literal value in an env variable named
 * like a credential, not a URL with a literal password in any string of any object (commands, args,
 * probe paths, annotations, ConfigMap data too). Values belong in the Secret the user
 * creates from .env (docs/configuration.md "Secrets"); manifests reference its keys. Messages never show a value.
 */
import { Manifest, objectRef } from './manifest';
import { allContainers, PodTemplate } from './pods';
import { CheckViolation } from './violation';

/** Env variable names that hold a credential. */
const CREDENTIAL_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY)$/i;
/** `scheme://user:password@`, capturing the password. */
const URL_PASSWORD = /\/\/[^/\s@:]*:([^/\s@]*)@/g;
/** A password that is only a `$(VAR)` reference, which the kubelet expands from another env variable. */
const ENV_REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

const FIX_ENV = 'take the value from a key of the Secret you create from .env (envFromSecret, or valueFrom.secretKeyRef)';
const FIX_ELSEWHERE = 'remove the password: put the URL in an env variable from the Secret and refer to it as $(VAR) in a command or args; elsewhere, a URL without user:password';

export function secretValueViolations(objects: readonly Manifest[], pods: readonly PodTemplate[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const m of objects) {
    if (m.kind !== 'Secret') continue;
    for (const field of ['data', 'stringData'] as const) {
      if (m[field] && typeof m[field] === 'object' && Object.keys(m[field]).length > 0) {
        out.push({
          object: objectRef(m), path: field,
          rule: `a Secret with values (keys ${Object.keys(m[field]).join(', ')}) would write them into dist/ in plain text`,
          fix: 'create the Secret outside the manifests (kubectl create secret --from-env-file, or npm run secret; docs/configuration.md "Secrets") and reference its keys',
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
        if (CREDENTIAL_NAME.test(String(e.name)) && !hasLiteralUrlPassword(value)) {
          out.push({ ...at, rule: `${e.name} has a literal value (not shown): a credential would be written into dist/ in plain text`, fix: FIX_ENV });
        }
      }
    }
  }
  for (const m of objects) out.push(...urlPasswordViolations(m));
  return out;
}

function hasLiteralUrlPassword(value: string): boolean {
  return [...value.matchAll(URL_PASSWORD)].some((match) => match[1] !== '' && !ENV_REFERENCE.test(match[1]));
}

/**
 * A URL with a literal password anywhere synth writes a string: env values, but also a command,
 * args, a probe path, an annotation, ConfigMap data, or a key. A Secret's own values are the
 * check above's.
 */
function urlPasswordViolations(m: Manifest): CheckViolation[] {
  const out: CheckViolation[] = [];
  const visit = (value: unknown, path: string, parent: unknown): void => {
    if (typeof value === 'string') {
      if (!hasLiteralUrlPassword(value)) return;
      // An env entry is named by its variable, as the user wrote it.
      const envName = /\.env\[\d+\]\.value$/.test(path) ? (parent as { name?: unknown })?.name : undefined;
      const what = envName !== undefined ? String(envName) : 'the value';
      out.push({
        object: objectRef(m), path,
        rule: `${what} holds a URL with a literal password (not shown), which would be written into dist/ in plain text`,
        fix: envName !== undefined ? `${FIX_ENV}; in a URL, $(VAR) expands another env variable` : FIX_ELSEWHERE,
      });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, value));
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (m.kind === 'Secret' && !path && (key === 'data' || key === 'stringData')) continue;
        if (hasLiteralUrlPassword(key)) out.push({ object: objectRef(m), path: path || '(top level)', rule: 'a key holds a URL with a literal password (not shown)', fix: FIX_ELSEWHERE });
        visit(child, at, value);
      }
    }
  };
  visit(m, '', undefined);
  return out;
}
