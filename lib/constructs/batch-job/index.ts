export * from './batch-job';
export * from './batch-job-props';
