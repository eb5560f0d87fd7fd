/**
 * Where a command prints: progress and diagnoses on stderr (plain lines, readable in CI logs),
 * results a script may read on stdout. The one output helper of every command; actions in the
 * layers below never print, they return reports and take a `log` for progress.
 */
export interface Output {
  /** A line of progress, a warning or a diagnosis (stderr). */
  say(line: string): void;
  /** A line of the command's result (stdout). */
  print(line: string): void;
}

/** The process's stderr and stdout. */
export const processOutput: Output = {
  say: (line) => void process.stderr.write(`${line}\n`),
  print: (line) => void process.stdout.write(`${line}\n`),
};

/** Collects both streams (tests run commands in process with it). */
export function capturedOutput(): Output & { readonly stderr: string[]; readonly stdout: string[] } {
  const stderr: string[] = [];
  const stdout: string[] = [];
  return { stderr, stdout, say: (l) => void stderr.push(l), print: (l) => void stdout.push(l) };
}
