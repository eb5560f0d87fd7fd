export * from './frontend';
export * from './frontend-props';
