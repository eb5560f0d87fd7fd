export * from './checks';
export * from './publish';
export * from './settings';
export * from './synthesize-app';
export * from './collect';
export { synthInProcess, NotPublishedError } from './synth-in-process';
export type { SynthInProcessOptions } from './synth-in-process';
