import { ExplainedError } from '../util/explained-error';
/** One thing in the synthesized manifests a cluster, a kubelet or the app would refuse. */
export interface CheckViolation {
  /** The object, `Kind/name` (or `config/<profile>` for a contradiction in the settings themselves). */
  readonly object: string;
  /** Field path in the object, e.g. `spec.template.spec.containers[0].securityContext.runAsUser`. */
  readonly path: string;
  /** What is wrong, and which rule says so. */
  readonly rule: string;
  /** What to change. */
  readonly fix: string;
  /**
   * The container the path is in, named, e.g. `init container "migrate"`.
   * @default - not inside a container, or not known
   */
  readonly container?: string;
  /**
   * `warning`: may be intended; printed, and synth goes on.
   * @default 'error'
   */
  readonly severity?: 'error' | 'warning';
}

/** The violations that fail synth (not warnings). */
export function errorsOf(violations: readonly CheckViolation[]): CheckViolation[] {
  return violations.filter((v) => v.severity !== 'warning');
}

/** The warnings among violations. */
export function warningsOf(violations: readonly CheckViolation[]): CheckViolation[] {
  return violations.filter((v) => v.severity === 'warning');
}

/** Violations as readable lines, one block per violation. */
export function formatViolations(violations: readonly CheckViolation[]): string {
  return violations.map((v) => `  - ${v.object} ${v.path}${v.container ? ` (${v.container})` : ''}: ${v.rule}\n      fix: ${v.fix}`).join('\n');
}

/** Thrown by synth when the manifests fail the checks; the message lists every violation. */
export class CheckError extends ExplainedError {
  constructor(public readonly violations: readonly CheckViolation[]) {
    // "Validation failed" is how cdk8s words its own validation errors; the synth entry point
    // prints such an error's message alone, without a stack trace.
    super(`Validation failed: ${violations.length} problem${violations.length === 1 ? '' : 's'} in the synthesized manifests:\n${formatViolations(violations)}`);
    this.name = 'CheckError';
  }
}
