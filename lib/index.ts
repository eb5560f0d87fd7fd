// The constructs a user builds a Todo deployment from (see docs/extending.md).
export * from './common/container-props';
export * from './common/contract-workload';
export { PodWorkload, PodController, PodControllerProps } from './common/pod-workload';
export { defaultDeploymentStrategy } from './common/rollout';
export * from './common/env';
export * from './common/labels';
export * from './common/pod-props';
export * from './common/prop-errors';
export { containerResources } from './common/resources';
export * from './common/secret-keys';
export { RunAsUser, restrictedContainerSecurityContext, restrictedPodSecurityContext, POD_DEFAULTS } from './common/security';
export * from './web-service';
export * from './worker';
export * from './batch-job';
export * from './autoscaler';
export * from './disruption-budget';
export * from './backend';
export * from './frontend';
export * from './postgres-database';
export * from './public-ingress';
export * from './database-connection';
export * from './todo-chart';
export { BACKEND_CONTRACT, FRONTEND_CONTRACT, IMAGE_CONTRACTS } from './contract/image-contract';
export type { ImageContract } from './contract/image-contract';
export type {
  TodoConfig, WorkloadSettings, BackendSettings, FrontendSettings, ImageSettings, ResourceSettings,
  DatabaseSettings, InClusterDatabase, ExternalDatabaseByParts, BackendMigrationSettings, FrontendMigrationSettings,
} from './config/types';
export * from './synth';
export { loadConfig } from './config/load';
export { checkManifests, CheckError, CheckViolation, formatViolations } from './checks';
export { secretsRead, SecretRead, SecretKeyUse } from './secrets/secret-keys-read';
