import { spawn } from 'child_process';

/** What a command gave back. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without a shell (arguments are never parsed again), stdin from `input`. */
export type CommandRunner = (program: string, args: readonly string[], options?: { input?: string | Buffer; env?: NodeJS.ProcessEnv }) => Promise<CommandResult>;

/** The CommandRunner of this process: spawn, no shell; a missing program rejects with ENOENT. */
export const runCommand: CommandRunner = (program, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(program, [...args], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
