import { Construct } from 'constructs';
import { FieldChecker } from '../../model/field-checker';
import { ExplainedError } from '../../util/explained-error';
import { shapeIssues } from './props-shape';

/** Thrown at construction when a construct's props cannot become a valid object. */
export class PropsError extends ExplainedError {
  constructor(public readonly path: string, public readonly problems: readonly string[]) {
    super(`Invalid props of ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PropsError';
  }
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Collects what is wrong with one construct's props, each as `prop: got X; allowed: Y` (the
 * settings' FieldChecker, with the props' own rules), and throws them all at once naming the
 * construct path. Checked at construction, so the stack trace points at the user's line.
 */
export class PropsChecker extends FieldChecker {
  private readonly path: string;

  /** `at`: the construct, or the path it will have (for checks before `super()`). */
  constructor(at: Construct | string) {
    super();
    this.path = typeof at === 'string' ? at : at.node.path;
  }

  /** The path a construct `id` under `scope` will have. */
  static pathOf(scope: Construct, id: string): string {
    return scope.node.path ? `${scope.node.path}/${id}` : id;
  }

  /** Whether anything failed so far. */
  get failed(): boolean {
    return this.issues.length > 0;
  }

  /** Adds the problems of another checker of the same construct. */
  absorb(other: PropsChecker): void {
    this.issues.push(...other.issues);
  }

  /**
   * The props as the interface `name` types them (props-shape.ts): unknown keys with the one
   * probably meant, missing required ones, strings outside a union. For the construct the user
   * built (`new.target`), not for the props a subclass passes to `super`.
   */
  shape(name: string, props: unknown): void {
    this.issues.push(...shapeIssues(name, props));
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

  envName(prop: string, value: unknown): void {
    this.check(typeof value === 'string' && ENV_NAME.test(value), prop, value, 'an env variable name: letters, digits, "_", "-" and ".", not starting with a digit');
  }

  /** A non-empty list of strings (command, args). */
  argv(prop: string, value: unknown): void {
    this.check(Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string'), prop, value, 'a non-empty array of strings');
  }

  /** Throws a PropsError naming the construct path if anything failed. */
  done(): void {
    if (this.issues.length > 0) throw new PropsError(this.path, this.issues.map((i) => `${i.field}: ${i.problem}; allowed: ${i.allowed}`));
  }
}
