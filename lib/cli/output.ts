import { Writable } from 'stream';

/** A stream a command writes to; a terminal's says so (`isTTY`, `columns`). */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

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
  /**
   * The same two streams, for the image builds' progress display, which redraws lines on a
   * terminal (`progress` draws where `say` writes, `results` where `print` writes).
   */
  readonly streams: { readonly progress: OutputStream; readonly results: OutputStream };
}

/** The process's stderr and stdout. */
export const processOutput: Output = {
  say: (line) => void process.stderr.write(`${line}\n`),
  print: (line) => void process.stdout.write(`${line}\n`),
  streams: { progress: process.stderr, results: process.stdout },
};

/** Collects both streams (tests run commands in process with it). */
export function capturedOutput(): Output & { readonly stderr: string[]; readonly stdout: string[] } {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const into = (lines: string[]) => new Writable({ write: (chunk, _encoding, done) => { lines.push(...String(chunk).replace(/\n$/, '').split('\n')); done(); } });
  return { stderr, stdout, say: (l) => void stderr.push(l), print: (l) => void stdout.push(l), streams: { progress: into(stderr), results: into(stdout) } };
}
