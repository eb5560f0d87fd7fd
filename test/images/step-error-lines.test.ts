/**
 * Which lines of a failed step's output the report shows: the ones that say why, in the forms
 * the builds of this project's images print them (npm, Next.js and tsc, pip, a shell).
 */
import { PassThrough } from 'stream';
import { readBuildStream } from '../../lib/images/build-stream';
import { instructionOfStep } from '../../lib/images/dockerfile-steps';
import { MAX_ERROR_LINES, stepErrorLines } from '../../lib/images/step-error-lines';

test('next build: the location and the type error, not the progress lines or npm notices around them', () => {
  const output = [
    '   ▲ Next.js 16.1.6',
    '   Creating an optimized production build ...',
    ' ✓ Compiled successfully in 12.3s',
    '   Linting and checking validity of types ...',
    'Failed to compile.',
    './src/app/page.tsx:3:7',
    "Type error: Type 'number' is not assignable to type 'string'.",
    '  1 | export default function Page() {',
    "> 3 |   const title: string = 1;",
    'Next.js build worker exited with code: 1 and signal: null',
    'npm notice',
    'npm notice New major version of npm available! 10.9.2 -> 11.6.0',
    'npm notice To update run: npm install -g npm@11.6.0',
  ];
  expect(stepErrorLines(output)).toEqual({
    lines: ['Failed to compile.', './src/app/page.tsx:3:7', "Type error: Type 'number' is not assignable to type 'string'.", 'Next.js build worker exited with code: 1 and signal: null'],
    fallback: false,
  });
});

test('tsc, pip and a shell: each one\'s error line', () => {
  expect(stepErrorLines(['src/lib/db.ts(12,5): error TS2304: Cannot find name \'Pool\'.']).lines).toEqual(["src/lib/db.ts(12,5): error TS2304: Cannot find name 'Pool'."]);
  expect(stepErrorLines([
    'Collecting fastapi', '  Downloading fastapi-0.115.0-py3-none-any.whl (94 kB)',
    'ERROR: Could not find a version that satisfies the requirement openai-agents==9.9 (from versions: none)',
    'ERROR: No matching distribution found for openai-agents==9.9',
    '[notice] A new release of pip is available: 24.0 -> 25.2',
  ]).lines).toEqual([
    'ERROR: Could not find a version that satisfies the requirement openai-agents==9.9 (from versions: none)',
    'ERROR: No matching distribution found for openai-agents==9.9',
  ]);
  expect(stepErrorLines(['/bin/sh: python: not found']).lines).toEqual(['/bin/sh: python: not found']);
});

test('nothing that looks like an error: the step\'s last lines, said so; the engine\'s own message is not repeated', () => {
  const output = Array.from({ length: 15 }, (_, i) => `step output ${i + 1}`);
  const error = "The command '/bin/sh -c ./build.sh' returned a non-zero code: 2";
  expect(stepErrorLines([...output, error], error)).toEqual({ lines: output.slice(-10), fallback: true });
});

test(`more than ${MAX_ERROR_LINES} error lines: the first and the last, with the count of those left out`, () => {
  const output = Array.from({ length: 100 }, (_, i) => `src/f${i}.ts(1,1): error TS1005: ';' expected.`);
  const { lines } = stepErrorLines(output);
  expect(lines).toHaveLength(MAX_ERROR_LINES);
  expect(lines[0]).toBe(output[0]);
  expect(lines[lines.length - 1]).toBe(output[99]);
  expect(lines).toContain(`… ${100 - MAX_ERROR_LINES + 1} more error lines …`);
});

test('the stream keeps the last step\'s own output, without the builder\'s lines or the error message', async () => {
  const stream = new PassThrough();
  const result = readBuildStream(stream);
  const error = "The command '/bin/sh -c npm ci' returned a non-zero code: 1";
  const messages = [
    { stream: 'Step 1/2 : FROM base\n' }, { stream: ' ---> 425db60aa3de\n' },
    { stream: 'Step 2/2 : RUN npm ci\n' }, { stream: ' ---> Running in 0123456789ab\n' },
    { stream: '\x1b[91mnpm error code EUSAGE\n\x1b[0m' }, { stream: 'npm notice\n' },
    { error, errorDetail: { code: 1, message: error } },
  ];
  stream.end(messages.map((m) => JSON.stringify(m) + '\n').join(''));
  const { stepOutput, stepOutputLines, steps } = await result;
  expect(stepOutput).toEqual(['npm error code EUSAGE', 'npm notice']);
  expect(stepOutputLines).toBe(2);
  // The step is found in its Dockerfile by its number (the global ARG counts) and its keyword.
  const dockerfile = 'ARG NODE_IMAGE=node:22\nFROM ${NODE_IMAGE} AS deps\n# comment\nRUN npm ci \\\n  --no-audit\n';
  expect(instructionOfStep(dockerfile, { ...steps[1], number: 3 })).toEqual({ line: 4, keyword: 'RUN', stage: 'deps' });
  expect(instructionOfStep(dockerfile, { ...steps[1], number: 2 })).toBeUndefined(); // a FROM, not the RUN announced
});
