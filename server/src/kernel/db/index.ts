export { openDatabase, openPglite, openPostgres, preparedRows, rows, type Database, type Db } from './client.ts';
export { runMigrations, migrationsFolder } from './migrate.ts';
export { uuid7 } from './ids.ts';
export { pgErrorCode } from './pg-error.ts';
