/**
 * The adapters a command needs, wired together: the database (a PostgreSQL server or the embedded
 * one), the store on it, the file sources and the readers. Only composition roots do this.
 */
import type { SyncDependencies } from '@roster/engine';
import { readerForFile } from '@roster/parsers';
import { openTenantSource } from '@roster/sftp';
import {
  databaseFromEnv,
  migrateToLatest,
  openDatabase,
  type RosterDatabase,
  SqlUserStore,
} from '@roster/store';
import type { CliContext } from './cli-context.ts';

export interface Runtime extends AsyncDisposable {
  readonly database: RosterDatabase;
  readonly store: SqlUserStore;
  readonly deps: SyncDependencies;
}

/** How a command opens a tenant's file source: its SFTP connection, secrets from the environment. */
export const sourceOpener =
  (context: CliContext): SyncDependencies['openSource'] =>
  (tenant) =>
    openTenantSource(tenant, { env: context.env });

/** Opens the database, brings its schema up to date, and wires the sync's dependencies. */
export async function openRuntime(context: CliContext): Promise<Runtime> {
  const database = await openDatabase(databaseFromEnv(context.env, process.cwd()));
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const store = new SqlUserStore(database);
  const deps: SyncDependencies = {
    store,
    openSource: sourceOpener(context),
    readerFor: readerForFile,
  };
  return { database, store, deps, [Symbol.asyncDispose]: () => database.close() };
}
