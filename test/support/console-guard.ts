/**
 * Jest setupFilesAfterEnv: a passing test prints nothing but the runner's summary. Whatever a
 * test (or the code it runs) writes through `console` is held back and fails that test, shown in
 * the failure, so a stray log or a code frame dumped by a library is fixed where it starts. A
 * test that checks what code prints replaces `console.*` itself (jest.spyOn) for that test.
 */
import { format } from 'util';

const LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const written: string[] = [];

for (const level of LEVELS) {
  // Held, not printed: shown once, in the failure it causes.
  console[level] = (...args: unknown[]) => {
    written.push(`console.${level}: ${format(...args)}`.slice(0, 2000));
  };
}

function failOnOutput(when: string): void {
  if (written.length === 0) return;
  const lines = written.splice(0);
  throw new Error(`${when} wrote to the console (a passing test prints nothing; assert on output through jest.spyOn(console, ...) instead):\n${lines.join('\n')}`);
}

afterEach(() => failOnOutput('this test'));
afterAll(() => failOnOutput("this file's beforeAll/afterAll"));
