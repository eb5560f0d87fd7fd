import Docker from 'dockerode';
import { dockerOptionsFromEnv, describeDockerEndpoint, explainDockerError } from '../../images/docker-endpoint';
import { TargetError } from './errors';
import { engineImageId, saveImage } from './engine-image';
import { commandLine } from './quote-arg';
import { isNotInstalled, outputTail } from './run-command';
import { CommandResult, DeliveredImage, DeliveryDeps, ImageToDeliver } from './types';
import { quote, shownName } from '../../util/quote';

/** What `minikube docker-env` says for a profile of several nodes (reason.EnvMultiConflict). */
const MULTI_NODE = /docker-env command is incompatible with multi-node clusters/;

type Minikube = { readonly context: string; readonly profile: string; readonly runtime: 'docker' | 'containerd' | 'cri-o' };

/** Runs minikube; a missing minikube becomes an error saying how to install it or load by hand. */
async function minikube(deps: DeliveryDeps, target: Minikube, args: readonly string[]): Promise<CommandResult> {
  const command = deps.commands?.minikube ?? 'minikube';
  const fullArgs = ['-p', target.profile, ...args];
  let result: CommandResult;
  try {
    result = await deps.run(command, fullArgs);
  } catch (err) {
    if (!isNotInstalled(err)) throw err;
    throw new TargetError(
      `The kube context ${shownName(target.context)} is minikube profile ${quote(target.profile)}, but \`${command}\` is not installed or not on PATH. ` +
        `Install minikube (https://minikube.sigs.k8s.io/docs/start/), or load each image by hand with \`minikube -p ${target.profile} image load REF\` and deploy again.`,
    );
  }
  if (result.code !== 0) throw new TargetError(`\`${commandLine(command, fullArgs)}\` failed (exit ${result.code}):\n${outputTail(result)}`);
  return result;
}

/**
 * minikube's engine, from `minikube -p P docker-env --shell none -o json` (cmd/minikube/cmd/docker-env.go:
 * a JSON object of DOCKER_TLS_VERIFY, DOCKER_HOST, DOCKER_CERT_PATH, MINIKUBE_ACTIVE_DOCKERD...).
 * undefined when it is reached over ssh (--ssh-host), which dockerode is not given here.
 */
export async function minikubeEngine(deps: DeliveryDeps, target: Minikube): Promise<Docker | undefined> {
  const args = ['docker-env', '--shell', 'none', '-o', 'json'];
  const result = await minikube(deps, target, args);
  let env: Record<string, unknown>;
  try {
    env = JSON.parse(result.stdout);
  } catch {
    throw new TargetError(`\`minikube -p ${target.profile} ${args.join(' ')}\` did not print a JSON object: ${result.stdout.trim().slice(0, 200)}`);
  }
  const pick = (key: string) => (typeof env[key] === 'string' && env[key] ? (env[key] as string) : undefined);
  const host = pick('DOCKER_HOST');
  if (!host) throw new TargetError(`\`minikube -p ${target.profile} ${args.join(' ')}\` gave no DOCKER_HOST`);
  if (host.startsWith('ssh://')) return undefined;
  const options = dockerOptionsFromEnv({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: pick('DOCKER_TLS_VERIFY'), DOCKER_CERT_PATH: pick('DOCKER_CERT_PATH') });
  return new Docker(options);
}

/** `minikube image ls --format json`: [{ id, repoDigests, repoTags, size }] (pkg/minikube/cruntime/cruntime.go ListImage). */
async function minikubeImageIds(deps: DeliveryDeps, target: Minikube): Promise<Set<string>> {
  const result = await minikube(deps, target, ['image', 'ls', '--format', 'json']);
  let list: unknown;
  try {
    list = JSON.parse(result.stdout);
  } catch {
    throw new TargetError(`\`minikube -p ${target.profile} image ls --format json\` did not print JSON: ${result.stdout.trim().slice(0, 200)}`);
  }
  const ids = (Array.isArray(list) ? list : []).map((i) => (typeof i?.id === 'string' ? i.id.replace(/^sha256:/, '') : '')).filter(Boolean);
  return new Set(ids);
}

/** Docker runtime: each image into minikube's engine (`docker save | docker load`, both through dockerode) unless it is there. */
async function intoMinikubeEngine(deps: DeliveryDeps, engine: Docker, images: readonly ImageToDeliver[]): Promise<DeliveredImage[]> {
  const delivered: DeliveredImage[] = [];
  for (const image of images) {
    if ((await engineImageId(engine, image.reference)) === image.imageId) {
      delivered.push({ component: image.component, reference: image.reference, status: 'already-there' });
      continue;
    }
    const command = `docker save ${image.reference} | docker load (into minikube's engine at ${describeDockerEndpoint(engine)})`;
    deps.log(`  ${image.reference}: loading into minikube's Docker Engine`);
    const tarball = await saveImage(deps.docker, image.reference);
    try {
      const answer = await engine.loadImage(tarball as never, { quiet: true });
      await drain(answer as NodeJS.ReadableStream);
    } catch (err) {
      throw explainDockerError(engine, err);
    }
    const id = await engineImageId(engine, image.reference);
    if (id !== image.imageId) throw new TargetError(`${command} left ${id ?? 'no image'} there instead of ${image.imageId}`);
    delivered.push({ component: image.component, reference: image.reference, status: 'loaded', command });
  }
  return delivered;
}

function drain(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}

/** minikube: its engine for the docker runtime, else `minikube image load`; nothing that is there already. */
export async function deliverToMinikube(target: Minikube, images: readonly ImageToDeliver[], deps: DeliveryDeps): Promise<DeliveredImage[]> {
  if (target.runtime === 'docker') {
    const engine = await minikubeEngine(deps, target).catch((err) => {
      // A multi-node profile has no one engine (cmd/minikube/cmd/docker-env.go refuses it): load into every node instead.
      if (err instanceof TargetError && MULTI_NODE.test(err.message)) return undefined;
      throw err;
    });
    if (engine) return intoMinikubeEngine(deps, engine, images);
  }
  const present = await minikubeImageIds(deps, target);
  const delivered: DeliveredImage[] = [];
  for (const image of images) {
    if (present.has(image.imageId.replace(/^sha256:/, ''))) {
      delivered.push({ component: image.component, reference: image.reference, status: 'already-there' });
      continue;
    }
    const args = ['image', 'load', image.reference];
    deps.log(`  ${image.reference}: minikube -p ${target.profile} image load`);
    await minikube(deps, target, args);
    delivered.push({ component: image.component, reference: image.reference, status: 'loaded', command: commandLine(deps.commands?.minikube ?? 'minikube', ['-p', target.profile, ...args]) });
  }
  return delivered;
}
