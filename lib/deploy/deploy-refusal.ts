import { ExplainedError } from '../util/explained-error';
/**
 * Deploy stopped before changing anything, for a reason the user fixes: a missing .env key, a
 * differing Secret, a field the server would refuse to update. The headline names what and where;
 * the detail lines say what to do. Printed without a stack.
 */
export class DeployRefusal extends ExplainedError {
  constructor(readonly headline: string, readonly details: readonly string[] = []) {
    super([headline, ...details.map((d) => `  ${d}`)].join('\n'));
    this.name = 'DeployRefusal';
  }
}
