/**
 * Image references by the distribution reference grammar (github.com/distribution/reference,
 * regexp.go), stated once for the configuration, the lock file and `--build-arg` base images.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

/** A repository: an optional registry host[:port]/, then lowercase path components. */
export const IMAGE_REPOSITORY = new RegExp(`^${NAME}$`);
/** Docker's tag grammar: what a kubelet and `docker tag` accept. */
export const IMAGE_TAG = new RegExp(`^${TAG}$`);
/** The grammar's limit on a whole name (repository). */
export const MAX_REPOSITORY_LENGTH = 255;

const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

/** A whole reference, `name[:tag][@digest]`, as `FROM` and a pull take it. */
export function isImageReference(value: string): boolean {
  const match = REFERENCE.exec(value);
  return match !== null && match[1].length <= MAX_REPOSITORY_LENGTH;
}

export const IMAGE_REFERENCE_ALLOWED =
  'an image reference such as "node:22-bookworm-slim" or "mirror.example.com/library/python:3.12-slim": an optional registry host[:port]/, ' +
  'lowercase path components, an optional :tag and @sha256:digest; no spaces, uppercase in the path or other characters';

/** An image reference split the way container runtimes read it. */
export interface ImageRef {
  /** Everything before the tag or digest, e.g. `ghcr.io/acme/todo-backend`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits `registry:5000/repo:tag@sha256:...`; a `:` before the last `/` is a registry port. */
export function parseImage(image: string): ImageRef {
  const [nameAndTag, digest] = String(image).split('@', 2);
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  if (colon > slash) return { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
  return { repository: nameAndTag, digest };
}


/** What `--registry` takes, for messages. */
export const REGISTRY_ALLOWED = 'a registry host[:port] and optional path, as in an image reference, e.g. ghcr.io/acme or localhost:5000 (no scheme, no credentials, lowercase path)';

/**
 * Why a `--registry` value is refused, in words that never repeat credentials; undefined when
 * it is a registry host[:port][/path] of the distribution grammar (what `docker push` takes
 * before the image's own name).
 */
export function registryProblem(value: string, quote: (text: string) => string): string | undefined {
  // user:password@host would be printed in every progress line and pushed under that name.
  if (value.includes('@')) return 'holds "@", as credentials do (user:password@host); they are not shown here. Log in with `docker login HOST` instead';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) return `${quote(value)} starts with ${scheme[1]}://; give the registry without a scheme, e.g. ${quote(value.slice(scheme[0].length).replace(/\/+$/, ''))}`;
  const name = value.replace(/\/+$/, '');
  if (name === '' || !IMAGE_REPOSITORY.test(name) || name.length > MAX_REPOSITORY_LENGTH) return `${quote(value)} is not a registry`;
  return undefined;
}
