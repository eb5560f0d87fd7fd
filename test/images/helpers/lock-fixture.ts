import { LOCAL_PROFILE } from '../../../lib/model/settings/profiles';
import { CONTRACT_VERSION } from '../../../lib/model/contract/image-contract';
import { ImagesLock } from '../../../lib/images/lock';

/** A made-up image ID (or digest) of one repeated hex digit. */
export const FIXTURE_ID = (c: string) => `sha256:${c.repeat(64)}`;
export const FIXTURE_TAG = 'sha-0123456789ab';

/** A complete, valid lock of the local profile's images (the frontend with its migration image). */
export function fixtureLock(): ImagesLock {
  const TAG = FIXTURE_TAG;
  const ID = FIXTURE_ID;
  return {
    version: 1,
    images: {
      backend: { reference: `todo-backend:${TAG}`, repository: 'todo-backend', tag: TAG, imageId: ID('a'), contractVersion: CONTRACT_VERSION, buildArgs: {}, sizeBytes: 1 },
      frontend: {
        reference: `todo-frontend:${TAG}`,
        repository: 'todo-frontend',
        tag: TAG,
        imageId: ID('b'),
        contractVersion: CONTRACT_VERSION,
        buildArgs: { NEXT_PUBLIC_API_URL: LOCAL_PROFILE.publicUrls.backend },
        sizeBytes: 1,
        migrate: { reference: `todo-frontend:${TAG}-migrate`, tag: `${TAG}-migrate`, imageId: ID('c') },
      },
    },
  };
}
