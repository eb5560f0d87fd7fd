import * as path from 'path';
import { configFlagsUsage, ConfigFlags, parseCommandLine } from './config-flags';
import { userCwd } from '../model/settings/load';
import { COMPONENTS, ComponentName, IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { DEADLINE_ENV } from '../images/docker-endpoint';
import { DEFAULT_ENGINE_DEADLINES } from '../images/engine-call';
import { UsageError } from '../images/errors';
import { quote } from '../util/quote';

/** Environment variables `npm run images` reads besides TODO_PROFILE, TODO_IMAGES_LOCK and DOCKER_*. */
export const SOURCE_DIR_ENV: Readonly<Record<ComponentName, string>> = { backend: 'TODO_BACKEND_DIR', frontend: 'TODO_FRONTEND_DIR' };
export const KIND_CLUSTER_ENV = 'TODO_KIND_CLUSTER';

export const USAGE = `Usage: npm run images -- [options]

Builds the backend and frontend images into the Docker Engine that DOCKER_HOST names
(default: the local socket; minikube: eval $(minikube docker-env)) and writes images.lock.json.

Options:
${configFlagsUsage(30)}
  --backend-dir <dir>         backend source directory  (env TODO_BACKEND_DIR,  default ../backend)
  --frontend-dir <dir>        frontend source directory (env TODO_FRONTEND_DIR, default ../frontend)
  --build-arg NAME=VALUE      base image override: ${COMPONENTS.map((c) => `${IMAGE_CONTRACTS[c].baseImageArg}=...`).join(' or ')} (repeatable)
  --only backend|frontend     build only this image; the lock keeps the other's entry as it was
  --kind-cluster <name>       load the images into this kind cluster (env TODO_KIND_CLUSTER)
  --no-cache                  rebuild every step
  --verbose                   print all build output (plain line mode)
  -h, --help                  show this help

Defaults are relative to the project root; flags and variables are relative to the directory you run npm in.
Environment: TODO_PROFILE (configuration profile), TODO_VALUES (values files, comma-separated),
TODO_IMAGES_LOCK (lock file path), DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
${DEADLINE_ENV.requestMs}=<seconds> (deadline of each engine request, default ${DEFAULT_ENGINE_DEADLINES.requestMs / 1000}),
${DEADLINE_ENV.idleMs}=<seconds> (longest a pull or build may move no byte, default ${DEFAULT_ENGINE_DEADLINES.idleMs / 1000}),
CI (plain progress lines).`;

export interface ImagesCliOptions {
  readonly help: boolean;
  /** `--profile` and `-f/--values`, shared with npm run synth. */
  readonly config: ConfigFlags;
  readonly sourceDirs: Readonly<Record<ComponentName, string>>;
  readonly baseImageOverrides: Readonly<Record<string, string>>;
  readonly kindCluster?: string;
  /**
   * `--only`: the one component to build.
   * @default undefined (both)
   */
  readonly only?: ComponentName;
  readonly noCache: boolean;
  readonly verbose: boolean;
}

function parseBuildArg(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--build-arg ${text}: expected NAME=VALUE`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** `--only`'s value, given once, as a component name. */
function parseOnly(given: readonly string[] | undefined): ComponentName | undefined {
  if (!given?.length) return undefined;
  const allowed = `one of ${COMPONENTS.join(', ')}`;
  if (given.length > 1) throw new UsageError(`--only was given ${given.length} times (${given.map(quote).join(', ')}); allowed: once, ${allowed} (without --only both are built)`);
  const only = given[0];
  if (!(COMPONENTS as readonly string[]).includes(only)) throw new UsageError(`--only ${quote(only)}: unknown image; allowed: ${allowed}`);
  return only as ComponentName;
}

/** Flags win over environment variables, which win over the defaults next to the project. */
export function parseImagesArgs(argv: readonly string[], env: NodeJS.ProcessEnv, projectRoot: string): ImagesCliOptions {
  const { config, values } = parseCommandLine(argv, env, {
    'backend-dir': { type: 'string' },
    'frontend-dir': { type: 'string' },
    'build-arg': { type: 'string', multiple: true },
    'kind-cluster': { type: 'string' },
    only: { type: 'string', multiple: true },
    'no-cache': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  }, (message) => new UsageError(`${message}\n\n${USAGE}`));

  const sourceDir = (component: ComponentName, flag: string | undefined): string => {
    const given = flag || env[SOURCE_DIR_ENV[component]];
    return given ? path.resolve(userCwd(env), given) : path.resolve(projectRoot, '..', component);
  };
  return {
    help: values.help,
    config,
    sourceDirs: { backend: sourceDir('backend', values['backend-dir']), frontend: sourceDir('frontend', values['frontend-dir']) },
    baseImageOverrides: Object.fromEntries((values['build-arg'] ?? []).map(parseBuildArg)),
    kindCluster: values['kind-cluster'] || env[KIND_CLUSTER_ENV] || undefined,
    only: parseOnly(values.only),
    noCache: values['no-cache'],
    verbose: values.verbose,
  };
}
