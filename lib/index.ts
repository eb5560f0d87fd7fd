// The constructs a user builds a Todo deployment from (see docs/extending.md).
export * from './constructs/common/container-props';
export * from './constructs/common/contract-workload';
export { PodWorkload, PodController, PodControllerProps } from './constructs/common/pod-workload';
export { defaultDeploymentStrategy } from './constructs/common/rollout';
export * from './constructs/common/env';
export * from './model/labels';
export * from './constructs/common/pod-props';
export * from './constructs/common/prop-errors';
export { containerResources } from './constructs/common/resources';
export * from './model/secret-keys';
export { RunAsUser, restrictedContainerSecurityContext, restrictedPodSecurityContext, POD_DEFAULTS } from './constructs/common/security';
export * from './constructs/web-service';
export * from './constructs/worker';
export * from './constructs/batch-job';
export * from './constructs/autoscaler';
export * from './constructs/disruption-budget';
export * from './constructs/backend';
export * from './constructs/frontend';
export * from './constructs/postgres-database';
export * from './constructs/public-ingress';
export * from './constructs/database-connection';
export * from './constructs/todo-chart';
export { BACKEND_CONTRACT, FRONTEND_CONTRACT, IMAGE_CONTRACTS } from './model/contract/image-contract';
export type { ImageContract } from './model/contract/image-contract';
export type {
  TodoConfig, WorkloadSettings, BackendSettings, FrontendSettings, ImageSettings, ResourceSettings,
  DatabaseSettings, InClusterDatabase, ExternalDatabaseByParts, BackendMigrationSettings, FrontendMigrationSettings,
} from './model/settings/types';
export * from './pipeline';
export { loadConfig } from './model/settings/load';
export { checkManifests, CheckError, CheckViolation, formatViolations } from './checks';
export { secretsRead, SecretRead, SecretKeyUse } from './secrets/secret-keys-read';
