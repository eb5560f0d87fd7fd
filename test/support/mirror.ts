/**
 * The base-image mirror `.ci/mirror up` runs (localhost:5001): the tests' stand-in bases under
 * Docker Hub's names. A test names them in its values file, as a user names a mirror
 * (`images.*.buildArgs`, `database.image`), and the Docker Engine and the real node's kubelet
 * pull them: nothing is tagged or loaded by hand.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import Docker from 'dockerode';
import { DEBIAN_SLIM_IMAGE, ensureDebianSlimImage, ensurePostgresImage, ensurePythonBaseImage, POSTGRES_IMAGE, PYTHON_BASE_IMAGE } from '../e2e/helpers/debian-base-images';
import { ensureNodeBaseImage, NODE_BASE_IMAGE } from '../e2e/helpers/node-base-image';

/** Where `.ci/mirror up` writes its exports. */
const MIRROR_ENV = process.env.TODO_K8S_MIRROR_DIR ? `${process.env.TODO_K8S_MIRROR_DIR}/env` : '/tmp/todo-k8s-mirror/env';

/** Each stand-in: the image the tests build here, and the name the mirror serves it under. */
export const MIRRORED = {
  /** Debian bookworm's Python 3.11 (the backend's PYTHON_IMAGE). */
  python: { name: 'library/python:3.11-bookworm', standIn: PYTHON_BASE_IMAGE, ensure: async () => ensurePythonBaseImage() },
  /** Debian bookworm's PostgreSQL 15 with the official image's entrypoint and ids (database.image). */
  postgres: { name: 'library/postgres:15-bookworm', standIn: POSTGRES_IMAGE, ensure: async () => ensurePostgresImage() },
  /** This machine's Node 20 on glibc with busybox (the frontend's NODE_IMAGE). */
  node: { name: 'library/node:20-bookworm-slim', standIn: NODE_BASE_IMAGE, ensure: (docker: Docker) => ensureNodeBaseImage(docker) },
  /** Debian bookworm, slim (the Kafka image's base). */
  debian: { name: 'library/debian:bookworm-slim', standIn: DEBIAN_SLIM_IMAGE, ensure: async () => ensureDebianSlimImage() },
} as const;

export type MirroredImage = keyof typeof MIRRORED;

/** The mirror's address (`localhost:5001`) from `.ci/mirror up`'s exports; undefined when it is not up. */
export function mirrorAddress(): string | undefined {
  const env = fs.existsSync(MIRROR_ENV) ? fs.readFileSync(MIRROR_ENV, 'utf8') : '';
  return /^export TODO_K8S_MIRROR=(\S+)$/m.exec(env)?.[1];
}

/** The reference a values file gives for a mirrored base, e.g. `localhost:5001/library/postgres:15-bookworm`. */
export function mirrored(image: MirroredImage): string {
  const address = mirrorAddress();
  if (!address) throw new Error(`the base-image mirror is not up: ${MIRROR_HINT}`);
  return `${address}/${MIRRORED[image].name}`;
}

const MIRROR_HINT = 'start it with `bash .ci/mirror up` (or `bash .ci/run`, which starts every service)';

/** Whether the mirror serves this image's manifest. */
export function mirrorHas(address: string, image: MirroredImage): boolean {
  const [repository, tag] = MIRRORED[image].name.split(':');
  try {
    execFileSync('curl', ['-fsS', '-o', '/dev/null', '-H', 'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json',
      `http://${address}/v2/${repository}/manifests/${tag}`], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** One line saying why the mirror is unusable and how to start it; undefined when it serves every image. */
export function mirrorProblem(): string | undefined {
  const address = mirrorAddress();
  if (!address) return `the base-image mirror is not up: ${MIRROR_HINT}.`;
  const missing = (Object.keys(MIRRORED) as MirroredImage[]).filter((image) => !mirrorHas(address, image));
  return missing.length === 0 ? undefined : `the base-image mirror on ${address} does not serve ${missing.map((m) => MIRRORED[m].name).join(', ')}: ${MIRROR_HINT}.`;
}

/**
 * Pushes an image built here to the mirror's registry, as a team's CI pushes one, and returns the
 * name the kubelet pulls it by (`localhost:5001/<repository>:<tag>`). Content-tagged references
 * make a second push a no-op.
 */
export function pushToMirror(reference: string): string {
  const address = mirrorAddress();
  if (!address) throw new Error(`the base-image mirror is not up: ${MIRROR_HINT}`);
  const target = `${address}/${reference}`;
  execFileSync('docker', ['tag', reference, target], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    execFileSync('docker', ['push', '--quiet', target], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    execFileSync('docker', ['rmi', target], { stdio: 'ignore' });
  }
  return target;
}
