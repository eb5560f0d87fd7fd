export * from './backend';
export * from './backend-props';
