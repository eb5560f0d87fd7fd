import { TodoConfig } from '../model/settings/types';
import { DiagnosisHints } from './rollout-diagnose-pod';
import { ClusterTarget, imageLoadCommand } from './target';

/**
 * What the diagnoses add on this target: the command that loads a missing image there, and for
 * minikube the memory to start it with (README's figure for a real Next.js build).
 */
export function diagnosisHints(target: ClusterTarget, config: TodoConfig): DiagnosisHints {
  return {
    imageLoadCommand: (image) => imageLoadCommand(target, image),
    memoryAdvice: target.kind === 'minikube' ? `give minikube more memory: minikube delete -p ${target.profile} && minikube start -p ${target.profile} --memory=4g (then npm run deploy)` : undefined,
    managedSecret: config.secretName,
  };
}
