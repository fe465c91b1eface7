/** The store on a PostgreSQL server (≥ 15), through pg, with COPY through pg-copy-streams. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RosterDatabase } from './database.ts';
import { toDatabaseError } from './database-errors.ts';
import type { RosterSchema } from './schema.ts';
import type { OpenTransaction, SqlSession } from './sql-session.ts';
import { connectAsLibpq } from './ssl-mode.ts';

const DATE_OID = 1082;

// Dates stay `YYYY-MM-DD` text: pg would turn them into local-midnight Date objects, which shift by a
// day in time zones west of UTC.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function sessionFor(client: pg.PoolClient): SqlSession {
  return {
    async query(text, values = []) {
      const result = await client.query(text, values as unknown[]);
      return { rows: result.rows, affectedRows: result.rowCount ?? 0 };
    },
    async copyFrom(copyStatement, chunks) {
      await pipeline(
        Readable.from(chunks, { objectMode: false }),
        client.query(copyFrom(`${copyStatement} FROM STDIN`)),
      );
    },
  };
}

export interface PostgresOptions {
  readonly url: string;
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
  /** Shown in `pg_stat_activity` (default `roster`). */
  readonly applicationName?: string;
}

/** A pool on `url` whose first connection succeeded; the error it failed with otherwise (the pool ended). */
async function connectedPool(url: string, options: PostgresOptions): Promise<{ pool: pg.Pool; url: string }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'roster',
    connectionTimeoutMillis: 15_000,
    types,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
    return { pool, url };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

export async function openPostgres(options: PostgresOptions): Promise<RosterDatabase> {
  const connected = await connectAsLibpq(options.url, (url) => connectedPool(url, options)).catch(
    (error: unknown) => {
      throw toDatabaseError(error, `connecting to ${new URL(options.url).host}`);
    },
  );
  const { pool } = connected;
  const db = new Kysely<RosterSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async begin(): Promise<OpenTransaction> {
      const client = await pool.connect().catch((error: unknown) => {
        throw toDatabaseError(error, 'connecting');
      });
      // A checked-out client whose server goes away emits 'error' besides failing the pending query;
      // without a listener that event would crash the process. The failing query reports it.
      const ignore = () => {};
      client.on('error', ignore);
      let done = false;
      const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
        if (done) return;
        done = true;
        try {
          await client.query(statement);
          client.removeListener('error', ignore);
          client.release();
        } catch (error) {
          client.removeListener('error', ignore);
          client.release(error as Error); // a broken connection is destroyed, not reused
          if (statement === 'COMMIT') throw toDatabaseError(error, 'committing');
        }
      };
      try {
        await client.query('BEGIN');
      } catch (error) {
        client.release(error as Error);
        throw toDatabaseError(error, 'starting a transaction');
      }
      return { session: sessionFor(client), commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
    },
    async executeSql(text, values = []) {
      const result = await pool.query(text, values as unknown[]);
      return { rows: result.rows };
    },
    connectionUrl: connected.url,
    async close() {
      await db.destroy(); // ends the pool
    },
  };
}
