import { ExplainedError } from '../../util/explained-error';
/** Detecting the target or delivering an image failed; the message names the context or command and what to do. */
export class TargetError extends ExplainedError {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}
