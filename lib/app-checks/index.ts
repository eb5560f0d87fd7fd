export * from './types';
export * from './registry';
export * from './run-checks';
export * from '../cli/app-check-flags';
export { AppSources, AppSourceError } from './sources';
export * from './preflight';
export * from './source-dirs';
