import { TargetError } from './errors';
import { saveImage } from './engine-image';
import { commandLine } from './quote-arg';
import { isNotInstalled, outputTail } from './run-command';
import { CommandResult, DeliveredImage, DeliveryDeps, ImageToDeliver } from './types';
import { quote, shownName } from '../../util/quote';

/**
 * `kind load docker-image` fails with "content digest ... not found" when the engine keeps images in
 * containerd's store (Docker Desktop's default; kubernetes-sigs/kind#3795): its `ctr import
 * --all-platforms` wants blobs of platforms never pulled.
 */
const DIGEST_NOT_FOUND = /content digest .*not found|digest .* not found/i;

type Kind = { readonly context: string; readonly clusterName: string; readonly nodes: readonly string[] };

/**
 * The image ID a kind node has for `reference`, as kind itself checks it (pkg/cluster/nodeutils/util.go
 * ImageID): `crictl inspecti REF` in the node's container, JSON `.status.id`. undefined when absent.
 */
async function nodeImageId(deps: DeliveryDeps, node: string, reference: string): Promise<string | undefined> {
  const docker = deps.commands?.docker ?? 'docker';
  let result: CommandResult;
  try {
    result = await deps.run(docker, ['exec', node, 'crictl', 'inspecti', reference]);
  } catch (err) {
    if (isNotInstalled(err)) return undefined; // no docker CLI: let kind decide (it skips images that are there)
    throw err;
  }
  if (result.code !== 0) return undefined;
  try {
    const id = JSON.parse(result.stdout)?.status?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** kind: `kind load docker-image REF --name NAME` for each image some node lacks. */
export async function deliverToKind(target: Kind, images: readonly ImageToDeliver[], deps: DeliveryDeps): Promise<DeliveredImage[]> {
  const kind = deps.commands?.kind ?? 'kind';
  const delivered: DeliveredImage[] = [];
  for (const image of images) {
    const ids = await Promise.all(target.nodes.map((node) => nodeImageId(deps, node, image.reference)));
    if (target.nodes.length > 0 && ids.every((id) => id === image.imageId)) {
      delivered.push({ component: image.component, reference: image.reference, status: 'already-there' });
      continue;
    }
    const args = ['load', 'docker-image', image.reference, '--name', target.clusterName];
    const shown = commandLine(kind, args);
    deps.log(`  ${image.reference}: ${shown}`);
    let result: CommandResult;
    try {
      result = await deps.run(kind, args);
    } catch (err) {
      if (!isNotInstalled(err)) throw err;
      throw new TargetError(
        `The kube context ${shownName(target.context)} is kind cluster ${quote(target.clusterName)}, but \`${kind}\` is not installed or not on PATH. ` +
          `Install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), or run \`${shown}\` where it is, and deploy again.`,
      );
    }
    if (result.code !== 0 && DIGEST_NOT_FOUND.test(`${result.stderr}${result.stdout}`)) {
      delivered.push(await importIntoNodes(target, image, deps, shown));
      continue;
    }
    if (result.code !== 0) throw new TargetError(`\`${shown}\` failed (exit ${result.code}):\n${outputTail(result)}`);
    delivered.push({ component: image.component, reference: image.reference, status: 'loaded', command: shown });
  }
  return delivered;
}

/** The workaround of kind#3795: `docker save REF | docker exec --privileged -i NODE ctr --namespace=k8s.io images import --digests -`, this platform only. */
async function importIntoNodes(target: Kind, image: ImageToDeliver, deps: DeliveryDeps, failed: string): Promise<DeliveredImage> {
  const docker = deps.commands?.docker ?? 'docker';
  const commands: string[] = [];
  for (const node of target.nodes) {
    // kind's own import (pkg/cluster/nodeutils/util.go) without --all-platforms, as in kind#4255.
    const args = ['exec', '--privileged', '-i', node, 'ctr', '--namespace=k8s.io', 'images', 'import', '--digests', '-'];
    const command = `docker save ${image.reference} | ${commandLine(docker, args)}`;
    deps.log(`  ${image.reference}: ${failed} hit kind#3795 (containerd image store); ${command}`);
    const result = await deps.run(docker, args, { stdin: await saveImage(deps.docker, image.reference) });
    if (result.code !== 0) throw new TargetError(`\`${command}\` failed (exit ${result.code}):\n${outputTail(result)}`);
    commands.push(command);
  }
  return { component: image.component, reference: image.reference, status: 'loaded', command: commands.join('; ') };
}
