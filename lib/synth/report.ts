import { ConfigError } from '../config/validate';
import { PropsError } from '../common/prop-errors';
import { ChartMetadataError } from '../chart/chart-metadata';
import { LockFileError } from '../images/lock';
import { ManifestCheckError } from './checks';
import { PublishError } from './publish';

/** Errors whose message already says what is wrong and where: shown without a stack. */
export function isExplainedError(err: unknown): boolean {
  return (
    err instanceof ConfigError ||
    err instanceof LockFileError ||
    err instanceof ManifestCheckError ||
    err instanceof PublishError ||
    err instanceof ChartMetadataError ||
    // Construct props refused at construction: the message names the construct path and prop.
    err instanceof PropsError ||
    // node.addValidation() failures, collected by cdk8s: each names the construct path.
    (err instanceof Error && /^Validation failed with the following errors:/.test(err.message))
  );
}

/**
 * Prints a failure for a person (the message for an explained error, the stack for a bug in the
 * app's code) plus what happened to the output, and ends the process with exit code 1.
 */
export function exitWithFailure(err: unknown, outcome: string): never {
  console.error(isExplainedError(err) ? (err as Error).message : err);
  console.error(outcome);
  process.exit(1);
}
