export * from './checks';
export * from './publish';
export * from './settings';
export * from './synthesize-app';
export * from './collect';
