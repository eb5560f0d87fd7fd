export * from './types';
export * from './registry';
export * from './run-checks';
export { AppSources, AppSourceError } from './sources';
export * from './preflight';
export * from './source-dirs';
