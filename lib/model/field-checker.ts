import { ResourceSettings, bytesInRange, CPU_RANGE, cpuInRange, MEMORY_RANGE, parseBytes, parseCpuMillis, STORAGE_RANGE } from './quantity';
import { isDnsLabel, isDnsSubdomain } from './kube-names';
import { HTTP_PATH_ALLOWED, isHttpPath } from '../util/http-path';
import { quote } from '../util/quote';

/** One thing wrong with a field. */
export interface FieldIssue {
  /** The field's path, e.g. `backend.replicas` or `image.pullPolicy`. */
  readonly field: string;
  /** What is wrong, e.g. `got -2`. */
  readonly problem: string;
  readonly allowed: string;
  /** The file that set the field (a profile or values file), when it came from one. */
  readonly file?: string;
}

/** Field names whose values are never shown in a message: a credential may have been pasted there. */
const SECRET_FIELD = /secret|password|token|key/i;
/** Fields whose value names a Secret or a key in one: a name, not a credential, so it is shown. */
const SECRET_NAME_FIELD = /^(secretName|tlsSecretName|[a-zA-Z]*SecretKey)$/;
/** A password before a host, with or without a scheme: `scheme://user:password@host`, `user:password@host`. */
const CREDENTIAL_URL = /:(?!\/\/@)[^@]*@/;
/** Looks like an API key or token: long, mixed-case letters and digits, no dots or spaces. */
const TOKEN_LIKE = (s: string) => /^[A-Za-z0-9_\-+/=]{24,}$/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);
/** Whatever the field: a URL with a password, a token-like or a long string is never shown. */
export const mayBeCredential = (s: string) => s.length > 100 || CREDENTIAL_URL.test(s) || TOKEN_LIKE(s);

/** An environment variable name as the API server takes it. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** A key in a Secret as the API server takes it: at most 253 letters, digits, "-", "_" and ".", not "." or "..". */
const isSecretKey = (s: string) => s.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(s) && s !== '.' && s !== '..';

export const ALLOWED = {
  subdomain: 'a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", at most 253 characters',
  cpu: `a CPU quantity ${CPU_RANGE.text} as a string, such as "250m", "0.5" or "2" (quote numbers in YAML)`,
  memory: `a memory quantity ${MEMORY_RANGE.text} as a string, such as "128Mi", "1Gi" or "500M"`,
  storage: `a storage quantity ${STORAGE_RANGE.text} as a string, such as "1Gi"`,
};

/**
 * How a value is shown in a message: scalars as JSON, but never a string in a field whose name
 * says it may hold a secret, nor one that carries a password or looks like a token, nor a long one.
 */
export function describeValue(field: string, value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const name = field.split('.').pop() ?? '';
    // A "name" with characters no Secret name or key has (": @ / ?"...) is more likely a pasted credential.
    const nameField = SECRET_NAME_FIELD.test(name);
    if ((SECRET_FIELD.test(name) && !nameField) || (nameField && /[^A-Za-z0-9._\- ]/.test(value)) || mayBeCredential(value)) {
      return `a string of ${value.length} characters (not shown)`;
    }
  }
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

/**
 * Collects what is wrong with fields, each as `field: problem; allowed: what is`: the one
 * checker of the settings (lib/model/settings/validate.ts, which throws a ConfigError) and of the
 * constructs' props (which throw a PropsError), one method per rule, so both refuse a name, a key
 * or a quantity in the same words. Every field given is checked: an optional one left out is
 * skipped by the caller, which knows it is optional.
 */
export class FieldChecker {
  readonly issues: FieldIssue[] = [];

  /** Adds issues found elsewhere: a subclass's checks of its own props, the props' shape. */
  absorb(issues: readonly FieldIssue[]): void {
    this.issues.push(...issues);
  }

  fail(field: string, problem: string, allowed: string): void {
    this.issues.push({ field, problem, allowed });
  }

  check(ok: boolean, field: string, value: unknown, allowed: string): boolean {
    if (!ok) this.fail(field, `got ${describeValue(field, value)}`, allowed);
    return ok;
  }

  string(field: string, value: unknown, test: (s: string) => boolean, allowed: string): boolean {
    return this.check(typeof value === 'string' && test(value), field, value, allowed);
  }

  /** An object, container, port or namespace name: a DNS-1123 label of at most `max` characters. */
  label(field: string, value: unknown, max = 63): boolean {
    return this.string(field, value, (s) => isDnsLabel(s, max),
      `a DNS-1123 label: at most ${max} lowercase letters, digits and "-", starting and ending with a letter or digit`);
  }

  subdomain(field: string, value: unknown): void {
    this.string(field, value, isDnsSubdomain, ALLOWED.subdomain);
  }

  /** A Dapr app-id (dapr.io/app-id): a DNS-1123 label, as Dapr names the app's Service after it. */
  appId(field: string, value: unknown): boolean {
    return this.string(field, value, (s) => isDnsLabel(s), 'an app-id: a DNS-1123 label (lowercase letters, digits and "-")');
  }

