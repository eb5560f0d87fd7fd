/**
 * Opt-in: writes the Secret manifest from a .env file into an ignored file (default
 * secrets/<secretName>.yaml, mode 0600). Prints key names only, never values.
 *
 *   npm run secret -- [--env-file .env] [--out secrets/todo-secrets.yaml]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../lib/config/load';
import { parseDotenv } from '../lib/secrets/dotenv';
import { buildSecretManifest } from '../lib/secrets/secret-manifest';
import { writeFileAtomic } from '../lib/util/atomic-write';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** True when `file` is inside this git work tree and git does not ignore it. */
function wouldBeCommitted(file: string): boolean {
  const root = path.resolve(__dirname, '..');
  const relative = path.relative(root, path.resolve(file));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  // Exit 0: ignored; 1: not ignored; anything else (no git, not a repository): nothing to commit into.
  return spawnSync('git', ['check-ignore', '-q', '--no-index', relative], { cwd: root }).status === 1;
}

function main(): number {
  const config = loadConfig();
  const envFile = option('--env-file', '.env');
  const out = option('--out', path.join('secrets', `${config.secretName}.yaml`));
  if (!fs.existsSync(envFile)) {
    console.error(`${envFile}: file not found. Create it with the keys BETTER_AUTH_SECRET, OPENAI_API_KEY and the database credential, or pass --env-file PATH.`);
    return 1;
  }
  const result = buildSecretManifest(config, parseDotenv(fs.readFileSync(envFile, 'utf8'), envFile));
  if (!result.ok) {
    console.error(`${envFile}: cannot build Secret ${config.secretName} (profile "${config.profile}"):`);
    for (const p of result.problems) console.error(`  - ${p}`);
    console.error(`Nothing was written to ${out}.`);
    return 1;
  }
  if (wouldBeCommitted(out)) {
    console.error(`${out}: inside this repository and not ignored by git, so the secret could be committed. Write it under secrets/ (ignored) or outside the repository.`);
    return 1;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeFileAtomic(out, result.yaml, 0o600);
  console.log(`Wrote ${out}: Secret ${config.namespace}/${config.secretName} with keys ${result.keys.join(', ')} (values not shown).`);
  if (result.ignored.length) console.log(`Not included (not read by the workloads): ${result.ignored.join(', ')}.`);
  console.log(`Apply after the namespace exists: kubectl apply -f ${out}   (keep this file out of git)`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
