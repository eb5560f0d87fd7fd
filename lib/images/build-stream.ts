/**
 * Reads the JSON message stream of POST /build. The HTTP status is 200 even when a step fails:
 * the failure arrives as a message `{"error": ..., "errorDetail": {...}}`, so the stream itself
 * decides success.
 */

/** One Dockerfile instruction as the classic builder announced it. */
export interface BuildStep {
  readonly number: number;
  readonly total: number;
  /** The whole announcement, e.g. `Step 3/12 : RUN pip install ...`. */
  readonly line: string;
  /** True when the builder reused a cached layer for it (` ---> Using cache`). */
  cached: boolean;
}

export type BuildStreamEvent = { readonly kind: 'step'; readonly step: BuildStep } | { readonly kind: 'log'; readonly line: string };

export interface BuildStreamResult {
  readonly steps: readonly BuildStep[];
  /** The builder's error message; undefined when the build succeeded. */
  readonly error?: string;
  /** The last LOG_TAIL_LINES lines of output, for a failure report. */
  readonly logTail: readonly string[];
  /**
   * What the last step printed (the failing one, when the build failed), without the builder's
   * own lines (` ---> Running in ...`, `Removing intermediate container ...`) and the error
   * message; its last STEP_OUTPUT_LINES lines.
   */
  readonly stepOutput: readonly string[];
  /** How many lines the last step printed in all (stepOutput may hold only the last of them). */
  readonly stepOutputLines: number;
}

export const LOG_TAIL_LINES = 20;
/** Lines of the last step's output kept for the failure report (npm's errors come last). */
export const STEP_OUTPUT_LINES = 2000;
/** Lines the classic builder itself prints inside a step. */
const BUILDER_LINE = /^\s*---> |^Removing intermediate container /;
const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
/** Colour codes the builder wraps stderr in; they would garble a plain log and the failure report. */
const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Consumes a build response stream; resolves when it ends, rejects only if the connection fails. */
export function readBuildStream(stream: NodeJS.ReadableStream, onEvent: (event: BuildStreamEvent) => void = () => undefined): Promise<BuildStreamResult> {
  const steps: BuildStep[] = [];
  const logTail: string[] = [];
  let stepOutput: string[] = [];
  let stepOutputLines = 0;
  let error: string | undefined;
  let pending = '';
  // Output arrives in chunks that may end mid-line (`/bin/sh: ` then `python: not found\n`).
  let partialLine = '';

  const log = (text: string, complete = false) => {
    const pieces = (partialLine + text.replace(ANSI_ESCAPE, '')).split(/\r?\n|\r/);
    partialLine = complete ? '' : pieces.pop() ?? '';
    for (const raw of pieces) {
      const line = raw.trimEnd();
      if (!line) continue;
      logTail.push(line);
      if (logTail.length > LOG_TAIL_LINES) logTail.shift();
      const step = STEP.exec(line);
      if (step) {
        const announced: BuildStep = { number: Number(step[1]), total: Number(step[2]), line, cached: false };
        steps.push(announced);
        stepOutput = [];
        stepOutputLines = 0;
        onEvent({ kind: 'step', step: announced });
      } else {
        if (!BUILDER_LINE.test(line) && line !== error) {
          stepOutput.push(line);
          stepOutputLines++;
          if (stepOutput.length > STEP_OUTPUT_LINES) stepOutput.shift();
        }
        if (line.trim() === '---> Using cache' && steps.length) steps[steps.length - 1].cached = true;
        onEvent({ kind: 'log', line });
      }
    }
  };

  const handle = (jsonLine: string) => {
    if (!jsonLine.trim()) return;
    let message: BuildMessage;
    try {
      message = JSON.parse(jsonLine);
    } catch {
      log(`\n${jsonLine}\n`); // not JSON: keep it as a line of output rather than lose it
      return;
    }
    if (message.error !== undefined || message.errorDetail !== undefined) {
      error = message.errorDetail?.message || message.error || 'unknown error';
      log(`\n${error}`, true);
    }
    if (message.stream) log(message.stream);
    if (message.status) log(`\n${message.status}\n`); // pull progress: one whole line per message
  };

  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        handle(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
    let ended = false;
    stream.on('error', reject);
    stream.on('end', () => {
      ended = true;
      handle(pending);
      log('', true);
      resolve({ steps, error, logTail, stepOutput, stepOutputLines });
    });
    stream.on('close', () => {
      if (!ended) reject(Object.assign(new Error('the connection to the Docker Engine closed before the build finished'), { code: 'ECONNRESET' }));
    });
  });
}
