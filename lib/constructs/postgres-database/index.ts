export * from './postgres-database';
export * from './postgres-database-props';
