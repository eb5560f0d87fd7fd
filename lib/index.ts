// What a project's main.ts imports: the constructs, their props, the settings' types and the
// few helpers docs/extending.md uses. Everything else under lib/ is internal (the commands run
// the pipeline; test/architecture/public-api.test.ts keeps this list short).

// The app and its parts
export { TodoChart, TodoChartProps } from './constructs/todo-chart';
export { Backend, BackendProps } from './constructs/backend';
export { Frontend, FrontendProps } from './constructs/frontend';
export { PostgresDatabase, PostgresDatabaseProps } from './constructs/postgres-database';
export { PublicIngress, PublicIngressProps } from './constructs/public-ingress';
// Your own workloads
export { WebService, WebServiceProps } from './constructs/web-service';
export { Worker, WorkerProps } from './constructs/worker';
export { BatchJob, BatchJobProps } from './constructs/batch-job';
export { Autoscaler, AutoscalerProps } from './constructs/autoscaler';
export { DisruptionBudget, DisruptionBudgetProps } from './constructs/disruption-budget';
// Phase V's constructs (Dapr sidecars and Components, Kafka) are a module of their own,
// './lib/phase-v', as AWS CDK keeps each service's constructs in one (aws-cdk-lib/aws-s3).
// Databases
export { ExternalDatabase, IDatabaseConnection, IDatabaseClient } from './constructs/database-connection';
// Env, resources and users
export { EnvVariable, envValue, envFromSecret } from './constructs/common/env';
export { containerResources } from './constructs/common/resources';
export { RunAsUser } from './constructs/common/security';
export { PropsError } from './constructs/common/prop-errors';
// Settings and the images' contract
export type { TodoConfig, ImageSettings, ResourceSettings } from './model/settings/types';
export { BACKEND_CONTRACT, FRONTEND_CONTRACT, ImageContract } from './model/contract/image-contract';
// What main.ts exports
export type { BuildApp } from './cli/app-module';
// Images of your own services (settings `services:`)
export { serviceImage, SERVICE_CONTRACT } from './model/settings/service-image';
