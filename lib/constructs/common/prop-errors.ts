import { Construct } from 'constructs';
import { FieldIssue } from '../../model/field-checker';
import { ExplainedError } from '../../util/explained-error';

/**
 * Thrown at construction when a construct's props cannot become a valid object: every issue a
 * FieldChecker found in them at once, under the construct's path. Checked at construction, so
 * the stack trace points at the user's line.
 */
export class PropsError extends ExplainedError {
  /**
   * Throws the issues found in the props of the construct `at`, if there are any. `at`: the
   * construct, or the path it will have (constructPath) when the checks run before `super()`.
   */
  static throwIfAny(at: Construct | string, issues: readonly FieldIssue[]): void {
    if (issues.length === 0) return;
    throw new PropsError(typeof at === 'string' ? at : at.node.path, issues.map((i) => `${i.field}: ${i.problem}; allowed: ${i.allowed}`));
  }

  constructor(public readonly path: string, public readonly problems: readonly string[]) {
    super(`Invalid props of ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PropsError';
  }
}

/** The path a construct `id` under `scope` will have. */
export function constructPath(scope: Construct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