  /** The name of a key in a Secret, never its value; `allowed` words it for the field. */
  secretKey(field: string, value: unknown, allowed = 'a Secret key: letters, digits, "-", "_" and "."'): boolean {
    return this.string(field, value, isSecretKey, allowed);
  }

  /** A probe's or a route's HTTP path; `allowed` may add what leaving it out means. */
  httpPath(field: string, value: unknown, allowed = HTTP_PATH_ALLOWED): boolean {
    return this.check(isHttpPath(value), field, value, allowed);
  }

  oneOf(field: string, value: unknown, options: readonly string[]): boolean {
    return this.check(typeof value === 'string' && options.includes(value), field, value, `one of ${options.join(', ')}`);
  }

  integer(field: string, value: unknown, min: number, max: number): boolean {
    return this.check(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, field, value, `an integer from ${min} to ${max}`);
  }

  /**
   * An absolute http(s) URL exactly as browsers and the apps will see it. The string lands as
   * is in FRONTEND_URL, BETTER_AUTH_URL and the NEXT_PUBLIC_API_URL build argument, where origins
   * are compared byte for byte, so anything `new URL()` would rewrite (case, default port,
   * spaces, an empty user, an IDN host, a trailing slash) is refused with the form to write.
   * `originOnly` also refuses a path.
   */
  url(field: string, value: unknown, originOnly: boolean): URL | undefined {
    const allowed = originOnly
      ? 'an origin such as "http://localhost:30300" or "https://todo.example.com" (scheme, host and optional port; no path)'
      : 'an absolute http:// or https:// URL without query or fragment, such as "https://api.todo.example.com"';
    let parsed: URL | undefined;
    try {
      parsed = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search || parsed.hash || (originOnly && parsed.pathname !== '/')) {
      this.check(false, field, value, allowed);
      return undefined;
    }
    if (parsed.username || parsed.password) {
      this.fail(field, 'has a user name or password in it (not shown)', allowed);
      return undefined;
    }
    const normalised = parsed.origin + parsed.pathname.replace(/\/+$/, '');
    if (value !== normalised) {
      this.fail(field, `got ${describeValue(field, value)}, which is not in normal form`,
        `exactly ${JSON.stringify(normalised)}: lowercase scheme and host, no default port, no user, no spaces or trailing slash, an IDN host in its xn-- form`);
      return undefined;
    }
    return parsed;
  }

  /** An absolute http(s) URL, taken as written (`url` also demands its normal form). */
  httpUrl(field: string, value: unknown): boolean {
    let ok = false;
    try {
      ok = typeof value === 'string' && ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      ok = false;
    }
    return this.check(ok, field, value, 'an absolute http:// or https:// URL');
  }

  envName(field: string, value: unknown): boolean {
    return this.check(typeof value === 'string' && ENV_NAME.test(value), field, value, 'an env variable name: letters, digits, "_", "-" and ".", not starting with a digit');
  }

  /** A non-empty list of strings (command, args). */
  argv(field: string, value: unknown): boolean {
    return this.check(Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string'), field, value, 'a non-empty array of strings');
  }

  quantity(field: string, value: unknown, parse: (s: string) => number | undefined, inRange: (n: number | undefined) => boolean, allowed: string): number | undefined {
    const parsed = typeof value === 'string' ? parse(value) : undefined;
    return this.check(inRange(parsed), field, value, allowed) ? parsed : undefined;
  }

  resources(field: string, r: ResourceSettings | undefined): void {
    if (typeof r !== 'object' || r === null) {
      this.check(false, field, r, 'an object with requests and limits');
      return;
    }
    const parsed: Record<string, number | undefined> = {};
    for (const side of ['requests', 'limits'] as const) {
      const q = r[side];
      if (typeof q !== 'object' || q === null) {
        this.check(false, `${field}.${side}`, q, 'an object with cpu and memory');
        continue;
      }
      parsed[`${side}.cpu`] = this.quantity(`${field}.${side}.cpu`, q.cpu, parseCpuMillis, cpuInRange, ALLOWED.cpu);
      parsed[`${side}.memory`] = this.quantity(`${field}.${side}.memory`, q.memory, parseBytes, (b) => bytesInRange(b, MEMORY_RANGE), ALLOWED.memory);
    }
    for (const res of ['cpu', 'memory'] as const) {
      const [request, limit] = [parsed[`requests.${res}`], parsed[`limits.${res}`]];
      if (request !== undefined && limit !== undefined && request > limit) {
        this.fail(`${field}.requests.${res}`, `request ${r.requests[res]} is above the limit ${r.limits[res]}`, 'a request at most the limit');
      }
    }
  }

  /** A mapping; otherwise one issue for it instead of one per field below it. */
  mapping(field: string, value: unknown, allowed: string): boolean {
    return this.check(typeof value === 'object' && value !== null && !Array.isArray(value), field, value, allowed);
  }
}
