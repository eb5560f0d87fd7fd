/**
 * Why the kubelet cannot pull an image, from its own message (ErrImagePull, ImagePullBackOff, or
 * the pod's `Failed` event): the failures that no retry ends, and what to do about each. A
 * timeout, a refused connection or a rate limit are not classified: waiting may end those.
 */

/** A pull failure that waiting cannot end. */
export interface PullFailure {
  /** `host`: the registry's name does not resolve; `missing`: no such repository or tag; `auth`: the registry refused the node. */
  readonly kind: 'host' | 'missing' | 'auth';
  /** The registry host, as the reference names it (`docker.io` when it names none). */
  readonly registry: string;
  /** One line on what to do. */
  readonly advice: string;
  /** The registry or DNS answered so (not a lookup that timed out): retrying gets the same answer. */
  readonly definitive: boolean;
}

/** The registry host of an image reference: its first component when that has a `.` or `:` or is `localhost`. */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (/[.:]/.test(first) || first === 'localhost') ? first : 'docker.io';
}

// containerd / CRI-O / the kubelet's words, as they appear in the message (Go errors, kept verbatim).
const HOST = /\blookup (\S+?)(?: on \S+)?: (?:read udp \S+: )?(?:no such host|server misbehaving|Temporary failure in name resolution|i\/o timeout)|name or service not known|no such host/i;
const MISSING = /: not found\b|\bmanifest unknown\b|\bname unknown\b|repository does not exist|\b404 Not Found\b|reference does not exist/i;
const AUTH = /\b401 Unauthorized\b|\b403 Forbidden\b|\bunauthorized\b|authorization failed|access denied|failed to authorize|insufficient_scope|denied:/i;

/**
 * The failure a pull message describes, or undefined when waiting may still end it. "repository
 * does not exist or may require authorization" (Docker Hub's answer for both) counts as missing,
 * with both causes named.
 */
export function classifyPullFailure(image: string, message: string, namespace: string): PullFailure | undefined {
  const registry = registryOf(image);
  const host = HOST.exec(message);
  if (host) {
    const name = host[1] ?? registry;
    return {
      kind: 'host',
      registry: name,
      definitive: !/i\/o timeout|Temporary failure|server misbehaving/i.test(host[0]),
      advice: `the registry host "${name}" does not resolve from the node: correct the image reference (a typo in the host?), or make it resolvable there; an image built here reaches the node through npm run deploy (it loads it) or --registry HOST/PATH`,
    };
  }
  if (MISSING.test(message)) {
    const either = /may require authorization/i.test(message) ? ' (or the registry wants credentials for it)' : '';
    return {
      kind: 'missing',
      registry,
      definitive: true,
      advice: `${registry} has no ${image}${either}: check the repository and tag (the lock, images.<component>.repository/tag, database.image), or push it: npm run deploy -- --registry HOST/PATH pushes what it builds`,
    };
  }
  if (AUTH.test(message)) {
    return {
      kind: 'auth',
      registry,
      definitive: true,
      advice: `${registry} refused the node's credentials: the node pulls without your docker login; create a pull Secret (kubectl -n ${namespace} create secret docker-registry regcred --docker-server=${registry} ...) and name it in the pods' imagePullSecrets, or make the image public`,
    };
  }
  return undefined;
}
