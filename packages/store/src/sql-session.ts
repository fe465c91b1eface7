/**
 * One database connection inside one transaction, as the store needs it: plain queries with
 * parameters, and bulk loading with COPY. Implemented for PostgreSQL servers (pg) and for the embedded
 * PGlite, so the same SQL runs on both.
 */

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly affectedRows: number;
}

export interface SqlSession {
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Runs `COPY <table> (<columns>) FROM STDIN` with the text-format lines produced by `chunks`, as
   * UTF-8 bytes. `copyStatement` is everything before `FROM`, built from fixed names only.
   */
  copyFrom(copyStatement: string, chunks: AsyncIterable<Uint8Array>): Promise<void>;
}

/** An open transaction: use the session, then commit or roll back exactly once. */
export interface OpenTransaction {
  readonly session: SqlSession;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
