/**
 * Static checks of dockerfiles/*.Dockerfile (and their .dockerignore files) against the image
 * contract. Every expected value is read from lib/contract/image-contract.ts; the only facts
 * stated here are the ones the contract does not carry (see PROJECT_FACTS). No Docker needed.
 *
 * Each check returns a list of problems (empty when the Dockerfile conforms), so the second half
 * of this file can show that every check rejects a deliberately broken Dockerfile.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore from '@balena/dockerignore';
import { Arg, Cmd, Copy, DockerfileParser, Entrypoint, Env, From, Instruction, Run } from 'dockerfile-ast';
import { COMPONENTS, ComponentName, IMAGE_CONTRACTS, ImageContract, dockerfileStageNames } from '../../lib/model/contract/image-contract';

const ROOT = path.resolve(__dirname, '..', '..');

/** Facts about each image that the contract module does not (yet) state. */
const PROJECT_FACTS: Record<
  ComponentName,
  {
    /** The RUN that installs dependencies from those manifests. */
    readonly install: RegExp;
    /** What the final stage copies out of a build stage, relative to each stage's WORKDIR. */
    readonly finalCopies: readonly { readonly source: string; readonly dest: string }[];
  }
> = {
  backend: {
    install: /\bpip install\b.*-r requirements\.txt/,
    finalCopies: [],
  },
  frontend: {
    install: /\bnpm ci\b/,
    finalCopies: [
      { source: '.next/standalone', dest: '.' },
      { source: '.next/static', dest: '.next/static' },
      { source: 'public', dest: 'public' },
    ],
  },
};

/** ENV/ARG names that look like they carry a secret; a secret baked into an image leaks with it. */
const SECRET_NAME = /SECRET|PASSWORD|API_KEY|TOKEN/i;

/** Paths of the build context that a .dockerignore must keep out of every image. */
const MUST_IGNORE = [
  '.env', '.env.local', '.env.production', 'nested/.env',
  // Variants an editor, direnv or a careless copy leaves (issue 17): `.env*` means all of them.
  '.env~', '.envrc', '.env-prod', '.env_backup', 'sub/.env~',
  '.git/HEAD', 'node_modules/pkg/index.js',
];

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

interface Stage {
  readonly name: string | null;
  readonly from: From;
  /** The stage's instructions after its FROM. */
  readonly instructions: readonly Instruction[];
}

interface ParsedDockerfile {
  /** Instructions before the first FROM (global ARGs). */
  readonly preamble: readonly Instruction[];
  readonly stages: readonly Stage[];
}

function parseDockerfile(text: string): ParsedDockerfile {
  const preamble: Instruction[] = [];
  const stages: { name: string | null; from: From; instructions: Instruction[] }[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction instanceof From) {
      stages.push({ name: instruction.getBuildStage(), from: instruction, instructions: [] });
    } else if (stages.length === 0) {
      preamble.push(instruction);
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { preamble, stages };
}

function finalStage(df: ParsedDockerfile): Stage {
  return df.stages[df.stages.length - 1];
}

function keyword(stage: Stage, kw: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === kw);
}

function argValues(instruction: Instruction): string[] {
  return instruction.getArguments().map((a) => a.getValue());
}

/** Every ARG and ENV name the Dockerfile declares, anywhere. */
function declaredNames(df: ParsedDockerfile): { kind: 'ARG' | 'ENV'; name: string }[] {
  const all = [...df.preamble, ...df.stages.flatMap((s) => s.instructions)];
  return all.flatMap((i): { kind: 'ARG' | 'ENV'; name: string }[] => {
    if (i instanceof Arg) {
      const property = i.getProperty();
      return property ? [{ kind: 'ARG', name: property.getName() }] : [];
    }
    if (i instanceof Env) return i.getProperties().map((p) => ({ kind: 'ENV', name: p.getName() }));
    return [];
  });
}

/** The stage's WORKDIR in effect before instruction `index` (the end of the stage by default). */
function workdirOf(stage: Stage, index = stage.instructions.length): string {
  let dir = '/';
  for (const i of stage.instructions.slice(0, index)) {
    if (i.getKeyword() === 'WORKDIR') dir = path.posix.resolve(dir, argValues(i)[0] ?? '');
  }
  return dir;
}

/** The ENV values the stage sets (last one wins). */
function envOf(stage: Stage): Map<string, string | null> {
  const env = new Map<string, string | null>();
  for (const i of stage.instructions) {
    if (i instanceof Env) for (const p of i.getProperties()) env.set(p.getName(), p.getValue());
  }
  return env;
}

interface CopyParts {
  readonly from: string | null;
  readonly sources: readonly string[];
  readonly dest: string;
}

