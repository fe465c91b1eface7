import type { Kysely } from 'kysely';
import type { RosterSchema } from './schema.ts';
import type { OpenTransaction } from './sql-session.ts';

/** The slice of PGlite that pg-boss's `fromPglite` adapter uses. */
export interface EmbeddedConnection {
  query<T = unknown>(query: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(query: string): Promise<Array<{ rows: unknown[] }>>;
}

/** The database Roster keeps users and run history in: a PostgreSQL server, or the embedded PGlite. */
export interface RosterDatabase {
  readonly kind: 'postgres' | 'embedded';
  /** For ordinary queries outside a sync transaction. */
  readonly db: Kysely<RosterSchema>;
  /** Opens a transaction on one connection. */
  begin(): Promise<OpenTransaction>;
  /**
   * The embedded PGlite instance itself, for pg-boss's PGlite adapter (absent on a server): one
   * process shares its single connection between the sync transactions and the job queue.
   */
  readonly embedded?: EmbeddedConnection;
  /**
   * On a server: the URL its connections use, with libpq's sslmode meanings applied and a plain
   * fallback taken (ssl-mode.ts), for pg-boss to connect as the store does.
   */
  readonly connectionUrl?: string;
  /** Runs one statement outside any transaction (pg-boss takes this as its `db`). */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}
