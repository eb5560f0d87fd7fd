import { Kubectl } from './kubectl';
import { ClusterTarget, detectTarget, readKubeTarget } from './target';

/** The target deploy works on: the kube context and its nodes, read through the user's kubectl. */
export async function clusterTarget(kubectl: Kubectl, registry?: string): Promise<ClusterTarget> {
  const { context, nodes } = await readKubeTarget(kubectl.binary, kubectl.context);
  return detectTarget(context, nodes, { registry });
}
