import { BuildProgress, BuiltImage, ProgressListener } from './build-image';
import { formatBytes } from './size';

/** Shows builds as they run: one live status line per image on a terminal, plain lines elsewhere. */
export interface ProgressReporter {
  readonly onProgress: ProgressListener;
}

/** Live redrawing only on an interactive terminal outside CI; logs and CI get plain lines. */
export function wantsLiveProgress(out: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return Boolean(out.isTTY) && !ci;
}

function cachedSummary(image: BuiltImage): string {
  const cached = image.steps.filter((s) => s.cached).length;
  return `${cached}/${image.steps.length} steps cached`;
}

/** One line per finished image, for the end of a run. */
export function formatBuiltImage(image: BuiltImage): string {
  if (image.reused) return `${image.reference}  ${formatBytes(image.sizeBytes)}  (inputs unchanged: the engine's image, not rebuilt)`;
  return `${image.reference}  ${formatBytes(image.sizeBytes)}  (context ${formatBytes(image.contextBytes)}, ${cachedSummary(image)})`;
}

/** The status an event leaves its image in; undefined for events that do not change it. */
function statusOf(event: BuildProgress): string | undefined {
  switch (event.kind) {
    case 'context':
      return `context sent: ${formatBytes(event.bytes)} in ${event.entries} entries`;
    case 'step':
      return event.step.line;
    case 'built':
      return `done: ${formatBuiltImage(event.image)}`;
    case 'failed':
      return 'FAILED (details below)';
    case 'log':
      return undefined;
  }
}

export interface ReporterOptions {
  readonly live: boolean;
  /** Plain mode only: also print every line of build output. */
  readonly verbose?: boolean;
}

export function createProgressReporter(out: NodeJS.WritableStream & { columns?: number }, options: ReporterOptions): ProgressReporter {
  return options.live ? liveReporter(out) : plainReporter(out, Boolean(options.verbose));
}

function plainReporter(out: NodeJS.WritableStream, verbose: boolean): ProgressReporter {
  return {
    onProgress(event) {
      const status = statusOf(event);
      if (status !== undefined) out.write(`[${event.name}] ${status}\n`);
      else if (verbose && event.kind === 'log') out.write(`[${event.name}]   ${event.line}\n`);
    },
  };
}

/**
 * Redraws a block of status lines in place (cursor up, clear line) on every status change.
 * Each frame ends with a newline, so whatever is printed after the builds starts below it.
 */
function liveReporter(out: NodeJS.WritableStream & { columns?: number }): ProgressReporter {
  const lines = new Map<string, string>();
  let drawn = 0;
  const render = () => {
    // A pseudo-terminal without a size reports 0 columns.
    const width = Math.max((out.columns || 80) - 1, 20);
    const nameWidth = Math.max(...[...lines.keys()].map((n) => n.length));
    let frame = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const [name, status] of lines) frame += `\x1b[2K${`${name.padEnd(nameWidth)}  ${status}`.slice(0, width)}\n`;
    out.write(frame);
    drawn = lines.size;
  };
  return {
    onProgress(event) {
      const status = statusOf(event);
      if (status === undefined) return;
      lines.set(event.name, status);
      render();
    },
  };
}
