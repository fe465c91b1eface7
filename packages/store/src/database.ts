import type { Kysely } from 'kysely';
import type { RosterSchema } from './schema.ts';
import type { OpenTransaction } from './sql-session.ts';

/** The database Roster keeps users and run history in: a PostgreSQL server, or the embedded PGlite. */
export interface RosterDatabase {
  readonly kind: 'postgres' | 'embedded';
  /** For ordinary queries outside a sync transaction. */
  readonly db: Kysely<RosterSchema>;
  /** Opens a transaction on one connection. */
  begin(): Promise<OpenTransaction>;
  /** Runs one statement outside any transaction (pg-boss takes this as its `db`). */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}
