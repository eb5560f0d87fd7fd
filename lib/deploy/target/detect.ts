import { ClusterTarget, KubeContext, NodeFacts } from './types';

/*
 * The shapes detection relies on, each from the tool's own source:
 * - minikube labels every node `minikube.k8s.io/name=<profile>` (pkg/minikube/bootstrapper/kubeadm/kubeadm.go)
 *   and names context, cluster and user after the profile, with a kubeconfig extension whose provider is
 *   `minikube.sigs.k8s.io` (pkg/minikube/kubeconfig/settings.go, extension.go).
 * - kind sets each node's providerID to `kind://<provider>/<cluster>/<node>` (pkg/cluster/internal/kubeadm/config.go)
 *   and names the context `kind-<cluster>` (pkg/cluster/internal/kubeconfig/internal/kubeconfig/helpers.go).
 * - Docker Desktop's context is `docker-desktop`, its single node `docker-desktop`.
 * - kwok marks its fake nodes with the annotation `kwok.x-k8s.io/node: fake`.
 * - kubeadm (under kind and minikube too) publishes each node's container runtime socket as the annotation
 *   `kubeadm.alpha.kubernetes.io/cri-socket` (cmd/kubeadm/app/constants: AnnotationKubeadmCRISocket).
 */

export const MINIKUBE_PROFILE_LABEL = 'minikube.k8s.io/name';
export const MINIKUBE_KUBECONFIG_PROVIDER = 'minikube.sigs.k8s.io';
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
/** Our own label for a node whose containerd runs on this host (the project's real test node). */
export const HOST_CONTAINERD_LABEL = 'todo-k8s.dev/images';
export const HOST_CONTAINERD_VALUE = 'host-containerd';
/** The containerd socket of such a node, when it is not ctr's default and the node does not publish it as kubeadm does. */
export const CONTAINERD_ADDRESS_ANNOTATION = 'todo-k8s.dev/containerd-address';
/** Where kubeadm-made nodes publish their runtime's socket (`unix:///run/containerd/containerd.sock`). */
export const CRI_SOCKET_ANNOTATION = 'kubeadm.alpha.kubernetes.io/cri-socket';
export const DOCKER_DESKTOP = 'docker-desktop';

/** Options of detectTarget. */
export interface DetectOptions {
  /**
   * A registry to push to (`--registry`): the images go there whatever the cluster, except to kwok's fake nodes.
   * @default undefined (a cloud cluster without one is refused at delivery)
   */
  readonly registry?: string;
}

/** `docker://28.1.1` → `docker`; `containerd://1.7.27` → `containerd`. */
function runtimeOf(node: NodeFacts): string {
  return node.containerRuntimeVersion.split('://')[0];
}

function minikubeRuntime(nodes: readonly NodeFacts[]): 'docker' | 'containerd' | 'cri-o' {
  const runtime = nodes.length ? runtimeOf(nodes[0]) : 'docker';
  return runtime === 'containerd' ? 'containerd' : runtime === 'cri-o' ? 'cri-o' : 'docker';
}

/** `kind://docker/dev/dev-control-plane` → `dev`. */
function kindClusterOf(node: NodeFacts): string | undefined {
  const match = /^kind:\/\/[^/]+\/([^/]+)\/[^/]+$/.exec(node.providerID ?? '');
  return match?.[1];
}

/** Which kind of cluster the context points at, read from the context and its nodes. */
export function detectTarget(context: KubeContext, nodes: readonly NodeFacts[], opts: DetectOptions = {}): ClusterTarget {
  const name = context.name;
  if (nodes.length > 0 && nodes.every((n) => n.annotations[KWOK_NODE_ANNOTATION] === 'fake')) return { kind: 'kwok', context: name };
  if (opts.registry) return { kind: 'cloud', context: name, registry: opts.registry };

  const hostContainerd = nodes.find((n) => n.labels[HOST_CONTAINERD_LABEL] === HOST_CONTAINERD_VALUE);
  if (hostContainerd) {
    const address = hostContainerd.annotations[CONTAINERD_ADDRESS_ANNOTATION] ?? hostContainerd.annotations[CRI_SOCKET_ANNOTATION]?.replace(/^unix:\/\//, '');
    return address ? { kind: 'host-containerd', context: name, address } : { kind: 'host-containerd', context: name };
  }

  const profile = nodes.map((n) => n.labels[MINIKUBE_PROFILE_LABEL]).find((p) => p);
  if (profile || context.provider === MINIKUBE_KUBECONFIG_PROVIDER) {
    return { kind: 'minikube', context: name, profile: profile ?? context.cluster, runtime: minikubeRuntime(nodes) };
  }

  // Before kind: a Docker Desktop cluster made with kind keeps the docker-desktop context and shares the engine's images.
  if (name === DOCKER_DESKTOP || context.cluster === DOCKER_DESKTOP || nodes.some((n) => n.name === DOCKER_DESKTOP)) {
    return { kind: 'docker-desktop', context: name };
  }

  const kindCluster = nodes.map(kindClusterOf).find((c) => c);
  const fromContext = /^kind-(.+)$/.exec(name)?.[1];
  if (kindCluster || (fromContext && nodes.some((n) => n.name.startsWith(`${fromContext}-`)))) {
    const clusterName = kindCluster ?? fromContext!;
    return { kind: 'kind', context: name, clusterName, nodes: nodes.map((n) => n.name) };
  }

  return { kind: 'cloud', context: name };
}
