import * as kplus from 'cdk8s-plus-30';

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
