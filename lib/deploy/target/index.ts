export * from './types';
export { TargetError } from './errors';
export {
  detectTarget,
  MINIKUBE_PROFILE_LABEL,
  MINIKUBE_KUBECONFIG_PROVIDER,
  KWOK_NODE_ANNOTATION,
  HOST_CONTAINERD_LABEL,
  HOST_CONTAINERD_VALUE,
  CONTAINERD_ADDRESS_ANNOTATION,
} from './detect';
export type { DetectOptions } from './detect';
export { describeTarget, imageLoadCommand } from './describe';
export { deliverImages } from './deliver';
export { readKubeTarget } from './read-kube-target';
export type { KubeTarget } from './read-kube-target';
export { spawnCommand } from './run-command';
export { registryReference } from './deliver-registry';
export { imagesToDeliver } from './lock-images';
