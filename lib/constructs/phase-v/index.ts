// Phase V (Dapr and Kafka): what lib/phase-v.ts, the public module, exports.
export * from './phase-v';
export * from './phase-v-props';
export * from '../dapr';
export * from '../kafka';
export * from './phase-v-workers';
export * from './phase-v-workers-props';
