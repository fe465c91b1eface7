import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.ts';
import * as runFileAndIdentityIndexes from './0002-run-file-and-identity-indexes.ts';
import * as hashIndexesOnOtherIdentifier from './0003-hash-indexes-on-other-identifier.ts';
import * as syncSchedules from './0004-sync-schedules.ts';
import * as scheduleSeenAt from './0005-schedule-seen-at.ts';
import * as runNotes from './0006-run-notes.ts';

/** Every migration, by name, in order. Names sort in the order they must run. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-run-file-and-identity-indexes': runFileAndIdentityIndexes,
  '0003-hash-indexes-on-other-identifier': hashIndexesOnOtherIdentifier,
  '0004-sync-schedules': syncSchedules,
  '0005-schedule-seen-at': scheduleSeenAt,
  '0006-run-notes': runNotes,
};

/** The migrations' names in the order they run (their names sort that way). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

/** A static provider: migrations are code in this package, not files found at run time. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
