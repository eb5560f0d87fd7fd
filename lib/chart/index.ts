export * from './chart-metadata';
export * from './escape';
export * from './helm-chart';
