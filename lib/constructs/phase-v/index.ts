// Phase V (Dapr and Kafka) as one namespace of lib/index.ts: `phaseV.DaprSidecar`, `phaseV.KafkaBroker`, ...
export * from './phase-v';
export * from './phase-v-props';
export * from '../dapr';
export * from '../kafka';
