/** A container with a writable root filesystem: allowed by "restricted", but not what the constructs make. */
import { allContainers, PodTemplate } from './pods';
import { CheckViolation } from './violation';

export function writableRootWarnings(pods: readonly PodTemplate[]): CheckViolation[] {
  return pods.flatMap((pod) => allContainers(pod.spec)
    .filter(({ container }) => container?.securityContext?.readOnlyRootFilesystem === false)
    .map(({ path, where }) => ({
      object: pod.owner, path: `${pod.specPath}.${path}.securityContext.readOnlyRootFilesystem`,
      rule: `${where} has a writable root filesystem (readOnlyRootFilesystem: false): anything in the image can be changed at run time, and writes are lost on restart`,
      fix: 'readOnlyRootFilesystem: true with an emptyDir for each path it writes (a construct\'s writablePaths); keep false only if the image cannot run otherwise',
      severity: 'warning' as const,
    })));
}
