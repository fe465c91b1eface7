/**
 * A Kysely dialect over one {@link SqlSession}, so that typed Kysely queries run inside a transaction
 * the store opened itself (and in which it also runs COPY, which Kysely cannot do).
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { RosterSchema } from './schema.ts';
import type { SqlSession } from './sql-session.ts';

class SessionConnection implements DatabaseConnection {
  readonly #session: SqlSession;
  constructor(session: SqlSession) {
    this.#session = session;
  }
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#session.query<R>(compiled.sql, compiled.parameters);
    return { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) };
  }
  // biome-ignore lint/correctness/useYield: streaming is never used inside a session
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported inside a sync session');
  }
}

class SessionDriver implements Driver {
  readonly #connection: SessionConnection;
  constructor(session: SqlSession) {
    this.#connection = new SessionConnection(session);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(_connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    throw new Error('The session is already a transaction');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** A Kysely instance whose every query runs on `session`. */
export function kyselyForSession(session: SqlSession): Kysely<RosterSchema> {
  return new Kysely<RosterSchema>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new SessionDriver(session),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}
