/**
 * The Kubernetes API server's own answer for every object (lib/checks/apiserver: its create path
 * compiled to WebAssembly, validation, strict field decoding, allocation, Pod Security admission,
 * custom resources against their definitions), as violations: the object, the field and the
 * server's own words, then what to do.
 */
import { ObjectValidation, ValidatorHandle, validateObjects } from './apiserver';
import { Manifest, objectRef } from './manifest';
import { apiGroup } from '../model/api-scope';
import { CheckViolation } from './violation';

/** Where a workload's pod template is, for Pod Security's verdicts (which name no field). */
function podTemplatePath(kind: string): string {
  return kind === 'Pod' ? 'spec' : kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
}

const FIX = {
  field: 'change the field as the API server says, where it is built (main.ts, or the settings for the app\'s own workloads)',
  podSecurity: 'set what it names on the pod template, or leave the pod to a construct of this project (each meets "restricted"); docs/checks.md#the-api-servers-own-validation',
  noKind: 'use a kind and apiVersion the cluster serves (kubectl api-resources), or list the CustomResourceDefinition of a custom kind in cdk8s.yaml imports',
  noDefinition: 'list its CustomResourceDefinition\'s file in cdk8s.yaml imports, or synthesize the definition with the app (docs/extending.md#custom-resources)',
} as const;

/** Env variable names that hold a credential (as lib/checks/secret-values.ts reads them). */
const CREDENTIAL_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY)$/i;
/**
 * A password in a URL (`//user:password@`), a token as a URL's user part (`//ghp_...@`), a
 * credential in a query (`?password=`, `&access_token=`) or a libpq DSN (`password=`).
 */
const INLINE_PASSWORDS = [
  /\/\/[^/\s@:]*:([^/\s@]+)@/g,
  /[a-z][a-z0-9+.-]*:\/\/([^/\s@:?#]{20,})@/gi,
  /[?&;](?:password|passwd|pwd|pass|secret|client_secret|token|access_token|auth_token|api[-_]?key)=([^&#;\s'"]+)/gi,
  /(?:^|[\s;])password=([^&;\s'"]+)/gi,
];

/**
 * The strings of an object that may be secrets: a Secret's values (decoded too), credential-named
 * env values, passwords in URLs and DSNs anywhere. The server quotes what it refuses, keys and
 * values alike, so its words are searched for these before they are shown. Walked with a stack,
 * not recursion: an object nested thousands deep must not overflow the call stack.
 */
function secretsIn(obj: unknown): string[] {
  const found = new Set<string>();
  const isSecret = (obj as { kind?: string })?.kind === 'Secret';
  const stack: { value: unknown; inSecretData: boolean }[] = [{ value: obj, inSecretData: false }];
  while (stack.length > 0) {
    const { value, inSecretData } = stack.pop()!;
    if (typeof value === 'string') {
      if (inSecretData) {
        found.add(value);
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (decoded) found.add(decoded);
      }
      for (const re of INLINE_PASSWORDS) for (const m of value.matchAll(re)) if (m[1]) found.add(m[1]);
      continue;
    }
    if (Array.isArray(value)) {
      for (const v of value) stack.push({ value: v, inSecretData });
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string' && typeof record.value === 'string' && CREDENTIAL_NAME.test(record.name) && record.value) found.add(record.value);
    for (const [k, v] of Object.entries(record)) {
      stack.push({ value: k, inSecretData: false });
      stack.push({ value: v, inSecretData: inSecretData || ((k === 'data' || k === 'stringData') && isSecret) });
    }
  }
  return [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** The text with every secret of the object replaced by `<redacted>`. */
function redactorOf(obj: unknown): (text: string) => string {
  const secrets = secretsIn(obj);
  return (text) => secrets.reduce((t, secret) => t.split(secret).join('<redacted>'), text);
}

/**
 * Built-in kinds the validator leaves out on purpose (docs/validator.md): the aggregator's
 * APIService is served by a layer the validator does not build. Said, not refused: the cluster
 * checks it at deploy's dry run.
 */
const NOT_VALIDATED_OFFLINE = new Set(['apiregistration.k8s.io/APIService']);

/** The violations in the server's answers (`results[i]` answers `objects[i]`); no secret of an object is ever shown. */
export function apiServerViolations(objects: readonly Manifest[], results: readonly ObjectValidation[], remoteImports: readonly string[] = []): CheckViolation[] {
  return results.flatMap((r, i) => {
    const object = objectRef(objects[i] ?? r);
    if (r.code >= 300 && NOT_VALIDATED_OFFLINE.has(`${apiGroup(objects[i]?.apiVersion)}/${objects[i]?.kind}`)) {
      return [{ object, path: '(object)', rule: `not validated at synth: ${objects[i].kind} is served by the API server's aggregator, which the offline validator leaves out`, fix: 'nothing: npm run deploy\'s server-side dry run checks it before anything is applied', severity: 'warning' as const }];
    }
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
