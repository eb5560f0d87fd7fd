/**
 * The Kubernetes API server's own answer for every object (lib/checks/apiserver: its create path
 * compiled to WebAssembly, validation, strict field decoding, allocation, Pod Security admission,
 * custom resources against their definitions), as violations: the object, the field and the
 * server's own words, then what to do.
 */
import { ObjectValidation, ValidatorHandle, validateObjects } from './apiserver';
import { Manifest, objectRef } from './manifest';
import { CheckViolation } from './violation';

/** Where a workload's pod template is, for Pod Security's verdicts (which name no field). */
function podTemplatePath(kind: string): string {
  return kind === 'Pod' ? 'spec' : kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
}

const FIX = {
  field: 'change the field as the API server says, where it is built (main.ts, or the settings for the app\'s own workloads)',
  podSecurity: 'set what it names on the pod template, or leave the pod to a construct of this project (each meets "restricted"); docs/checks.md#pod-security',
  noKind: 'use a kind and apiVersion the cluster serves (kubectl api-resources), or list the CustomResourceDefinition of a custom kind in cdk8s.yaml imports',
  noDefinition: 'list its CustomResourceDefinition\'s file in cdk8s.yaml imports, or synthesize the definition with the app (docs/extending.md#custom-resources)',
} as const;

/** Env variable names that hold a credential (as lib/checks/secret-values.ts reads them). */
const CREDENTIAL_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY)$/i;
/** A password in a URL (`//user:password@`), in a query (`?password=`) or a libpq DSN (`password=`). */
const INLINE_PASSWORDS = [/\/\/[^/\s@:]*:([^/\s@]+)@/g, /[?&;\s]password=([^&;\s'"]+)/gi, /^password=([^&;\s'"]+)/gi];

/**
 * The strings of an object that may be secrets: a Secret's values (decoded too), credential-named
 * env values, passwords in URLs and DSNs anywhere. The server quotes what it refuses, keys and
 * values alike, so its words are searched for these before they are shown.
 */
function secretsIn(obj: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, key?: string, inSecretData = false): void => {
    if (typeof value === 'string') {
      if (inSecretData) {
        found.add(value);
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (decoded) found.add(decoded);
      }
      for (const re of INLINE_PASSWORDS) for (const m of value.matchAll(re)) if (m[1]) found.add(m[1]);
      return;
    }
    if (Array.isArray(value)) return value.forEach((v) => visit(v, key, inSecretData));
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string' && typeof record.value === 'string' && CREDENTIAL_NAME.test(record.name) && record.value) found.add(record.value);
    for (const [k, v] of Object.entries(record)) {
      visit(k);
      visit(v, k, inSecretData || ((k === 'data' || k === 'stringData') && (obj as { kind?: string })?.kind === 'Secret'));
    }
  };
  visit(obj);
  return [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** The text with every secret of the object replaced by `<redacted>`. */
function redactorOf(obj: unknown): (text: string) => string {
  const secrets = secretsIn(obj);
  return (text) => secrets.reduce((t, secret) => t.split(secret).join('<redacted>'), text);
}

/** The violations in the server's answers (`results[i]` answers `objects[i]`); no secret of an object is ever shown. */
export function apiServerViolations(objects: readonly Manifest[], results: readonly ObjectValidation[], remoteImports: readonly string[] = []): CheckViolation[] {
  return results.flatMap((r, i) => {
    const object = objectRef(objects[i] ?? r);
    const redact = redactorOf(objects[i]);
    return violationsOf(r, object, remoteImports).map((v) => ({ ...v, path: redact(v.path), rule: redact(v.rule) }));
  });
}

function violationsOf(r: ObjectValidation, object: string, remoteImports: readonly string[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  // A Pod that Pod Security refuses: said once, below, in admission's words.
  if (r.code >= 300 && !(r.podSecurity?.length && /PodSecurity/.test(r.message ?? ''))) {
    const fromUrl = remoteImports.length > 0 ? `; synth does not download ${remoteImports.join(', ')}: save the file in the project and import it from there` : '';
    const fix = r.reason === 'NoKindMatch' ? FIX.noKind + fromUrl : r.reason === 'NoCustomResourceDefinition' ? FIX.noDefinition + fromUrl : FIX.field;
    const causes = r.errors ?? [];
    if (causes.length === 0) out.push({ object, path: '(object)', rule: `${r.message ?? `refused (${r.reason ?? r.code})`} (API server)`, fix });
    for (const c of causes) out.push({ object, path: c.field || '(object)', rule: `${c.message} (API server)`, fix });
  }
  for (const verdict of r.podSecurity ?? []) out.push({ object, path: podTemplatePath(r.kind), rule: `${verdict} (Pod Security admission)`, fix: FIX.podSecurity });
  for (const warning of r.warnings ?? []) {
    if (/PodSecurity/.test(warning)) continue; // said above, as an error
    out.push({ object, path: '(object)', rule: `${warning} (API server warning)`, fix: 'nothing if it is meant; the server only warns', severity: 'warning' });
  }
  return out;
}

/**
 * Asks the validator about every object, the definitions of custom kinds read from the files
 * cdk8s.yaml imports sent first (they answer too, but only the app's objects are reported).
 */
export function apiServerCheck(handle: ValidatorHandle, objects: readonly Manifest[], importedDefinitions: readonly object[], remoteImports: readonly string[] = []): CheckViolation[] {
  const results = validateObjects(handle, [...importedDefinitions, ...objects]);
  return apiServerViolations(objects, results.slice(importedDefinitions.length), remoteImports);
}
