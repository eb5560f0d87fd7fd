import { CONTRACT_VERSION } from '../model/contract/image-contract';

/** Label recording the contract version the image was built against. */
export const CONTRACT_VERSION_LABEL = 'org.todo-k8s.contract-version';
/** Label recording the full sha256 the tag was cut from. */
export const INPUTS_HASH_LABEL = 'org.todo-k8s.inputs-sha256';
/** Prefix of the labels recording each build argument baked in, e.g. `org.todo-k8s.build-arg.NEXT_PUBLIC_API_URL`. */
export const BUILD_ARG_LABEL_PREFIX = 'org.todo-k8s.build-arg.';

/**
 * Labels every image gets. All are functions of the build's inputs (no timestamp), so an
 * unchanged rebuild produces the identical image from Docker's cache.
 */
export function imageLabels(name: string, tag: string, inputHash: string, buildArgs: Readonly<Record<string, string>>): Record<string, string> {
  const labels: Record<string, string> = {
    'org.opencontainers.image.title': name,
    'org.opencontainers.image.version': tag,
    [CONTRACT_VERSION_LABEL]: CONTRACT_VERSION,
    [INPUTS_HASH_LABEL]: inputHash,
  };
  for (const [arg, value] of Object.entries(buildArgs)) labels[BUILD_ARG_LABEL_PREFIX + arg] = value;
  return labels;
}
