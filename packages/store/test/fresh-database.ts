/** A new, empty database of each kind the store runs on, for the store's tests. */
import type { PostgresServer } from '@roster/testkit';
import { openDatabase, type RosterDatabase } from '../src/index.ts';

export type DatabaseKind = 'postgres' | 'embedded';

/** A database of its own on the test's PostgreSQL server, or an in-memory PGlite; not migrated. */
export async function openFreshDatabase(
  kind: DatabaseKind,
  postgres: PostgresServer,
): Promise<RosterDatabase> {
  return kind === 'postgres'
    ? openDatabase({ databaseUrl: await postgres.createDatabase() })
    : openDatabase({ dataDir: 'memory://' });
}
