/**
 * A team's own Dockerfile (backend.dockerfile, frontend.dockerfile, services.<name>.dockerfile),
 * checked against the image contract before it is built: the pods run it with the contract's
 * port, numeric non-root user and env, so what the Dockerfile says otherwise is reported here,
 * with what to change or which setting explains it.
 */
import * as path from 'path';
import { Copy, DockerfileParser, Instruction } from 'dockerfile-ast';
import { asgiModuleFiles } from '../model/contract/app-shapes';
import { IMAGE_CONTRACTS, ImageContract } from '../model/contract/image-contract';
import { readSourceFile } from './sources';
import { AppCheck, AppFinding } from './types';

const SECRET_NAME = /SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY/i;

interface Stage {
  readonly name?: string;
  readonly instructions: Instruction[];
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const i of DockerfileParser.parse(text).getInstructions()) {
    if (i.getKeyword() === 'FROM') stages.push({ name: (i as unknown as { getBuildStage(): string | null }).getBuildStage() ?? undefined, instructions: [] });
    else stages[stages.length - 1]?.instructions.push(i);
  }
  return stages;
}

/** An exec-form instruction's argv, or the shell form's words (`shell: true`). */
function commandOf(i: Instruction | undefined): { argv: string[]; shell: boolean } | undefined {
  if (!i) return undefined;
  const raw = i.getRawArgumentsContent() ?? '';
  try {
    const value = JSON.parse(raw);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { argv: value, shell: false };
  } catch {
    // shell form
  }
  return { argv: raw.trim().split(/\s+/).filter(Boolean), shell: true };
}

const last = (stage: Stage, keyword: string) => [...stage.instructions].reverse().find((i) => i.getKeyword() === keyword);
const lineOf = (i: Instruction) => i.getRange().start.line + 1;

/** The value of `--flag V` / `--flag=V` in an argv. */
function flag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

