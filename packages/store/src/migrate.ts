import { RosterError } from '@roster/engine';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { MIGRATION_NAMES, migrationProvider } from './migrations/index.ts';

export interface MigrationReport {
  /** Migrations applied by this call, in order. */
  readonly applied: readonly string[];
}

export interface MigrateOptions {
  /** How many times to try when a migration cannot have its lock in time (default 12). */
  readonly attempts?: number;
  /** The pause between two tries, in milliseconds (default 5000). */
  readonly retryDelayMs?: number;
}

/** PostgreSQL's lock_not_available: a migration's `lock_timeout` ran out (a sync was using the table). */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Brings the schema up to date. Safe to call from several replicas at once: Kysely's migrator holds a
 * lock row while it works, so one replica migrates and the others wait and find nothing to do.
 */
export async function migrateToLatest<Schema>(
  db: Kysely<Schema>,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const { attempts = 12, retryDelayMs = 5000 } = options;
  if (await isUpToDate(db)) return { applied: [] };
  let outcome = await rosterMigrator(db).migrateToLatest();
  // A migration that needs a strong lock on a busy table waits a few seconds at most, so that the
  // platform's reads do not queue behind it; then it is tried again (the whole batch rolled back).
  for (let attempt = 1; attempt < attempts && lockTimedOut(outcome.error); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    outcome = await rosterMigrator(db).migrateToLatest();
  }
  const { error, results = [] } = outcome;
  if (error) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new RosterError(
      'DATABASE_FAILED',
      `Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint: lockTimedOut(error)
          ? 'Syncs kept the users table busy: run `roster migrate` again when no sync is running'
          : 'Check that the database user may create tables, then run `roster migrate` again',
      },
    );
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
  };
}

/**
 * Whether the database has run exactly this release's migrations: one read of the migration table.
 * Every command that opens the database asks. The migrator's own check — two catalog queries, its
 * lock table, its advisory lock, a transaction: ~33 ms of statements at each `roster run` in the
 * server's log — waited behind any process holding that lock, up to an hour. Most of those 33 ms
 * overlapped the SSH handshake: a skipped run got ~5 ms shorter (BENCHMARKS.md). Anything else — no
 * table yet, a migration missing, one this release does not know — goes to the migrator, which
 * applies or reports it under its lock.
 */
async function isUpToDate<Schema>(db: Kysely<Schema>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM roster_migrations`.execute(db);
    // Sorted here, not by the database's collation, which may order names otherwise.
    const applied = rows.map((row) => row.name).sort();
    return (
      applied.length === MIGRATION_NAMES.length &&
      applied.every((name, index) => name === MIGRATION_NAMES[index])
    );
  } catch {
    return false; // a database never migrated has no such table
  }
}

/** Kysely's migrator over Roster's migrations and tables (the tests also take it to an older version). */
export function rosterMigrator<Schema>(db: Kysely<Schema>): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'roster_migrations',
    migrationLockTableName: 'roster_migrations_lock',
  });
}

function lockTimedOut(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === LOCK_NOT_AVAILABLE;
}
