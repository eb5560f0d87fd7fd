import { TargetError } from './errors';
import { commandLine } from './quote-arg';
import { isNotInstalled, outputTail } from './run-command';
import { CommandResult, DeliveredImage, DeliveryDeps, ImageToDeliver } from './types';

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
        `The kube context ${target.context} is kind cluster "${target.clusterName}", but \`${kind}\` is not installed or not on PATH. ` +
          `Install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), or run \`${shown}\` where it is, and deploy again.`,
      );
    }
    if (result.code !== 0) throw new TargetError(`\`${shown}\` failed (exit ${result.code}):\n${outputTail(result)}`);
    delivered.push({ component: image.component, reference: image.reference, status: 'loaded', command: shown });
  }
  return delivered;
}