function copyParts(copy: Copy): CopyParts {
  const args =
    copy.getOpeningBracket() !== null ? copy.getJSONStrings().map((s) => s.getJSONValue()) : argValues(copy);
  // Not copy.getFromFlag(): dockerfile-ast 0.7 returns null for it as soon as a second flag (--chown) is present.
  const from = copy.getFlags().find((f) => f.getName() === 'from')?.getValue() ?? null;
  return { from, sources: args.slice(0, -1), dest: args[args.length - 1] ?? '' };
}

/** `requirements.tx[t]`: a COPY source that matches the file when the app has it, and nothing otherwise. */
export const optionalGlob = (name: string) => `${name.slice(0, -1)}[${name.slice(-1)}]`;
const unglob = (source: string) => source.replace(/\[(.)\]/g, '$1');

/** A path with the contract's shape arguments (`${APP_DIR}`) at their defaults, as a build without them sees it. */
function atDefaults(text: string, contract: ImageContract): string {
  return contract.shapeArgs.reduce((t, a) => t.split(`\${${a.name}}`).join(a.default).split(`$${a.name}`).join(a.default), text);
}

function isWholeContext(source: string): boolean {
  return path.posix.normalize(source) === '.' || source === '/';
}

/** Parses an exec-form (JSON array) instruction; undefined for shell form. */
function execForm(instruction: Instruction): string[] | undefined {
  try {
    const value: unknown = JSON.parse(instruction.getRawArgumentsContent() ?? '');
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks: each returns the ways the Dockerfile breaks the contract
// ---------------------------------------------------------------------------------------------

type DockerfileCheck = (df: ParsedDockerfile, contract: ImageContract) => string[];

/**
 * Stage names and order (the spec's, with the migration target before the final one); every
 * spec stage's FROM reads the base-image ARG, whose default is the spec's image.
 */
const checkStages: DockerfileCheck = (df, contract) => {
  const problems: string[] = [];
  const names = df.stages.map((s) => s.name);
  const expected = dockerfileStageNames(contract);
  if (JSON.stringify(names) !== JSON.stringify(expected)) {
    problems.push(`stages are ${JSON.stringify(names)}, contract says ${JSON.stringify(expected)}`);
  }
  const argName = contract.baseImageArg;
  const globalArg = df.preamble
    .filter((i): i is Arg => i instanceof Arg)
    .find((a) => a.getProperty()?.getName() === argName);
  const defaultImage = globalArg?.getProperty()?.getValue() ?? undefined;
  if (defaultImage === undefined) problems.push(`no "ARG ${argName}=<image>" before the first FROM`);
  df.stages
    .filter((stage) => stage.name !== contract.migration?.target)
    .forEach((stage, index) => {
      const image = stage.from.getImage();
      if (image !== `\${${argName}}` && image !== `$${argName}`) {
        problems.push(`stage ${stage.name ?? index} is FROM ${image}, not FROM \${${argName}}`);
      }
      const specImage = contract.stages[index]?.baseImage;
      if (defaultImage !== undefined && specImage !== undefined && defaultImage !== specImage) {
        problems.push(`stage ${stage.name ?? index} defaults to ${defaultImage}, contract says ${specImage}`);
      }
    });
  return problems;
};

/**
 * The migration stage (frontend: Better Auth): FROM the stage with the CLI, the contract's
 * numeric user, env and exec-form entrypoint, no CMD, and an entry script that takes the advisory
 * lock, runs the contract's CLI command and exits non-zero on failure.
 */
const checkMigrationStage: DockerfileCheck = (df, contract) => {
  const migration = contract.migration;
  if (!migration) return [];
  const stage = df.stages.find((s) => s.name === migration.target);
  if (!stage) return [`no stage "${migration.target}" for the migration image`];
  const problems: string[] = [];
  // Only what the CLI needs: the base image plus the production install, not a whole build stage.
  const base = `\${${contract.baseImageArg}}`;
  if (stage.from.getImage() !== base) problems.push(`stage ${migration.target} is FROM ${stage.from.getImage()}, contract says FROM ${base}`);
  const copiesModules = keyword(stage, 'COPY').some((i) => i.getTextContent().includes(`--from=${migration.nodeModulesFrom} /migrate/ `));
  if (!copiesModules) problems.push(`stage ${migration.target} copies no /migrate/ (the install with node_modules) from stage ${migration.nodeModulesFrom}`);
  const users = keyword(stage, 'USER').map((i) => argValues(i).join(' '));
  const expectedUser = `${migration.user.uid}:${migration.user.gid}`;
  if (users[users.length - 1] !== expectedUser) {
    problems.push(`stage ${migration.target} runs as ${users[users.length - 1] ?? 'root (no USER)'}, contract says ${expectedUser}`);
  }
  const env = envOf(stage);
  for (const [name, value] of Object.entries(migration.imageEnv)) {
    if (env.get(name) !== value) problems.push(`stage ${migration.target} sets ${name}=${env.get(name) ?? '(unset)'}, contract says ${value}`);
  }
  const entrypoints = stage.instructions.filter((i): i is Entrypoint => i instanceof Entrypoint);
  const argv = entrypoints.length ? execForm(entrypoints[entrypoints.length - 1]) : undefined;
  if (JSON.stringify(argv) !== JSON.stringify(migration.entrypoint)) {
    problems.push(`stage ${migration.target} ENTRYPOINT is ${JSON.stringify(argv)}, contract says ${JSON.stringify(migration.entrypoint)}`);
  }
  if (stage.instructions.some((i) => i instanceof Cmd)) problems.push(`stage ${migration.target} sets CMD`);
  const script = stage.instructions
    .filter((i): i is Run => i instanceof Run)
    .map((r) => r.getArgumentsContent() ?? '')
    .find((run) => run.includes(`> ${migration.entryScript}`));
  if (script === undefined) return [...problems, `stage ${migration.target} does not write ${migration.entryScript}`];
  const [cli, ...cliArgs] = migration.command;
  const needs: [string, string][] = [
    ['takes the advisory lock', 'pg_advisory_lock(hashtext($1))'],
    ['names the lock key', JSON.stringify(migration.advisoryLockKey)],
    ['finds the CLI by its package', 'node_modules/@better-auth/cli/package.json'],
    ['runs the CLI\'s bin', `bin["${cli}"]`],
    ['passes the CLI arguments', cliArgs.map((a) => (a === '$BETTER_AUTH_CONFIG' ? 'config' : JSON.stringify(a))).join(', ')],
    ['reads BETTER_AUTH_CONFIG', 'env.BETTER_AUTH_CONFIG'],
    ['fails when the CLI fails', 'cli.status !== 0'],
    ['exits non-zero', 'process.exit(1)'],
  ];
  for (const [what, text] of needs) if (!script.includes(text)) problems.push(`the entry script no longer ${what} (${text})`);
  return problems;
};

const checkWorkdir: DockerfileCheck = (df, contract) => {
  const workdir = workdirOf(finalStage(df));
  return workdir === contract.workdir ? [] : [`final stage WORKDIR is ${workdir}, contract says ${contract.workdir}`];
};

/** The final stage exposes the contract's port and nothing else. */
const checkExpose: DockerfileCheck = (df, contract) => {
  const ports = keyword(finalStage(df), 'EXPOSE').flatMap(argValues);
  const expected = [String(contract.port), `${contract.port}/tcp`];
  return ports.length === 1 && expected.includes(ports[0])
    ? []
    : [`final stage exposes ${JSON.stringify(ports)}, contract says only ${contract.port}`];
};

/** Exec-form ENTRYPOINT equal to the contract's, with no CMD appending arguments to it. */
const checkEntrypoint: DockerfileCheck = (df, contract) => {
  const stage = finalStage(df);
  const entrypoints = stage.instructions.filter((i): i is Entrypoint => i instanceof Entrypoint);
  if (entrypoints.length === 0) return ['final stage has no ENTRYPOINT'];
  const problems: string[] = [];
  const last = entrypoints[entrypoints.length - 1];
  const argv = execForm(last);
  if (argv === undefined) {
    problems.push(`ENTRYPOINT is not exec form (JSON array): ${last.getRawArgumentsContent()}`);
  } else if (JSON.stringify(argv) !== JSON.stringify(contract.entrypoint)) {
    problems.push(`ENTRYPOINT is ${JSON.stringify(argv)}, contract says ${JSON.stringify(contract.entrypoint)}`);
  }
  if (stage.instructions.some((i) => i instanceof Cmd)) {
    problems.push('final stage sets CMD, which would append arguments to the ENTRYPOINT');
  }
  return problems;
};

const checkImageEnv: DockerfileCheck = (df, contract) => {
  const env = envOf(finalStage(df));
  const problems = Object.entries(contract.imageEnv)
    .filter(([name, value]) => env.get(name) !== value)
    .map(([name, value]) => `final stage sets ${name}=${env.get(name) ?? '(unset)'}, contract says ${value}`);
  // The entrypoint's variable comes from its shape argument, declared in the final stage.
  const e = contract.entrypointEnv;
  if (e) {
    const declared = keyword(finalStage(df), 'ARG').some((i) => (i as Arg).getProperty()?.getName() === e.arg);
    if (env.get(e.name) !== `\${${e.arg}}` || !declared) problems.push(`final stage does not set ${e.name}=\${${e.arg}} from its own ARG ${e.arg}`);
  }
  return problems;
};

/**
 * Every contract build arg is declared in the stage that uses it (an ARG before the first FROM
 * is invisible to RUN), required ones have no default and are guarded; no other ARGs exist.
 */
const checkBuildArgs: DockerfileCheck = (df, contract) => {
  const problems: string[] = [];
  const allowed = new Set([contract.baseImageArg, ...contract.buildArgs.map((a) => a.name), ...contract.shapeArgs.map((a) => a.name)]);
  for (const { kind, name } of declaredNames(df)) {
    if (kind === 'ARG' && !allowed.has(name)) problems.push(`declares ARG ${name}, which the contract does not list`);
  }
  // Each shape argument defaults to the contract's own shape wherever it is declared.
  for (const shapeArg of contract.shapeArgs) {
    const decls = df.stages.flatMap((s) => s.instructions).filter((i): i is Arg => i instanceof Arg && i.getProperty()?.getName() === shapeArg.name);
    if (decls.length === 0) problems.push(`shape argument ${shapeArg.name} is not declared as ARG in any stage`);
    for (const d of decls) {
      const value = d.getProperty()?.getValue() ?? '';
      if (value !== shapeArg.default) problems.push(`ARG ${shapeArg.name} defaults to ${JSON.stringify(value)}, contract says ${JSON.stringify(shapeArg.default)}`);
    }
  }
  for (const buildArg of contract.buildArgs) {
    const name = buildArg.name;
    let declared = false;
    for (const stage of df.stages) {
      const declIndex = stage.instructions.findIndex((i) => i instanceof Arg && i.getProperty()?.getName() === name);
      const useIndex = stage.instructions.findIndex(
        (i) => !(i instanceof Arg) && i.getVariables().some((v) => v.getName() === name),
      );
      if (useIndex !== -1 && (declIndex === -1 || declIndex > useIndex)) {
        problems.push(`stage ${stage.name} uses $${name} without declaring ARG ${name} first in that stage`);
      }
      if (declIndex === -1) continue;
      declared = true;
      if (useIndex === -1) problems.push(`stage ${stage.name} declares ARG ${name} but never uses it`);
      const arg = stage.instructions[declIndex] as Arg;
      if (buildArg.required) {
        if (arg.getProperty()?.getValue()) problems.push(`required ARG ${name} has a default, so a build without it passes`);
        const guard = new RegExp(`test -n "?\\$\\{?${name}\\}?"?|\\$\\{${name}:\\?`);
        if (!stage.instructions.some((i) => i instanceof Run && guard.test(i.getArgumentsContent() ?? ''))) {
          problems.push(`stage ${stage.name} does not fail the build when required ARG ${name} is empty`);
        }
      }
    }
    if (!declared) problems.push(`build arg ${name} is not declared as ARG in any stage`);
  }
  return problems;
};

/** A numeric USER, so the kubelet can verify runAsNonRoot, equal to the contract's uid:gid. */
const checkUser: DockerfileCheck = (df, contract) => {
  const users = keyword(finalStage(df), 'USER').map((i) => argValues(i).join(' '));
  const expected = `${contract.user.uid}:${contract.user.gid}`;
  const user = users[users.length - 1];
  if (user === undefined) return ['final stage sets no USER, so it runs as root'];
  if (!/^\d+:\d+$/.test(user)) return [`USER ${user} is not numeric uid:gid`];
  return user === expected ? [] : [`USER is ${user}, contract says ${expected}`];
};

/** Manifests are copied alone, before the install step and before the whole source. */
const checkDependencyManifests: DockerfileCheck = (df, contract) => {
  const { install } = PROJECT_FACTS[contract.component];
  const manifests = contract.dependencyManifests;
  const all = [...manifests, ...(contract.otherManifests ?? [])];
  const problems: string[] = [];
  // The manifests stage of a workspace-aware Dockerfile: it must extract every manifest by name.
  const manifestsStage = df.stages.find((s) => s.name === 'manifests');
  const extracts = (name: string) => manifestsStage?.instructions.some((i) => i instanceof Run && (i.getArgumentsContent() ?? '').includes(`-name ${name} `)) ?? false;
  const isInstall = (i: Instruction) => i instanceof Run && install.test(i.getArgumentsContent() ?? '');
  const installing = df.stages.filter((s) => s.instructions.some(isInstall));
  if (installing.length === 0) problems.push(`no stage runs the dependency install (${install})`);
  for (const stage of installing) {
    const installIndex = stage.instructions.findIndex(isInstall);
    const copies = stage.instructions
      .map((instruction, index) => ({ index, copy: instruction instanceof Copy ? copyParts(instruction) : undefined }))
      .filter((c): c is { index: number; copy: CopyParts } => c.copy !== undefined && c.copy.from === null);
    const fromStage = stage.instructions
      .map((instruction, index) => ({ index, copy: instruction instanceof Copy ? copyParts(instruction) : undefined }))
      .find((c) => c.copy?.from === 'manifests' && c.copy.sources.includes('/manifests/'));
    const manifestCopy = fromStage ?? copies.find(
      ({ copy }) => JSON.stringify([...copy.sources].sort()) === JSON.stringify(all.map((m, i) => (i < manifests.length && all.length === manifests.length ? m : optionalGlob(m))).sort()),
    );
    if (fromStage) {
      for (const m of all) if (!extracts(m)) problems.push(`stage manifests does not extract ${m}`);
    }
    if (manifestCopy === undefined) {
      problems.push(`stage ${stage.name} does not COPY ${all.join(' + ')} on their own`);
    } else if (manifestCopy.index > installIndex) {
      problems.push(`stage ${stage.name} copies ${manifests.join(' + ')} after installing`);
    }
    if (copies.some(({ index, copy }) => index < installIndex && copy.sources.some(isWholeContext))) {
      problems.push(`stage ${stage.name} copies the whole source before installing, so every edit reinstalls`);
    }
  }
  return problems;
};

/** The final stage copies the build output it runs from an earlier stage (frontend: standalone). */
const checkFinalStageCopies: DockerfileCheck = (df, contract) => {
  const stage = finalStage(df);
  const copies = stage.instructions
    .map((instruction, index) => ({ index, instruction }))
    .filter((c): c is { index: number; instruction: Copy } => c.instruction instanceof Copy)
    .map(({ index, instruction }) => ({ index, ...copyParts(instruction) }));
  return PROJECT_FACTS[contract.component].finalCopies
    .filter(({ source, dest }) => {
      const wantDest = path.posix.resolve(contract.workdir, dest);
      return !copies.some((copy) => {
        const sourceStage = df.stages.find((s) => s.name === copy.from && s !== stage);
        if (sourceStage === undefined) return false;
        const wantSource = path.posix.resolve(workdirOf(sourceStage), source);
        // COPY --from resolves its sources from the other stage's root, not from its WORKDIR.
        return copy.sources.some((s) => path.posix.resolve('/', atDefaults(s, contract)) === wantSource) && path.posix.resolve(workdirOf(stage, copy.index), atDefaults(copy.dest, contract)) === wantDest;
      });
    })
    .map(({ source, dest }) => `final stage does not COPY --from=<build stage> ${source} to ${dest}`);
};

/** Writable paths inside the image are created and owned by the image's user. */
const checkWritablePaths: DockerfileCheck = (df, contract) => {
  const stage = finalStage(df);
  const owner = `${contract.user.uid}:${contract.user.gid}`;
  const runs = stage.instructions.filter((i): i is Run => i instanceof Run).map((r) => r.getArgumentsContent() ?? '');
  return contract.writablePaths
    .filter((p) => p.startsWith(`${contract.workdir}/`))
    .filter((p) => {
      const relative = path.posix.relative(workdirOf(stage), p);
      const mentions = (run: string) => run.includes(p) || run.includes(relative);
      return !runs.some((run) => /\bmkdir\b/.test(run) && run.includes(`chown ${owner}`) && mentions(run));
    })
    .map((p) => `final stage does not create ${p} owned by ${owner}`);
};

/** No secret-looking ARG/ENV, and none of the runtime variables the pod wires in. */
const checkNoSecrets: DockerfileCheck = (df, contract) => {
  const runtime = new Set(contract.runtimeEnv.map((v) => v.name));
  return declaredNames(df).flatMap(({ kind, name }) => [
    ...(SECRET_NAME.test(name) ? [`${kind} ${name} looks like a secret`] : []),
    ...(runtime.has(name) ? [`${kind} ${name} is runtime configuration the pod provides`] : []),
  ]);
};

const DOCKERFILE_CHECKS = {
  stages: checkStages,
  workdir: checkWorkdir,
  expose: checkExpose,
  entrypoint: checkEntrypoint,
  imageEnv: checkImageEnv,
  buildArgs: checkBuildArgs,
  user: checkUser,
  dependencyManifests: checkDependencyManifests,
  finalStageCopies: checkFinalStageCopies,
  writablePaths: checkWritablePaths,
  noSecrets: checkNoSecrets,
  migrationStage: checkMigrationStage,
} satisfies Record<string, DockerfileCheck>;

type CheckName = keyof typeof DOCKERFILE_CHECKS;

/** The .dockerignore keeps secrets and host state out, but keeps what the Dockerfile COPYs by name. */
function checkDockerignore(ignoreText: string, df: ParsedDockerfile): string[] {
  const rules = ignoreText
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const ig = ignore().add(rules);
  const named = df.stages
    .flatMap((s) => s.instructions)
    .filter((i): i is Copy => i instanceof Copy)
    .map(copyParts)
    .filter((c) => c.from === null)
    .flatMap((c) => c.sources.filter((s) => !isWholeContext(s)).map(unglob));
  return [
    ...MUST_IGNORE.filter((p) => !ig.ignores(p)).map((p) => `does not exclude ${p}`),
    ...named.filter((p) => ig.ignores(path.posix.normalize(p))).map((p) => `excludes ${p}, which the Dockerfile copies`),
  ];
}

// ---------------------------------------------------------------------------------------------
// The project's Dockerfiles conform
// ---------------------------------------------------------------------------------------------

function readProjectFile(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

const CHECK_NAMES = Object.keys(DOCKERFILE_CHECKS) as CheckName[];

describe.each(COMPONENTS)('%s Dockerfile', (component) => {
  const contract = IMAGE_CONTRACTS[component];
  const df = parseDockerfile(readProjectFile(contract.dockerfile));

  test.each(CHECK_NAMES)('%s', (name) => {
    expect(DOCKERFILE_CHECKS[name](df, contract)).toEqual([]);
  });

  test('its .dockerignore', () => {
    expect(checkDockerignore(readProjectFile(`${contract.dockerfile}.dockerignore`), df)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Every check rejects a Dockerfile that breaks the contract
// ---------------------------------------------------------------------------------------------

/** Replaces the single occurrence of `search`; throws if the Dockerfile no longer contains it once. */
function replaceOnce(text: string, search: string, replacement: string): string {
  const count = text.split(search).length - 1;
  if (count !== 1) throw new Error(`expected exactly one ${JSON.stringify(search)} in the Dockerfile, found ${count}`);
  return text.replace(search, () => replacement);
}

const append = (line: string) => (text: string) => `${text.trimEnd()}\n${line}\n`;

interface BrokenCase {
  readonly title: string;
  readonly component: ComponentName;
  readonly check: CheckName;
  readonly mutate: (text: string, contract: ImageContract) => string;
  readonly problem: RegExp;
}

const lastStage = (c: ImageContract) => c.stages[c.stages.length - 1];
const owner = (c: ImageContract) => `${c.user.uid}:${c.user.gid}`;
/** The migration stage's FROM line, as the Dockerfile writes it. */
const migrateFrom = (c: ImageContract) => `FROM \${${c.baseImageArg}} AS ${c.migration!.target}`;
const manifestCopy = (c: ImageContract) => `COPY ${[...c.dependencyManifests, ...(c.otherManifests ?? [])].map(optionalGlob).join(' ')} ./`;

const BROKEN: BrokenCase[] = [
  {
    title: 'a renamed final stage',
    component: 'backend',
    check: 'stages',
    mutate: (t, c) => replaceOnce(t, `AS ${lastStage(c).name}`, 'AS final'),
    problem: /stages are/,
  },
  {
    title: 'a base image default other than the spec',
    component: 'frontend',
    check: 'stages',
    mutate: (t, c) => replaceOnce(t, `${c.baseImageArg}=${c.stages[0].baseImage}`, `${c.baseImageArg}=node:latest`),
    problem: /defaults to node:latest/,
  },
  {
    title: 'a FROM that ignores the base image ARG',
    component: 'backend',
    check: 'stages',
    mutate: (t, c) => {
      const { name, baseImage } = lastStage(c);
      return replaceOnce(t, `FROM \${${c.baseImageArg}} AS ${name}`, `FROM ${baseImage} AS ${name}`);
    },
    problem: /is FROM .*, not FROM/,
  },
  { title: 'another WORKDIR', component: 'backend', check: 'workdir', mutate: append('WORKDIR /srv'), problem: /WORKDIR is \/srv/ },
  { title: 'an extra exposed port', component: 'frontend', check: 'expose', mutate: append('EXPOSE 9229'), problem: /exposes/ },
  {
    title: 'a shell-form ENTRYPOINT',
    component: 'backend',
    check: 'entrypoint',
    mutate: (t, c) => append(`ENTRYPOINT ${c.entrypoint.join(' ')}`)(t),
    problem: /not exec form/,
  },
  {
    title: 'a different ENTRYPOINT',
    component: 'frontend',
    check: 'entrypoint',
    mutate: append('ENTRYPOINT ["npm", "start"]'),
    problem: /ENTRYPOINT is/,
  },
  { title: 'a CMD', component: 'backend', check: 'entrypoint', mutate: append('CMD ["--reload"]'), problem: /sets CMD/ },
  {
    title: 'HOSTNAME=localhost',
    component: 'frontend',
    check: 'imageEnv',
    mutate: append('ENV HOSTNAME=localhost'),
    problem: /HOSTNAME=localhost/,
  },
  {
    title: 'a build arg declared only before the first FROM',
    component: 'frontend',
    check: 'buildArgs',
    mutate: (t, c) => `ARG ${c.buildArgs[0].name}\n${replaceOnce(t, `ARG ${c.buildArgs[0].name}\n`, '')}`,
    problem: /without declaring ARG/,
  },
  {
    title: 'a default for a required build arg',
    component: 'frontend',
    check: 'buildArgs',
    mutate: (t, c) => replaceOnce(t, `ARG ${c.buildArgs[0].name}\n`, `ARG ${c.buildArgs[0].name}=http://localhost\n`),
    problem: /has a default/,
  },
  {
    title: 'no guard against an empty required build arg',
    component: 'frontend',
    check: 'buildArgs',
    mutate: (t, c) => replaceOnce(t, `test -n "$${c.buildArgs[0].name}"`, 'true'),
    problem: /does not fail the build/,
  },
  {
    title: 'an ARG the contract does not list',
    component: 'backend',
    check: 'buildArgs',
    mutate: append('ARG PIP_INDEX_URL'),
    problem: /does not list/,
  },
  {
    title: 'a shape argument whose default is not the contract\'s (the app would be served as another module)',
    component: 'backend',
    check: 'buildArgs',
    mutate: (t) => replaceOnce(t, 'ARG ASGI_APP=main:app', 'ARG ASGI_APP=app:app'),
    problem: /ARG ASGI_APP defaults to "app:app", contract says "main:app"/,
  },
  {
    title: 'uvicorn told its app by a literal, not the ASGI_APP argument',
    component: 'backend',
    check: 'imageEnv',
    mutate: (t) => replaceOnce(t, 'UVICORN_APP=${ASGI_APP}', 'UVICORN_APP=main:app'),
    problem: /does not set UVICORN_APP=\$\{ASGI_APP\}/,
  },
  { title: 'a named USER', component: 'backend', check: 'user', mutate: append('USER app'), problem: /not numeric/ },
  { title: 'another uid', component: 'frontend', check: 'user', mutate: append('USER 1000:1000'), problem: /USER is 1000:1000/ },
  {
    title: 'no USER',
    component: 'frontend',
    check: 'user',
    mutate: (t, c) => replaceOnce(t, `USER ${owner(c)}\nEXPOSE`, 'EXPOSE'),
    problem: /runs as root/,
  },
  {
    title: 'the whole source copied before pip install',
    component: 'backend',
    check: 'dependencyManifests',
    mutate: (t, c) => replaceOnce(t, manifestCopy(c), 'COPY . ./'),
    problem: /copies the whole source before installing/,
  },
  {
    title: 'package-lock.json left out of the manifests stage',
    component: 'frontend',
    check: 'dependencyManifests',
    mutate: (t) => replaceOnce(t, '-o -name package-lock.json ', ''),
    problem: /does not extract package-lock.json/,
  },
  {
    title: 'static assets copied to the wrong place',
    component: 'frontend',
    check: 'finalStageCopies',
    mutate: (t) => replaceOnce(t, '/.next/static ./${APP_DIR}/.next/static', '/.next/static ./static'),
    problem: /\.next\/static to \.next\/static/,
  },
  {
    title: 'no writable .next/cache',
    component: 'frontend',
    check: 'writablePaths',
    mutate: (t, c) => replaceOnce(t, `RUN mkdir -p .next/cache && chown ${owner(c)} .next/cache`, 'RUN true'),
    problem: /does not create \/app\/\.next\/cache/,
  },
  { title: 'a secret ENV', component: 'backend', check: 'noSecrets', mutate: append('ENV SESSION_SECRET=abc'), problem: /looks like a secret/ },
  { title: 'a token ARG', component: 'frontend', check: 'noSecrets', mutate: append('ARG NPM_TOKEN'), problem: /looks like a secret/ },
  {
    title: 'baked-in runtime configuration',
    component: 'backend',
    check: 'noSecrets',
    mutate: (t, c) => append(`ENV ${c.runtimeEnv[0].name}=postgresql://localhost/todo`)(t),
    problem: /runtime configuration the pod provides/,
  },
  {
    title: 'no migration stage',
    component: 'frontend',
    check: 'migrationStage',
    mutate: (t, c) => replaceOnce(t, migrateFrom(c), `FROM \${${c.baseImageArg}} AS migration`),
    problem: /no stage "migrate"/,
  },
  {
    title: 'a migration stage running as root',
    component: 'frontend',
    check: 'migrationStage',
    mutate: (t, c) => replaceOnce(t, `USER ${owner(c)}\nENTRYPOINT ${JSON.stringify(c.migration!.entrypoint).replace(/","/g, '", "')}`, `ENTRYPOINT ${JSON.stringify(c.migration!.entrypoint).replace(/","/g, '", "')}`),
    problem: /runs as root/,
  },
  {
    title: 'an entry script without the advisory lock',
    component: 'frontend',
    check: 'migrationStage',
    mutate: (t) => replaceOnce(t, 'pg_advisory_lock(hashtext($1))', 'now()'),
    problem: /advisory lock/,
  },
  {
    title: 'an entry script that ignores the CLI exit status',
    component: 'frontend',
    check: 'migrationStage',
    mutate: (t) => replaceOnce(t, 'cli.status !== 0', 'false'),
    problem: /fails when the CLI fails/,
  },
  {
    title: 'a migration stage without the production install (no CLI)',
    component: 'frontend',
    check: 'migrationStage',
    mutate: (t) => replaceOnce(t, 'COPY --from=deps /migrate/ ./\n', ''),
    problem: /copies no \/migrate\/ \(the install with node_modules\) from stage deps/,
  },
  {
    title: 'a migration stage FROM the whole build stage (over its size target)',
    component: 'frontend',
    check: 'migrationStage',
    mutate: (t, c) => replaceOnce(t, migrateFrom(c), `FROM builder AS ${c.migration!.target}`),
    problem: /is FROM builder, contract says FROM \$\{NODE_IMAGE\}/,
  },
  {
    title: 'the migration stage after the runner',
    component: 'frontend',
    check: 'stages',
    mutate: (t, c) => {
      const start = t.indexOf(migrateFrom(c));
      const end = t.indexOf(`FROM \${${c.baseImageArg}} AS ${lastStage(c).name}`);
      return `${t.slice(0, start)}${t.slice(end)}\n${t.slice(start, end)}`;
    },
    problem: /stages are/,
  },
];

describe('the checks reject a Dockerfile that breaks the contract', () => {
  test.each(BROKEN)('$check: $component with $title', ({ component, check, mutate, problem }) => {
    const contract = IMAGE_CONTRACTS[component];
    const original = readProjectFile(contract.dockerfile);
    const broken = mutate(original, contract);
    expect(broken).not.toBe(original);
    expect(DOCKERFILE_CHECKS[check](parseDockerfile(broken), contract)).toContainEqual(expect.stringMatching(problem));
  });

  test('every check has a broken case', () => {
    expect(CHECK_NAMES.filter((name) => !BROKEN.some((b) => b.check === name))).toEqual([]);
  });

  test('a .dockerignore that lets .env files or the manifests through is rejected', () => {
    const df = parseDockerfile(readProjectFile(IMAGE_CONTRACTS.backend.dockerfile));
    expect(checkDockerignore('node_modules\n.git\n', df)).toContainEqual('does not exclude .env');
    expect(checkDockerignore('**/node_modules\n.git\n.env\n.env.*\n', df)).toEqual(['nested/.env', '.env~', '.envrc', '.env-prod', '.env_backup', 'sub/.env~'].map((p) => `does not exclude ${p}`));
    expect(checkDockerignore('**/node_modules\n.git\n**/.env\n**/.env.*\n', df)).toEqual(['.env~', '.envrc', '.env-prod', '.env_backup', 'sub/.env~'].map((p) => `does not exclude ${p}`));
    expect(checkDockerignore('**/node_modules\n.git\n**/.env*\n*.txt\n', df)).toEqual([
      'excludes requirements.txt, which the Dockerfile copies',
    ]);
  });

  test('an inline Dockerfile that gets everything wrong fails every check', () => {
    const contract = IMAGE_CONTRACTS.frontend;
    const df = parseDockerfile(
      [
        'ARG NPM_TOKEN',
        'FROM node:latest',
        'COPY . .',
        'RUN npm install && npm ci && npm run build',
        'ENV BETTER_AUTH_SECRET=changeme',
        'EXPOSE 80',
        'CMD npm start',
      ].join('\n'),
    );
    expect(CHECK_NAMES.filter((name) => DOCKERFILE_CHECKS[name](df, contract).length === 0)).toEqual([]);
  });
});
