import { ExplainedError } from '../util/explained-error';

/**
 * An error as a person reads it: the message of an explained error (it names the field, file,
 * flag or object and what is allowed), each build's for several failed builds, one line for a
 * call stack that ran out on deeply nested input, and the stack of anything else, which is a bug. The one rule every command uses.
 */
export function explain(err: unknown): string {
  const errors = (err as { errors?: unknown[] })?.errors;
  if (err instanceof ExplainedError && Array.isArray(errors) && errors.every((e) => e instanceof ExplainedError)) {
    return errors.map(explain).join('\n\n');
  }
  if (err instanceof ExplainedError) return err.message;
  // Input nested deeper than some library can follow: a limit of the input, not a bug; its stack says nothing.
  if (err instanceof Error && /Maximum call stack size exceeded/.test(err.message)) {
    return `${err.message.split('\n')[0]}: something is nested too deeply to process (an object built in main.ts, or a file it reads); allowed: objects as deep as Kubernetes objects are (a few dozen levels)`;
  }
  return err instanceof Error ? err.stack ?? err.message : String(err);
}

/** The exit code a command ends with after `err`: the explained error's own, else 1. */
export function exitCodeOf(err: unknown): number {
  return err instanceof ExplainedError ? err.exitCode : 1;
}

/**
 * Prints a failure (after `heading`, e.g. "npm run deploy failed:") and what it left behind
 * (`outcome`, e.g. "Synth failed; dist/ was left as it was."), and returns the exit code.
 */
export function reportFailure(say: (line: string) => void, err: unknown, outcome?: string, heading?: string): number {
  say(heading ? `${heading}\n${explain(err)}` : explain(err));
  if (outcome) say(outcome);
  return exitCodeOf(err);
}