/** Every way the Dockerfile `file` departs from `contract`, as findings of check `id`. */
export function ownDockerfileFindings(id: string, file: string, contract: ImageContract, field: string, asgiApp?: string): AppFinding[] {
  const text = readSourceFile(path.dirname(file), path.basename(file));
  if (text === undefined) return []; // backend-source / frontend-source name a missing file
  const stages = stagesOf(text);
  const final = stages[stages.length - 1];
  if (!final) return [{ check: id, severity: 'error', file, problem: 'has no FROM', why: 'it builds no image', fix: `fix it, or leave ${field}.dockerfile out to build with the project's Dockerfile` }];
  const out: AppFinding[] = [];
  const at = (i?: Instruction) => (i ? `${file}:${lineOf(i)}` : file);
  const add = (i: Instruction | undefined, problem: string, why: string, fix: string, severity: 'error' | 'warning' = 'error') => out.push({ check: id, severity, file: at(i), problem, why, fix });
  const uid = `${contract.user.uid}:${contract.user.gid}`;

  // The port the Service, probes and NetworkPolicy use.
  const exposes = final.instructions.filter((i) => i.getKeyword() === 'EXPOSE');
  const ports = exposes.flatMap((i) => i.getArguments().map((a) => a.getValue().replace(/\/tcp$/, '')));
  if (ports.length && !ports.includes(String(contract.port))) {
    add(exposes[0], `EXPOSE ${ports.join(' ')}: the ${contract.component} listens elsewhere than ${contract.port}`, `the pod's Service, probes and NetworkPolicy use port ${contract.port} (the image contract's)`, `serve on ${contract.port} and EXPOSE ${contract.port}`);
  }

  // A numeric non-root user, the contract's: the pod states it (runAsUser) and its files must be that user's.
  const user = last(final, 'USER');
  const who = user?.getArguments().map((a) => a.getValue()).join('') ?? '';
  if (!user || /^(0|root)(:.*)?$/.test(who)) {
    add(user, user ? `runs as root (USER ${who})` : 'sets no USER, so the image runs as root', 'the pods run with runAsNonRoot and the contract\'s user; files the image gives root are read-only to it', `add \`USER ${uid}\` at the end of the final stage (and chown what it must write to ${uid})`);
  } else if (!/^\d+(:\d+)?$/.test(who)) {
    add(user, `USER ${who} is a name, not a number`, 'the kubelet can verify runAsNonRoot only against a numeric uid; the pod states the contract\'s', `use \`USER ${uid}\` (create the user with that uid and gid)`);
  } else if (who.split(':')[0] !== String(contract.user.uid)) {
    add(user, `USER ${who}: the pod runs as ${uid} (the image contract's user), not ${who.split(':')[0]}`, `files the image made ${who}'s (its HOME, caches) are not writable to ${uid}, and the pod's securityContext states ${uid}`, `create the user as ${uid} and use \`USER ${uid}\``);
  }

  // The command the pod runs: ENTRYPOINT + CMD.
  const entry = commandOf(last(final, 'ENTRYPOINT'));
  const cmd = commandOf(last(final, 'CMD'));
  const argv = [...(entry?.argv ?? []), ...(cmd?.argv ?? [])];
  const starts = last(final, 'ENTRYPOINT') ?? last(final, 'CMD');
  if (argv.length === 0) {
    add(undefined, 'has no ENTRYPOINT or CMD in its final stage', 'the container would run the base image\'s command', `end the final stage with \`ENTRYPOINT ${JSON.stringify(contract.entrypoint)}\``);
  } else if (entry?.shell || (!entry && cmd?.shell)) {
    add(starts, `starts with a shell-form command (${argv.join(' ')})`, 'a shell runs as PID 1 and does not pass SIGTERM on, so every rollout waits out the termination grace period', `write it in exec form: ${JSON.stringify(argv.filter((a) => a !== 'exec'))}`, 'warning');
  }
  const uvicorn = argv.findIndex((a) => path.posix.basename(a) === 'uvicorn');
  if (contract.component === 'backend' && uvicorn >= 0) {
    const host = flag(argv, '--host');
    if (host !== '0.0.0.0' && host !== '::') {
      add(starts, `runs uvicorn ${host ? `on --host ${host}` : 'without --host (uvicorn binds 127.0.0.1)'}`, 'only the pod\'s own loopback would reach it: the Service, probes and the frontend get connection refused', 'add `--host 0.0.0.0`');
    }
    const port = flag(argv, '--port');
    if (port !== undefined && port !== String(contract.port)) {
      add(starts, `runs uvicorn on --port ${port}`, `the pod's Service and probes use ${contract.port}`, `use \`--port ${contract.port}\``);
    }
    const app = argv.slice(uvicorn + 1).find((a, i, rest) => !a.startsWith('-') && !(i > 0 && /^--(host|port|workers|app-dir|root-path|log-level)$/.test(rest[i - 1])));
    if (app && asgiApp && app !== asgiApp) {
      add(starts, `serves ${app}, while backend.asgiApp is "${asgiApp}"`, 'the checks read the app the setting names; the image serves another', `set ${field}.asgiApp to "${app}", or serve ${asgiApp}`);
    }
    if (app && !asgiApp) {
      const dir = path.dirname(file);
      const { files } = asgiModuleFiles(app);
      if (!files.some((f) => readSourceFile(dir, f) !== undefined)) add(starts, `serves ${app}, but neither ${files.join(' nor ')} is in ${dir}`, 'uvicorn exits with "Error loading ASGI app" and the pod crash-loops', 'serve a module the sources define');
    }
  }

  // The contract's build arguments (NEXT_PUBLIC_API_URL, baked into the browser bundle) must reach the build.
  const declared = new Set(stages.flatMap((s) => s.instructions).filter((i) => i.getKeyword() === 'ARG').map((i) => i.getArguments()[0]?.getValue().split('=')[0]));
  for (const arg of contract.buildArgs.filter((a) => a.required && !declared.has(a.name))) {
    add(undefined, `declares no ARG ${arg.name}`, `${arg.description}: the image build passes it (from the settings) as a build argument, which a Dockerfile without the ARG drops`, `declare \`ARG ${arg.name}\` (and \`ENV ${arg.name}=$${arg.name}\`) in the stage that runs the build`);
  }

  // No secret in a layer: the final stage's ENV ships in the image, and its history keeps ARGs.
  const runtime = new Set(contract.runtimeEnv.map((v) => v.name));
  for (const stage of stages) {
    for (const i of stage.instructions) {
      if (i.getKeyword() !== 'ENV' && i.getKeyword() !== 'ARG') continue;
      const names = i.getArguments().map((a) => a.getValue().split('=')[0]).filter((n) => /^[A-Za-z_]\w*$/.test(n));
      for (const name of names.filter((n) => SECRET_NAME.test(n) || runtime.has(n))) {
        if (i.getKeyword() === 'ENV' && stage === final) {
          add(i, `sets ENV ${name} in the final stage, so the value ships in the image`, 'anyone who can pull the image reads it (docker inspect); the pod gives it from the Secret at run time anyway', `remove it: the pod sets ${name}${runtime.has(name) ? ' (the image contract\'s runtime env)' : ' from the Secret'}`);
        } else if (SECRET_NAME.test(name)) {
          add(i, `declares ${i.getKeyword()} ${name}${stage.name ? ` in stage ${stage.name}` : ''}`, 'a build argument or ENV is kept in that stage\'s history and the build cache; a real secret passed to it leaks there', 'give the build no secret: the pod gets it from the Secret at run time (a placeholder for next build may stay)', 'warning');
        }
      }
      if (i.getKeyword() === 'ENV' && stage === final) continue;
    }
    for (const copy of stage.instructions.filter((i): i is Copy => i.getKeyword() === 'COPY')) {
      const sources = copy.getArguments().map((a) => a.getValue()).slice(0, -1).filter((s) => !s.startsWith('--'));
      if (sources.some((s) => /(^|\/)\.env/.test(s))) {
        add(copy, `copies ${sources.filter((s) => /(^|\/)\.env/.test(s)).join(', ')}`, '.env* files never enter the build context (the image build leaves every one out), so this COPY fails; secrets reach the pod from the Secret', 'remove the COPY');
      }
    }
  }
  return out;
}

/** The backend's own Dockerfile (and each service's) against the backend's contract. */
export const backendDockerfile: AppCheck = {
  id: 'backend-dockerfile',
  severity: 'error',
  summary: "the backend's (or a service's) own Dockerfile departs from the image contract: port, numeric non-root user, entrypoint, a secret in a layer",
  run({ config, shape }) {
    const apps = [shape.backend, ...Object.values(shape.services)].filter((a) => a.ownDockerfile);
    return apps.flatMap((a) => ownDockerfileFindings(this.id, a.ownDockerfile!, IMAGE_CONTRACTS.backend, a.field, a.field === 'backend' ? config.backend?.asgiApp : config.services?.[a.field.split('.')[1]]?.asgiApp));
  },
};

/** The frontend's own Dockerfile against the frontend's contract. */
export const frontendDockerfile: AppCheck = {
  id: 'frontend-dockerfile',
  severity: 'error',
  summary: "the frontend's own Dockerfile departs from the image contract: port, numeric non-root user, entrypoint, a secret in a layer",
  run({ shape }) {
    const file = shape.frontend.ownDockerfile;
    return file ? ownDockerfileFindings(this.id, file, IMAGE_CONTRACTS.frontend, 'frontend') : [];
  },
};
