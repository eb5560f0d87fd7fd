import type Docker from 'dockerode';
import { describeDockerEndpoint, explainDockerError } from '../../images/docker-endpoint';
import { TargetError } from './errors';
import { registryAuth, registryHost } from './registry-auth';
import { DeliveredImage, DeliveryDeps, ImageToDeliver } from './types';
import { shownName } from '../../util/quote';

/** Where `repository:tag` goes in the registry: `REGISTRY/<last path component>:tag`, unless it is there already. */
export function registryReference(registry: string, reference: string): { repository: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  const repository = reference.slice(0, colon);
  const tag = reference.slice(colon + 1);
  const base = registry.replace(/\/+$/, '');
  return { repository: repository.startsWith(`${base}/`) ? repository : `${base}/${repository.split('/').pop()}`, tag };
}

/** The digest the registry holds for repository:tag (GET /distribution/{name}/json through the engine); undefined when it has none. */
async function registryDigest(docker: Docker, name: string, authconfig: Docker.AuthConfig | undefined): Promise<string | undefined> {
  try {
    const info = await docker.getImage(name).distribution(authconfig ? { authconfig } : {});
    return info?.Descriptor?.digest;
  } catch {
    return undefined;
  }
}

/** Pushes one tag; resolves with the digest the registry answered (the stream's aux.Digest). */
async function push(docker: Docker, name: string, tag: string, authconfig: Docker.AuthConfig | undefined, registry: string): Promise<string> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.getImage(name).push({ tag, ...(authconfig ? { authconfig } : {}) });
  } catch (err) {
    throw explainDockerError(docker, err);
  }
  const events: any[] = await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err: unknown, out: any[]) => (err ? reject(err) : resolve(out))));
  const failed = events.find((e) => e?.error || e?.errorDetail);
  if (failed) {
    const message = String(failed.errorDetail?.message ?? failed.error);
    const hint = /denied|unauthorized|authentication required/i.test(message)
      ? ` Log in first: docker login ${registryHost(registry)} (the credentials in ~/.docker/config.json are used).`
      : /connection refused|no such host|timeout|http: server gave HTTP response/i.test(message)
        ? ` Check that ${registryHost(registry)} is reachable from the Docker Engine at ${describeDockerEndpoint(docker)} (a plain-http registry must be in the engine's insecure-registries).`
        : '';
    throw new TargetError(`Pushing ${name}:${tag} failed: ${message}.${hint}`);
  }
  const digest = events.map((e) => e?.aux?.Digest).find((d) => typeof d === 'string');
  if (!digest) throw new TargetError(`Pushing ${name}:${tag}: the engine did not report the pushed digest`);
  return digest;
}

/** A cloud cluster: each image pushed to the registry (unless the lock's earlier push is still what the registry holds), pinned by digest. */
export async function deliverToRegistry(target: { readonly context: string; readonly registry?: string }, images: readonly ImageToDeliver[], deps: DeliveryDeps): Promise<DeliveredImage[]> {
  const registry = target.registry;
  if (!registry) {
    throw new TargetError(
      `The kube context ${shownName(target.context)} is not minikube, kind, Docker Desktop or kwok, so its nodes cannot see the images built here. ` +
        'Give a registry the cluster pulls from: npm run deploy -- --registry REGISTRY (e.g. ghcr.io/acme, after docker login); the images are pushed there and the manifests pin their digests.',
    );
  }
  const authconfig = await registryAuth(registry, deps.run);
  const delivered: DeliveredImage[] = [];
  for (const image of images) {
    const { repository, tag } = registryReference(registry, image.reference);
    const name = `${repository}:${tag}`;
    const earlier = image.pushedReference;
    if (earlier?.startsWith(`${repository}@`) && (await registryDigest(deps.docker, name, authconfig)) === earlier.slice(repository.length + 1)) {
      delivered.push({ component: image.component, reference: image.reference, status: 'already-there', pushedReference: earlier });
      continue;
    }
    deps.log(`  ${image.reference}: pushing to ${name}`);
    try {
      await deps.docker.getImage(image.reference).tag({ repo: repository, tag });
    } catch (err) {
      throw explainDockerError(deps.docker, err);
    }
    const digest = await push(deps.docker, repository, tag, authconfig, registry);
    delivered.push({ component: image.component, reference: image.reference, status: 'pushed', command: `docker tag ${image.reference} ${name} && docker push ${name}`, pushedReference: `${repository}@${digest}` });
  }
  return delivered;
}
