export * from '../common/database-connection';
export * from './external-database';
export * from './wait-for-database';
