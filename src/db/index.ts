export type { Database, SqlFamily } from './database.ts';
export { openDatabase, isSupportedDatabaseUrl } from './open.ts';
export { migrateToLatest, binaryType, type ModuleMigration } from './migrate.ts';
export { checkSqliteBackup, nativeSqliteCommittedReader, nativeSqliteHandle, openSqlite } from './dialect/sqlite.ts';
export { connectPostgresPipelined, nativePostgresPool } from './dialect/postgres.ts';
