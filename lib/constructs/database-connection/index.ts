export * from './database-connection';
export * from './external-database';
export * from './wait-for-database';
