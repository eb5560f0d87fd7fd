/**
 * Names of the errors whose message already says what is wrong and where (the settings, the
 * images lock, a synth-time check, publishing, Chart.yaml's fields, a construct's props, the app's compile errors): shown
 * without a stack. By name, not class: the command and the app may each run from a bundle of
 * their own (lib/synth/bundle.js), with a copy of these classes each.
 */
const EXPLAINED_ERRORS = new Set(['ConfigError', 'LockFileError', 'MissingLockFileError', 'CheckError', 'PublishError', 'ChartMetadataError', 'PropsError', 'AppCompileError']);

/** Errors whose message already says what is wrong and where: shown without a stack. */
export function isExplainedError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (EXPLAINED_ERRORS.has(err.name) ||
      // node.addValidation() failures, collected by cdk8s: each names the construct path.
      /^Validation failed with the following errors:/.test(err.message))
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
