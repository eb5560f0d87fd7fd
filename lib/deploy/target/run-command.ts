import { spawn } from 'child_process';
import { CommandOptions, CommandResult, CommandRunner } from './types';

/** Loading a large image into a slow VM takes minutes; nothing here should take longer. */
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** The most output kept of one command: an image list is small, a runaway command is cut off. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The CommandRunner of a real deploy: spawn without a shell, output collected, stdin streamed when given. */
export const spawnCommand: CommandRunner = (command: string, args: readonly string[], options: CommandOptions = {}) =>
  new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
    };
    child.stdout!.on('data', keep(stdout));
    child.stderr!.on('data', keep(stderr));
    child.on('error', reject);
    if (options.stdin && child.stdin) {
      // A command that exits early (bad flag) closes its stdin: the write error is its exit, not ours.
      child.stdin.on('error', () => undefined);
      options.stdin.on('error', (err) => child.kill() && reject(err));
      options.stdin.pipe(child.stdin);
    }
    // A hung minikube or kind must not hang the deploy: killed after the deadline, said in its stderr.
    const deadline = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      stderr.push(Buffer.from(`\n(killed: no exit within ${deadline / 1000}s)`));
      child.kill('SIGKILL');
    }, deadline);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });

/** True when the command could not start because it is not installed (or not on PATH). */
export function isNotInstalled(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The last lines of a failed command's output, for an error message. */
export function outputTail(result: CommandResult, lines = 10): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  return text ? text.split('\n').slice(-lines).map((l) => `  | ${l}`).join('\n') : '  (no output)';
}
