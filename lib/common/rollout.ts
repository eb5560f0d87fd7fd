import * as kplus from 'cdk8s-plus-30';
import { PropsChecker } from './prop-errors';

/**
 * One extra pod at a time and none taken away: a rollout never drops below the replicas, and it
 * fits a small node (the local profile is checked against a default minikube node).
 */
export function defaultDeploymentStrategy(): kplus.DeploymentStrategy {
  return kplus.DeploymentStrategy.rollingUpdate({
    maxSurge: kplus.PercentOrAbsolute.absolute(1),
    maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
  });
}

/** The strategy given, or the default one. */
export function deploymentStrategy(strategy: kplus.DeploymentStrategy | undefined): kplus.DeploymentStrategy {
  return strategy ?? defaultDeploymentStrategy();
}

/** A rolling update that can never make progress (maxSurge and maxUnavailable both 0) is refused, as the API server would. */
export function checkStrategy(c: PropsChecker, strategy: kplus.DeploymentStrategy | undefined): void {
  if (!strategy) return;
  const kube = (strategy as unknown as { _toKube(): { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } } })._toKube();
  const zero = (v: unknown) => v === 0 || v === '0%';
  if (kube.type === 'RollingUpdate' && zero(kube.rollingUpdate?.maxSurge) && zero(kube.rollingUpdate?.maxUnavailable)) {
    c.fail('strategy', kube, 'a rolling update with maxSurge or maxUnavailable above 0 (with both 0 no pod can be replaced), or DeploymentStrategy.recreate()');
  }
}
