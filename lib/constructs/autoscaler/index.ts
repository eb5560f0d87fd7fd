export * from './autoscaler';
export * from './autoscaler-props';
