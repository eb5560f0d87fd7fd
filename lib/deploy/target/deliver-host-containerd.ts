import { TargetError } from './errors';
import { saveImage } from './engine-image';
import { commandLine } from './quote-arg';
import { isNotInstalled, outputTail } from './run-command';
import { CommandOptions, CommandResult, DeliveredImage, DeliveryDeps, ImageToDeliver } from './types';
import { shownName } from '../../util/quote';

type HostContainerd = { readonly context: string; readonly address?: string };

/** The name containerd stores a docker reference under: `todo-backend:x` → `docker.io/library/todo-backend:x`. */
export function containerdName(reference: string): string {
  const first = reference.split('/')[0];
  const hasDomain = reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain) return reference;
  return reference.includes('/') ? `docker.io/${reference}` : `docker.io/library/${reference}`;
}

async function ctr(deps: DeliveryDeps, target: HostContainerd, args: readonly string[], options?: CommandOptions): Promise<CommandResult> {
  const command = deps.commands?.ctr ?? 'ctr';
  const fullArgs = [...(target.address ? ['--address', target.address] : []), '--namespace', 'k8s.io', ...args];
  try {
    return await deps.run(command, fullArgs, options);
  } catch (err) {
    if (!isNotInstalled(err)) throw err;
    throw new TargetError(
      `The kube context ${shownName(target.context)} has a node that takes images from this host's containerd, but \`${command}\` is not installed or not on PATH ` +
        '(Debian: apt-get install containerd). Or load each image by hand: docker save REF | ctr -n k8s.io images import -',
    );
  }
}

function shown(deps: DeliveryDeps, target: HostContainerd, args: readonly string[]): string {
  return commandLine(deps.commands?.ctr ?? 'ctr', [...(target.address ? ['--address', target.address] : []), '--namespace', 'k8s.io', ...args]);
}

/** Reads a blob of containerd's content store as JSON. */
async function contentJson(deps: DeliveryDeps, target: HostContainerd, digest: string): Promise<any> {
  const result = await ctr(deps, target, ['content', 'get', digest]);
  if (result.code !== 0) return undefined;
  try {
    return JSON.parse(result.stdout);
  } catch {
    return undefined;
  }
}

/**
 * The image ID (config digest, which is what Docker calls the image ID) containerd has under the
 * reference; undefined when it has none. `ctr images ls name==NAME` prints REF TYPE DIGEST ...
 */
export async function containerdImageId(deps: DeliveryDeps, target: HostContainerd, reference: string): Promise<string | undefined> {
  const args = ['images', 'ls', `name==${containerdName(reference)}`];
  const result = await ctr(deps, target, args);
  if (result.code !== 0) throw new TargetError(`\`${shown(deps, target, args)}\` failed (exit ${result.code}):\n${outputTail(result)}`);
  const row = result.stdout.split('\n').slice(1).find((l) => l.trim());
  const digest = row?.trim().split(/\s+/)[2];
  if (!digest?.startsWith('sha256:')) return undefined;
  let manifest = await contentJson(deps, target, digest);
  // An OCI index (docker save of a containerd-store engine): its first manifest.
  if (Array.isArray(manifest?.manifests) && manifest.manifests[0]?.digest) manifest = await contentJson(deps, target, manifest.manifests[0].digest);
  const id = manifest?.config?.digest;
  return typeof id === 'string' ? id : undefined;
}

/** This host's containerd: `docker save REF | ctr -n k8s.io images import -`, for each image it lacks. */
export async function deliverToHostContainerd(target: HostContainerd, images: readonly ImageToDeliver[], deps: DeliveryDeps): Promise<DeliveredImage[]> {
  const delivered: DeliveredImage[] = [];
  for (const image of images) {
    if ((await containerdImageId(deps, target, image.reference)) === image.imageId) {
      delivered.push({ component: image.component, reference: image.reference, status: 'already-there' });
      continue;
    }
    const args = ['images', 'import', '-'];
    const command = `docker save ${image.reference} | ${shown(deps, target, args)}`;
    deps.log(`  ${image.reference}: ${command}`);
    const tarball = await saveImage(deps.docker, image.reference);
    const result = await ctr(deps, target, args, { stdin: tarball });
    if (result.code !== 0) throw new TargetError(`\`${command}\` failed (exit ${result.code}):\n${outputTail(result)}`);
    const id = await containerdImageId(deps, target, image.reference);
    if (id !== image.imageId) throw new TargetError(`\`${command}\` left ${id ?? 'no image'} under ${containerdName(image.reference)} instead of ${image.imageId}`);
    delivered.push({ component: image.component, reference: image.reference, status: 'loaded', command });
  }
  return delivered;
}
