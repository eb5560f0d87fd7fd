/**
 * Opt-in: writes the Secret manifest from a .env file into a file git will not commit (default
 * secrets/<secretName>.yaml, mode 0600). Prints key names only, never values or any part of a
 * malformed line.
 *
 *   npm run secret -- [--env-file .env] [--out secrets/todo/todo-secrets.yaml] [--profile NAME] [-f FILE]...
 *
 * The keys are those the synthesized manifests read (main.ts is run as `npm run synth` runs it,
 * without publishing), so keys the user's own code references are written too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { configFlagsEnv } from '../lib/cli/config-flags';
import { isExplainedError } from '../lib/pipeline/report';
import { synthesizeWithoutPublishing } from '../lib/pipeline/collect';
import { SECRET_USAGE, SecretUsageError, parseSecretArgs } from '../lib/cli/secret-options';
import { DotenvError } from '../lib/secrets/dotenv';
import { EnvFileError, readEnvFile } from '../lib/secrets/env-file';
import { gitCommitRisk, realWriteTarget } from '../lib/secrets/git-guard';
import { secretsRead } from '../lib/secrets/secret-keys-read';
import { buildSecretManifest } from '../lib/secrets/secret-manifest';
import { describeUnreadKeys, wrappedValueWarnings } from '../lib/secrets/unread-keys';
import { temporaryPathFor, writeSecretFile } from '../lib/secrets/write-secret-file';
import { fileTypeWords } from '../lib/util/read-input-file';

/** An expected failure: its message is printed as it is (it names files and keys only). */
class SecretCliError extends Error {}

/** Refuses an output that git could commit, that is a symlink or directory, or that is the .env itself. */
function checkOutput(out: string, envFile: string): void {
  const stat = fs.lstatSync(out, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) throw new SecretCliError(`${out}: is a symbolic link; name the file itself with --out.`);
  if (stat?.isDirectory()) throw new SecretCliError(`${out}: is a directory; --out takes a file name.`);
  // The rename would replace a device or FIFO (as root, /dev/null) with the Secret file.
  if (stat && !stat.isFile()) throw new SecretCliError(`${out}: is ${fileTypeWords(stat)}, not a regular file; --out takes a new or existing regular file.`);
  const target = realWriteTarget(out);
  if (target === realWriteTarget(envFile)) throw new SecretCliError(`${out}: is the --env-file itself; write the Secret elsewhere.`);
  // The temporary file holds the secret too, and stays behind if the process is killed.
  const risk = gitCommitRisk(target) ?? (gitCommitRisk(temporaryPathFor(target)) && `its temporary file ${temporaryPathFor(out)} would not be ignored by git`);
  if (risk) {
    throw new SecretCliError(
      `${out}: ${risk}, so the secret could be committed${target !== path.resolve(out) ? ` (it resolves to ${target})` : ''}. ` +
        'Write it under secrets/ (ignored) or outside any git work tree.',
    );
  }
}

function main(): number {
  const args = parseSecretArgs(process.argv.slice(2));
  if (args.help) {
    console.log(SECRET_USAGE);
    return 0;
  }
  // main.ts reads its settings from the environment, as under `npm run synth`: the flags win.
  Object.assign(process.env, configFlagsEnv(args.config, process.env));
  const { settings: config, manifests } = synthesizeWithoutPublishing('main.ts', 'npm run secret: nothing was written.');
  // Paths given on the command line are relative to where npm was run (INIT_CWD), as for
  // `npm run images`; npm itself runs the script in the project root, where the defaults live.
  const given = (file: string) => path.resolve(process.env.INIT_CWD || process.cwd(), file);
  const envFile = args.envFile !== undefined ? given(args.envFile) : '.env';
  const out = args.out !== undefined ? given(args.out) : path.join('secrets', config.instance, `${config.secretName}.yaml`);
  const entries = readEnvFile(envFile);
  const values = new Map(entries.map((e) => [e.key, e.value]));
  for (const warning of wrappedValueWarnings(entries, envFile)) console.error(warning);
  const result = buildSecretManifest(config, values, manifests);
  if (!result.ok) {
    console.error(`${envFile}: cannot build Secret ${config.secretName} (profile "${config.profile}"):`);
    for (const p of result.problems) console.error(`  - ${p}`);
    console.error(`Nothing was written to ${out}.`);
    return 1;
  }
  checkOutput(out, envFile);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeSecretFile(out, result.yaml);
  console.log(`Wrote ${out}: Secret ${config.namespace}/${config.secretName} with keys ${result.keys.join(', ')} (values not shown).`);
  const unread = describeUnreadKeys(result.ignored);
  if (unread) console.log(unread);
  for (const other of secretsRead(manifests).filter((s) => s.secretName !== config.secretName || (s.namespace ?? 'default') !== config.namespace)) {
    const keys = other.wholeSecretReadBy.length > 0 ? 'all its keys' : `keys ${other.keys.map((k) => k.key).join(', ')}`;
    console.log(`Also read by the manifests, not written here: Secret ${other.namespace ?? 'default'}/${other.secretName} (${keys}); create it yourself.`);
  }
  console.log(`Apply after the namespace exists: kubectl apply -f ${out}   (keep this file out of git)`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  const expected = err instanceof SecretCliError || err instanceof EnvFileError || err instanceof SecretUsageError || err instanceof DotenvError || isExplainedError(err);
  // Anything else is printed by name and message only: a stack trace could carry a value.
  console.error(expected ? (err as Error).message : `npm run secret failed: ${(err as Error).message}`);
  if (err instanceof DotenvError || isExplainedError(err)) console.error('Nothing was written.');
  process.exitCode = 1;
}
