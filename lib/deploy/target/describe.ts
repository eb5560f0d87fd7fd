import { quoteArg } from './quote-arg';
import { ClusterTarget } from './types';
import { quote, shownName } from '../../util/quote';

/** One line for progress output: what the cluster is and how its images get there. */
export function describeTarget(t: ClusterTarget): string {
  switch (t.kind) {
    case 'minikube':
      return t.runtime === 'docker'
        ? `minikube profile ${quote(t.profile)} (context ${shownName(t.context)}, docker runtime): images go into minikube's Docker Engine`
        : `minikube profile ${quote(t.profile)} (context ${shownName(t.context)}, ${t.runtime} runtime): images are loaded with minikube image load`;
    case 'kind':
      return `kind cluster ${quote(t.clusterName)} (context ${shownName(t.context)}, ${t.nodes.length} node${t.nodes.length === 1 ? '' : 's'}): images are loaded with kind load docker-image`;
    case 'docker-desktop':
      return `Docker Desktop (context ${shownName(t.context)}): the cluster uses the images of Docker Desktop's engine`;
    case 'kwok':
      return `kwok (context ${shownName(t.context)}): fake nodes run no containers, no image is needed`;
    case 'host-containerd':
      return `a node whose containerd runs on this host (context ${shownName(t.context)}${t.address ? `, ${t.address}` : ''}): images are imported with ctr`;
    case 'cloud':
      return t.registry
        ? `cluster of context ${shownName(t.context)}: images are pushed to ${t.registry} and pinned by digest`
        : `cluster of context ${shownName(t.context)} (not minikube, kind or Docker Desktop): images must come from a registry (--registry)`;
  }
}

/**
 * The command a user runs to get one image onto the target, e.g. for an ErrImageNeverPull diagnosis;
 * undefined where no image is needed (kwok).
 */
export function imageLoadCommand(t: ClusterTarget, reference: string): string | undefined {
  const ref = quoteArg(reference);
  switch (t.kind) {
    case 'minikube':
      return `minikube -p ${quoteArg(t.profile)} image load ${ref}`;
    case 'kind':
      return `kind load docker-image ${ref} --name ${quoteArg(t.clusterName)}`;
    case 'docker-desktop':
      return `npm run images (against Docker Desktop's engine, e.g. after docker context use desktop-linux), then: docker image inspect ${ref}`;
    case 'kwok':
      return undefined;
    case 'host-containerd':
      return `docker save ${ref} | ctr${t.address ? ` --address ${quoteArg(t.address)}` : ''} -n k8s.io images import -`;
    case 'cloud':
      return t.registry
        ? `docker tag ${ref} ${quoteArg(`${t.registry}/${reference}`)} && docker push ${quoteArg(`${t.registry}/${reference}`)}`
        : `npm run deploy -- --registry <registry host/path> (pushes ${reference} and pins its digest)`;
  }
}
