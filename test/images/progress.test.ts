/**
 * What the user sees while builds run, and how the build stream is read. The stream is fed
 * messages shaped like the engine's (the real engine is exercised in build-image.test.ts).
 */
import { PassThrough, Writable } from 'stream';
import { BuildProgress } from '../../lib/images/build-image';
import { readBuildStream } from '../../lib/images/build-stream';
import { createProgressReporter, wantsLiveProgress } from '../../lib/images/progress-reporter';

function sink(columns?: number): Writable & { text: string; columns?: number } {
  const out = new Writable({
    write(chunk, _encoding, callback) {
      out.text += chunk.toString();
      callback();
    },
  }) as Writable & { text: string; columns?: number };
  out.text = '';
  out.columns = columns;
  return out;
}

const step = (name: string, line: string): BuildProgress => {
  const [, number, total] = /^Step (\d+)\/(\d+)/.exec(line)!;
  return { name, kind: 'step', step: { number: Number(number), total: Number(total), line, cached: false } };
};

test('live on a terminal, plain lines when not a TTY or under CI', () => {
  expect(wantsLiveProgress({ isTTY: true }, {})).toBe(true);
  expect(wantsLiveProgress({ isTTY: true }, { CI: 'true' })).toBe(false);
  expect(wantsLiveProgress({ isTTY: true }, { CI: 'false' })).toBe(true);
  expect(wantsLiveProgress({ isTTY: false }, {})).toBe(false);
});

test('plain mode prints one prefixed line per step; build output only with --verbose', () => {
  const out = sink();
  const reporter = createProgressReporter(out, { live: false });
  reporter.onProgress(step('backend', 'Step 3/12 : RUN pip install -r requirements.txt'));
  reporter.onProgress({ name: 'backend', kind: 'log', line: 'Collecting fastapi' });
  expect(out.text).toBe('[backend] Step 3/12 : RUN pip install -r requirements.txt\n');

  const verbose = sink();
  createProgressReporter(verbose, { live: false, verbose: true }).onProgress({ name: 'backend', kind: 'log', line: 'Collecting fastapi' });
  expect(verbose.text).toBe('[backend]   Collecting fastapi\n');
});

test('live mode redraws one status line per image in place, cut to the terminal width', () => {
  const out = sink(40);
  const reporter = createProgressReporter(out, { live: true });
  reporter.onProgress(step('backend', 'Step 1/12 : FROM python:3.12-slim'));
  reporter.onProgress(step('frontend', 'Step 1/20 : FROM node:22-alpine'));
  reporter.onProgress(step('backend', 'Step 2/12 : RUN python -m venv /opt/venv --with-a-very-long-tail'));

  const frames = out.text.split(/(?=\x1b\[\d+A)/);
  expect(frames).toHaveLength(3);
  // 40 columns: 39 characters, so the cursor never wraps onto the next line.
  expect(frames[2]).toBe('\x1b[2A\x1b[2Kbackend   Step 2/12 : RUN python -m ven\n\x1b[2Kfrontend  Step 1/20 : FROM node:22-alpi\n');
});

test('the stream is read across chunk boundaries; an error message marks the failure', async () => {
  const stream = new PassThrough();
  const result = readBuildStream(stream);
  const messages = [
    { stream: 'Step 1/2 : FROM base\n' },
    { stream: ' ---> 425db60aa3de\n' },
    { stream: 'Step 2/2 : RUN python -m venv /opt/venv\n' },
    { stream: ' ---> Using cache\n' },
    { stream: '\x1b[91m/bin/sh: ' },
    { stream: 'python: not found\n\x1b[0m' },
    { error: "The command '/bin/sh -c python' returned a non-zero code: 127", errorDetail: { code: 127, message: "The command '/bin/sh -c python' returned a non-zero code: 127" } },
  ];
  const text = messages.map((m) => JSON.stringify(m) + '\r\n').join('');
  // Split mid-message, as a socket may.
  stream.write(text.slice(0, 50));
  stream.end(text.slice(50));

  const { steps, error, logTail } = await result;
  expect(steps.map((s) => [s.line, s.cached])).toEqual([
    ['Step 1/2 : FROM base', false],
    ['Step 2/2 : RUN python -m venv /opt/venv', true],
  ]);
  expect(error).toBe("The command '/bin/sh -c python' returned a non-zero code: 127");
  expect(logTail.slice(-2)).toEqual(['/bin/sh: python: not found', error]);
});
