/**
 * `npm run secret`: opt-in, writes the Secret manifest from a .env file into a file git will not
 * commit (default secrets/<instance>/<secretName>.yaml, mode 0600). Prints key names only, never
 * values or any part of a malformed line. The keys are those the synthesized manifests read
 * (main.ts built as `npm run synth` builds it, nothing published), the user's additions included.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DotenvError } from '../secrets/dotenv';
import { readEnvFile } from '../secrets/env-file';
import { gitCommitRisk, realWriteTarget } from '../secrets/git-guard';
import { secretsRead } from '../secrets/secret-keys-read';
import { buildSecretManifest } from '../secrets/secret-manifest';
import { describeUnreadKeys, wrappedValueWarnings } from '../secrets/unread-keys';
import { temporaryPathFor, writeSecretFile } from '../secrets/write-secret-file';
import { instancesOf } from '../pipeline/synthesize';
import { defaultOutDir } from '../pipeline/output';
import { ExplainedError, UsageError } from '../util/explained-error';
import { fileTypeWords } from '../util/read-input-file';
import { CommandSpec, parseCommand, stringValue, usage } from './args';
import { explain, exitCodeOf } from './errors';
import { CommandContext, synthesizeProject } from './project';

export const SECRET: CommandSpec = {
  name: 'secret',
  summary: 'Writes the Secret the manifests read, from .env, into a file git ignores (values never printed).',
  configFlags: true,
  hideStrayArguments: true,
  options: {
    'env-file': { type: 'string', placeholder: 'PATH', help: 'the .env to read (default .env)' },
    out: { type: 'string', placeholder: 'FILE', help: 'where to write it (default secrets/<instance>/<secretName>.yaml)' },
  },
};

/** An output or input `npm run secret` refuses; its message names files only. */
class SecretOutputError extends ExplainedError {}

/** `npm run secret`. */
export async function runSecret(argv: readonly string[], ctx: CommandContext): Promise<number> {
  try {
    return writeSecret(argv, ctx);
  } catch (err) {
    // Anything unexplained is printed by name and message only: a stack trace could carry a value.
    ctx.out.say(err instanceof ExplainedError ? explain(err) : `npm run secret failed: ${(err as Error).message}`);
    if (err instanceof DotenvError || (err instanceof ExplainedError && !(err instanceof UsageError))) ctx.out.say('Nothing was written.');
    return exitCodeOf(err);
  }
}

function writeSecret(argv: readonly string[], ctx: CommandContext): number {
  // `npm run secret --env-file X` (no "--") gives the option to npm, which passes it on only as
  // npm_config_env_file: the script would silently read the default .env.
  const takenByNpm = (['env-file', 'out', 'profile', 'values'] as const).filter((name) => ctx.env[`npm_config_${name.replace('-', '_')}`] !== undefined);
  if (takenByNpm.length > 0) {
    throw new UsageError(`npm run secret: npm took ${takenByNpm.map((n) => `--${n}`).join(' and ')} as its own setting; put "--" before the options: npm run secret -- --${takenByNpm[0]} ...\n${usage(SECRET)}`);
  }
  const args = parseCommand(SECRET, argv, ctx);
  if (!args) return 0;
  const { settings, synthesis } = synthesizeProject(ctx, args.config, { checks: false, warnWithoutLock: false });
  const given = (name: string) => {
    const v = stringValue(args, name);
    return v === undefined ? undefined : path.resolve(ctx.cwd, v);
  };
  const envFile = given('env-file') ?? path.join(ctx.root, '.env');
  // Paths are shown as the user typed them (the defaults relative to where they typed the command).
  const shownEnv = stringValue(args, 'env-file') ?? (path.relative(ctx.cwd, envFile) || envFile);
  const entries = readEnvFile(envFile);
  for (const warning of wrappedValueWarnings(entries, shownEnv)) ctx.out.say(warning);
  const manifests = synthesis.objects;
  for (const config of instancesOf(synthesis, settings)) {
    const out = given('out') ?? path.join(ctx.root, 'secrets', config.instance, `${config.secretName}.yaml`);
    const shownOut = stringValue(args, 'out') ?? (path.relative(ctx.cwd, out) || out);
    const result = buildSecretManifest(config, entries, manifests);
    if (!result.ok) {
      ctx.out.say(`${shownEnv}: cannot build Secret ${config.secretName} (profile "${config.profile}"):`);
      for (const p of result.problems) ctx.out.say(`  - ${p}`);
      ctx.out.say(`Nothing was written to ${shownOut}.`);
      return 1;
    }
    checkOutput(out, shownOut, envFile, ctx.root);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeSecretFile(out, result.yaml);
    ctx.out.print(`Wrote ${shownOut}: Secret ${config.namespace}/${config.secretName} with keys ${result.names.list(result.keys)} (values not shown).`);
    const unread = describeUnreadKeys(result.ignored);
    if (unread) ctx.out.print(unread);
    for (const other of secretsRead(manifests).filter((s) => s.secretName !== config.secretName || (s.namespace ?? 'default') !== config.namespace)) {
      const keys = other.wholeSecretReadBy.length > 0 ? 'all its keys' : `keys ${other.keys.map((k) => k.key).join(', ')}`;
      ctx.out.print(`Also read by the manifests, not written here: Secret ${other.namespace ?? 'default'}/${other.secretName} (${keys}); create it yourself.`);
    }
    ctx.out.print(`Apply after the namespace exists: kubectl apply -f ${shownOut}   (keep this file out of git)`);
  }
  return 0;
}

/** Refuses an output that git could commit, that is inside dist/ or dist-chart/, a symlink or directory, or the .env itself. */
function checkOutput(out: string, shown: string, envFile: string, root: string): void {
  const stat = fs.lstatSync(out, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) throw new SecretOutputError(`${shown}: is a symbolic link; name the file itself with --out.`);
  if (stat?.isDirectory()) throw new SecretOutputError(`${shown}: is a directory; --out takes a file name.`);
  // The rename would replace a device or FIFO (as root, /dev/null) with the Secret file.
  if (stat && !stat.isFile()) throw new SecretOutputError(`${shown}: is ${fileTypeWords(stat)}, not a regular file; --out takes a new or existing regular file.`);
  const target = realWriteTarget(out);
  // dist/ and dist-chart/ are git-ignored but published: `kubectl apply -f dist`, `helm package dist-chart` would ship the Secret.
  for (const format of ['manifests', 'helm'] as const) {
    const published = realWriteTarget(defaultOutDir(root, format));
    if (target === published || target.startsWith(published + path.sep)) {
      throw new SecretOutputError(`${shown}: is inside ${path.basename(published)}/, which synth publishes and kubectl apply -f / helm package ship as they are; write the Secret under secrets/ (the default) or outside the project.`);
    }
  }
  if (target === realWriteTarget(envFile)) throw new SecretOutputError(`${shown}: is the --env-file itself; write the Secret elsewhere.`);
  // The temporary file holds the secret too, and stays behind if the process is killed.
  const risk = gitCommitRisk(target) ?? (gitCommitRisk(temporaryPathFor(target)) && `its temporary file ${temporaryPathFor(shown)} would not be ignored by git`);
  if (risk) {
    throw new SecretOutputError(
      `${shown}: ${risk}, so the secret could be committed${target !== path.resolve(out) ? ` (it resolves to ${target})` : ''}. ` +
        'Write it under secrets/ (ignored) or outside any git work tree.',
    );
  }
}
