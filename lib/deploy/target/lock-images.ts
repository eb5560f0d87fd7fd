import { COMPONENTS } from '../../model/contract/image-contract';
import { ImagesLock } from '../../images/lock';
import { ImageToDeliver } from './types';

/**
 * The images a deploy delivers, read from the images lock: each app image and its migration
 * image when built, with the digest each was pushed as to `registry` (checked before a push).
 */
export function imagesToDeliver(lock: ImagesLock, registry?: string): ImageToDeliver[] {
  const services = Object.entries(lock.services ?? {}).map(([name, i]): ImageToDeliver => ({
    component: name, reference: i.reference, imageId: i.imageId, ...(registry && i.pushed && Object.hasOwn(i.pushed, registry) ? { pushedReference: i.pushed[registry] } : {}),
  }));
  return [...COMPONENTS.flatMap((component) => {
    const image = lock.images[component];
    const entry = (name: string, i: { reference: string; imageId: string; pushed?: Readonly<Record<string, string>> }): ImageToDeliver => ({
      component: name,
      reference: i.reference,
      imageId: i.imageId,
      ...(registry && i.pushed && Object.hasOwn(i.pushed, registry) ? { pushedReference: i.pushed[registry] } : {}),
    });
    return image.migrate ? [entry(component, image), entry(`${component}-migrate`, image.migrate)] : [entry(component, image)];
  }), ...services];
}
