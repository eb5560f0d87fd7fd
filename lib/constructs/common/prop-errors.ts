import { Construct } from 'constructs';
import { shapeProblems } from './props-shape';
import { parseBytes, parseCpuMillis } from '../../model/quantity';
import { ResourceSettings } from '../../model/settings/types';
import { HTTP_PATH_ALLOWED, isHttpPath } from '../../util/http-path';
import { ExplainedError } from '../../util/explained-error';

/** Thrown at construction when a construct's props cannot become a valid object. */
export class PropsError extends ExplainedError {
  constructor(public readonly path: string, public readonly problems: readonly string[]) {
    super(`Invalid props of ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PropsError';
  }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Collects what is wrong with one construct's props, each as `prop: got X; allowed: Y`, and
 * throws them all at once naming the construct path. Checked at construction, so the stack
 * trace points at the user's line.
 */
export class PropsChecker {
  private readonly problems: string[] = [];

  private readonly path: string;

  /** `at`: the construct, or the path it will have (for checks before `super()`). */
  constructor(at: Construct | string) {
    this.path = typeof at === 'string' ? at : at.node.path;
  }

  /** The path a construct `id` under `scope` will have. */
  static pathOf(scope: Construct, id: string): string {
    return scope.node.path ? `${scope.node.path}/${id}` : id;
  }

  /** Whether anything failed so far. */
  get failed(): boolean {
    return this.problems.length > 0;
  }

  /** Adds the problems of another checker of the same construct. */
  absorb(other: PropsChecker): void {
    this.problems.push(...other.problems);
  }

  /**
   * The props as the interface `name` types them (lib/constructs/common/props-shape.ts): unknown
   * keys with the one probably meant, missing required ones, strings outside a union. For the
   * construct the user built (`new.target`), not for the props a subclass passes to `super`.
   */
  shape(name: string, props: unknown): void {
    this.problems.push(...shapeProblems(name, props));
  }

  fail(prop: string, got: unknown, allowed: string): void {
    this.problems.push(`${prop}: got ${JSON.stringify(got)}; allowed: ${allowed}`);
  }

  check(ok: boolean, prop: string, got: unknown, allowed: string): boolean {
    if (!ok) this.fail(prop, got, allowed);
    return ok;
  }

  /** A Kubernetes object, container or port name: a DNS-1123 label of at most `max` characters. */
  dnsLabel(prop: string, value: unknown, max = 63): void {
    this.check(typeof value === 'string' && value.length <= max && DNS1123_LABEL.test(value), prop, value,
      `a DNS-1123 label: at most ${max} lowercase letters, digits and "-", starting and ending with a letter or digit`);
  }

  /** A Secret or other object name: a DNS-1123 subdomain. */
  subdomain(prop: string, value: unknown): void {
    this.check(typeof value === 'string' && value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value), prop, value,
      'a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", at most 253 characters');
  }

  /** A Secret key. */
  secretKey(prop: string, value: unknown): void {
    this.check(typeof value === 'string' && /^[-._a-zA-Z0-9]+$/.test(value), prop, value, 'a Secret key: letters, digits, "-", "_" and "."');
  }

  /** An absolute http(s) URL. */
  httpUrl(prop: string, value: unknown): void {
    let ok = false;
    try {
      ok = typeof value === 'string' && ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      ok = false;
    }
    this.check(ok, prop, value, 'an absolute http:// or https:// URL');
  }

  integer(prop: string, value: unknown, min: number, max: number): void {
    if (value === undefined) return;
    this.check(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, prop, value, `an integer from ${min} to ${max}`);
  }

  /** An HTTP path for a probe. */
  httpPath(prop: string, value: unknown): void {
    if (value === undefined || isHttpPath(value)) return;
    // Not shown when long or when it holds `user:password@`: the path may carry a credential.
    const shown = typeof value === 'string' && (value.length > 100 || /:[^@]*@/.test(value)) ? `a string of ${value.length} characters (not shown)` : JSON.stringify(value);
    this.problems.push(`${prop}: got ${shown}; allowed: ${HTTP_PATH_ALLOWED}`);
  }

  envName(prop: string, value: unknown): void {
    this.check(typeof value === 'string' && ENV_NAME.test(value), prop, value, 'an env variable name: letters, digits, "_", "-" and ".", not starting with a digit');
  }

  /** A non-empty list of strings (command, args). */
  argv(prop: string, value: unknown): void {
    if (value === undefined) return;
    this.check(Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string'), prop, value, 'a non-empty array of strings');
  }

  resources(prop: string, r: ResourceSettings | undefined): void {
    if (r === undefined) return;
    for (const side of ['requests', 'limits'] as const) {
      this.check(parseCpuMillis(String(r[side]?.cpu)) !== undefined, `${prop}.${side}.cpu`, r[side]?.cpu, 'a CPU quantity such as "250m", "0.5" or "2"');
      this.check(parseBytes(String(r[side]?.memory)) !== undefined, `${prop}.${side}.memory`, r[side]?.memory, 'a memory quantity such as "128Mi", "1Gi" or "500M"');
    }
    const [rc, lc] = [parseCpuMillis(String(r.requests?.cpu)), parseCpuMillis(String(r.limits?.cpu))];
    if (rc !== undefined && lc !== undefined && rc > lc) this.fail(`${prop}.requests.cpu`, r.requests.cpu, `at most limits.cpu (${r.limits.cpu})`);
    const [rm, lm] = [parseBytes(String(r.requests?.memory)), parseBytes(String(r.limits?.memory))];
    if (rm !== undefined && lm !== undefined && rm > lm) this.fail(`${prop}.requests.memory`, r.requests.memory, `at most limits.memory (${r.limits.memory})`);
  }

  /** Throws a PropsError naming the construct path if anything failed. */
  done(): void {
    if (this.problems.length > 0) throw new PropsError(this.path, this.problems);
  }
}
