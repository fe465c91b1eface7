import { RosterError } from '@roster/engine';
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations/index.ts';

export interface MigrationReport {
  /** Migrations applied by this call, in order. */
  readonly applied: readonly string[];
}

/**
 * Brings the schema up to date. Safe to call from several replicas at once: Kysely's migrator holds a
 * lock row while it works, so one replica migrates and the others wait and find nothing to do.
 */
export async function migrateToLatest<Schema>(db: Kysely<Schema>): Promise<MigrationReport> {
  const { error, results = [] } = await rosterMigrator(db).migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new RosterError(
      'DATABASE_FAILED',
      `Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint: 'Check that the database user may create tables, then run `roster migrate` again',
      },
    );
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
  };
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
