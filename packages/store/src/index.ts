export type { EmbeddedConnection, RosterDatabase } from './database.ts';
export { migrateToLatest } from './migrate.ts';
export { checkDatabaseUrl, type DatabaseLocation, databaseFromEnv, openDatabase } from './open-database.ts';
export type { RosterSchema } from './schema.ts';
export { SqlUserStore, type SqlUserStoreOptions } from './sql-user-store.ts';
export { connectAsLibpq } from './ssl-mode.ts';
