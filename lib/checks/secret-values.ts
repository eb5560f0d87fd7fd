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
/** A URL query parameter that carries a credential (`?password=...`, `&access_token=...`), capturing the value. */
const QUERY_SECRET = /[?&;](?:password|passwd|pwd|pass|secret|client_secret|token|access_token|auth_token|api[-_]?key)=([^&#;\s]*)/gi;
/** A libpq / key-value connection string's `password=...` (quoted or not), capturing the value. */
const DSN_PASSWORD = /(?:^|[\s;])password=('(?:[^'\\]|\\.)*'|[^\s;]*)/gi;
/** Another key of a libpq connection string: only a string with one is taken for a DSN (not `f(password=x)` in a script). */
const DSN_KEY = /(?:^|[\s;])(?:host|hostaddr|dbname|user|port|sslmode)=/i;
/** `scheme://<user>@`, the user part alone (no ":"), capturing it: a token used as the user (`https://ghp_...@github.com`). */
const URL_USER = /[a-z][a-z0-9+.-]*:\/\/([^/\s@:?#]+)@/gi;
/** A user part that is a token: a known token prefix, or 20+ characters mixing letters and digits. */
const TOKEN_LIKE = /^(?:gh[pousr]_|github_pat_|glpat-|xox[abposr]-|sk-)|^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9_\-.~%+]{20,}$/;
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

/** A literal value that is not empty and not a `$(VAR)` reference. */
const literal = (value: string) => value !== '' && value !== "''" && !ENV_REFERENCE.test(value.replace(/^'(.*)'$/, '$1'));

/** What kind of literal credential a string holds (never the credential), or undefined. */
function literalCredential(value: string): string | undefined {
  if ([...value.matchAll(URL_PASSWORD)].some((m) => literal(m[1]))) return 'a URL with a literal password';
  if ([...value.matchAll(URL_USER)].some((m) => TOKEN_LIKE.test(m[1]) && !ENV_REFERENCE.test(m[1]))) return 'a URL whose user part is a token';
  if ([...value.matchAll(QUERY_SECRET)].some((m) => literal(m[1]))) return 'a URL whose query holds a literal password or token';
  if (DSN_KEY.test(value) && [...value.matchAll(DSN_PASSWORD)].some((m) => literal(m[1]))) return 'a connection string with a literal password';
  return undefined;
}

const hasLiteralUrlPassword = (value: string) => literalCredential(value) !== undefined;

/**
 * A URL with a literal password anywhere synth writes a string: env values, but also a command,
 * args, a probe path, an annotation, ConfigMap data, or a key. A Secret's own values are the
 * check above's.
 */
function urlPasswordViolations(m: Manifest): CheckViolation[] {
  const out: CheckViolation[] = [];
  // An explicit stack, not recursion: an object nested thousands deep must not overflow the call stack.
  const stack: { value: unknown; path: string; parent: unknown }[] = [{ value: m, path: '', parent: undefined }];
  const found: CheckViolation[][] = [];
  while (stack.length > 0) {
    const { value, path, parent } = stack.pop()!;
    if (typeof value === 'string') {
      const kind = literalCredential(value);
      if (!kind) continue;
      // An env entry is named by its variable, as the user wrote it.
      const envName = /\.env\[\d+\]\.value$/.test(path) ? (parent as { name?: unknown })?.name : undefined;
      const what = envName !== undefined ? String(envName) : 'the value';
      found.push([{
        object: objectRef(m), path,
        rule: `${what} holds ${kind} (not shown), which would be written into dist/ in plain text`,
        fix: envName !== undefined ? `${FIX_ENV}; in a URL, $(VAR) expands another env variable` : FIX_ELSEWHERE,
      }]);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]`, parent: value });
    } else if (value && typeof value === 'object') {
      const own: CheckViolation[] = [];
      const children: { value: unknown; path: string; parent: unknown }[] = [];
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (m.kind === 'Secret' && !path && (key === 'data' || key === 'stringData')) continue;
        const kind = literalCredential(key);
        if (kind) own.push({ object: objectRef(m), path: path || '(top level)', rule: `a key holds ${kind} (not shown)`, fix: FIX_ELSEWHERE });
        children.push({ value: child, path: at, parent: value });
      }
      if (own.length > 0) found.push(own);
      stack.push(...children.reverse());
    }
  }
  for (const f of found) out.push(...f);
  return out;
}
