/**
 * An error whose message already says what is wrong, where (the field, file, flag or object) and
 * what is allowed: a command prints it as it is, without a stack, and exits with `exitCode`.
 * Every error a user can cause extends it; any other error is a bug and keeps its stack.
 */
export class ExplainedError extends Error {
  /**
   * The exit code of a command that stops on it: 2 for a command line it cannot act on (as
   * Helm and kubectl exit for usage errors), 1 for everything else.
   */
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number } = {}) {
    super(message);
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A command line a command cannot act on (an unknown flag, a missing value): exit code 2. */
export class UsageError extends ExplainedError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
  }
}
