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

