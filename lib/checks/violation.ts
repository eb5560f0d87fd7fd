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
}

/** Violations as readable lines, one block per violation. */
export function formatViolations(violations: readonly CheckViolation[]): string {
  return violations.map((v) => `  - ${v.object} ${v.path}: ${v.rule}\n      fix: ${v.fix}`).join('\n');
}

/** Thrown by synth when the manifests fail the checks; the message lists every violation. */
export class CheckError extends Error {
  constructor(public readonly violations: readonly CheckViolation[]) {
    // "Validation failed" is how cdk8s words its own validation errors; the synth entry point
    // prints such an error's message alone, without a stack trace.
    super(`Validation failed: ${violations.length} problem${violations.length === 1 ? '' : 's'} in the synthesized manifests:\n${formatViolations(violations)}`);
    this.name = 'CheckError';
  }
}
