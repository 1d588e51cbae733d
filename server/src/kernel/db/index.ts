export { openDatabase, openPglite, openPostgres, preparedRows, prepareQuery, runPrepared, rows, type Database, type Db, type PreparedQuery } from './client.ts';
export { runMigrations, migrationsFolder } from './migrate.ts';
export { uuid7 } from './ids.ts';
export { pgErrorCode } from './pg-error.ts';
