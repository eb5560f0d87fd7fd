import { spawnSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Runs `npm run secret` as users run it (through npm and package.json's script), with the local
 * profile, and fails the test if any of `secrets` (or, with `fragment`, any piece of them that
 * long) appears in its output.
 */
export function npmRunSecret(args: string[], secrets: readonly string[], options: { cwd?: string; separator?: boolean; fragment?: number } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, TODO_PROFILE: 'local' };
  delete env.TODO_VALUES;
  const r = spawnSync('npm', ['run', '--silent', '--prefix', ROOT, 'secret', ...(options.separator === false ? [] : ['--']), ...args], {
    cwd: options.cwd ?? ROOT, encoding: 'utf8', env, timeout: 60_000,
  });
  const output = `${r.stdout}${r.stderr}`;
  for (const secret of secrets) {
    const size = options.fragment ?? secret.length;
    for (let i = 0; i + size <= secret.length; i++) {
      // A plain boolean: expect(output).not.toContain() would print the secret in its failure message.
      if (output.includes(secret.slice(i, i + size))) throw new Error(`npm run secret printed (part of) a secret value`);
    }
  }
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, output };
}
