import { deliverToHostContainerd } from './deliver-host-containerd';
import { deliverToKind } from './deliver-kind';
import { deliverToMinikube } from './deliver-minikube';
import { deliverToRegistry } from './deliver-registry';
import { describeTarget } from './describe';
import { TargetError } from './errors';
import { requireBuiltImages } from './engine-image';
import { ClusterTarget, DeliveredImage, DeliveryDeps, DeliveryReport, ImageToDeliver } from './types';

/**
 * Gets the images where the target's nodes can run them, or verifies they are there already
 * (nothing is loaded or pushed twice). Every image must first be in the user's engine with the
 * lock's ID (except for kwok, which runs no containers). Throws TargetError.
 */
export async function deliverImages(t: ClusterTarget, images: readonly ImageToDeliver[], deps: DeliveryDeps): Promise<DeliveryReport> {
  deps.log(`Target: ${describeTarget(t)}`);
  if (t.kind === 'kwok') return { target: t, images: images.map((i) => ({ component: i.component, reference: i.reference, status: 'not-needed' })) };
  await requireBuiltImages(deps.docker, images);
  let delivered: DeliveredImage[];
  switch (t.kind) {
    case 'docker-desktop':
      // The cluster's kubelet uses this very engine: being there is being delivered.
      delivered = images.map((i) => ({ component: i.component, reference: i.reference, status: 'already-there' }));
      break;
    case 'minikube':
      delivered = await deliverToMinikube(t, images, deps);
      break;
    case 'kind':
      delivered = await deliverToKind(t, images, deps);
      break;
    case 'host-containerd':
      delivered = await deliverToHostContainerd(t, images, deps);
      break;
    case 'cloud':
      delivered = await deliverToRegistry(t, images, deps);
      break;
    default:
      throw new TargetError(`unknown target ${JSON.stringify(t)}`);
  }
  for (const d of delivered) if (d.status === 'already-there') deps.log(`  ${d.reference}: already there`);
  return { target: t, images: delivered };
}
