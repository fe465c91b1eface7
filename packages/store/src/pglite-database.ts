/**
 * The store on the embedded PostgreSQL (PGlite): nothing to install, data kept in a folder. PGlite is
 * one connection in this process, so a second Roster process on the same folder is refused (a lock
 * file) instead of corrupting it.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { RosterError } from '@roster/engine';
import { Kysely, PGliteDialect } from 'kysely';
import type { RosterDatabase } from './database.ts';
import { toDatabaseError } from './database-errors.ts';
import type { RosterSchema } from './schema.ts';
import type { OpenTransaction, SqlSession } from './sql-session.ts';

const DATE_OID = 1082;
/** COPY data is handed to PGlite as blobs of about this size. */
const COPY_BLOB_BYTES = 8 << 20;

function sessionFor(tx: Transaction): SqlSession {
  return {
    async query(text, values = []) {
      const result = await tx.query<never>(text, values as unknown[]);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async copyFrom(copyStatement, chunks) {
      let parts: Uint8Array[] = [];
      let size = 0;
      const flush = async () => {
        if (parts.length === 0) return;
        await tx.query(`${copyStatement} FROM '/dev/blob'`, [], { blob: new Blob(parts) });
        parts = [];
        size = 0;
      };
      for await (const chunk of chunks) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= COPY_BLOB_BYTES) await flush();
      }
      await flush();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function takeLock(lockPath: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.write(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new RosterError(
          'DATABASE_FAILED',
          `The embedded database in ${path.dirname(lockPath)} is in use by another Roster process (pid ${owner})`,
          {
            transient: true,
            hint: 'Wait for it to finish, or set DATABASE_URL to use a PostgreSQL server (needed for several processes)',
          },
        );
      }
      await rm(lockPath, { force: true }); // left behind by a process that died
    }
  }
  throw new RosterError('DATABASE_FAILED', `Cannot lock the embedded database at ${lockPath}`);
}

export interface EmbeddedOptions {
  /** The folder for the database files; `memory://` keeps it in memory (tests). */
  readonly dataDir: string;
}

export async function openEmbedded(options: EmbeddedOptions): Promise<RosterDatabase> {
  const inMemory = options.dataDir.startsWith('memory://');
  let unlock = async () => {};
  if (!inMemory) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await takeLock(`${options.dataDir}.lock`);
  }
  // Dates stay `YYYY-MM-DD` text, as with the pg driver.
  const parsers = { [DATE_OID]: (value: string) => value };
  let pglite: PGlite;
  try {
    // Loaded on demand: PGlite's WebAssembly costs ~100 ms and tens of MB that a run against a
    // PostgreSQL server never needs.
    const { PGlite: Embedded } = await import('@electric-sql/pglite');
    pglite = await Embedded.create({ ...(!inMemory && { dataDir: options.dataDir }), parsers });
  } catch (error) {
    await unlock();
    throw toDatabaseError(error, `opening the embedded database in ${options.dataDir}`);
  }
  const db = new Kysely<RosterSchema>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'embedded',
    db,
    embedded: pglite,
    begin(): Promise<OpenTransaction> {
      return new Promise((resolveBegin, rejectBegin) => {
        let finish: (outcome: 'commit' | 'rollback') => void = () => {};
        const finished = new Promise<'commit' | 'rollback'>((resolve) => {
          finish = resolve;
        });
        const transaction = pglite.transaction(async (tx) => {
          resolveBegin({
            session: sessionFor(tx),
            async commit() {
              finish('commit');
              await transaction.catch((error: unknown) => {
                throw toDatabaseError(error, 'committing');
              });
            },
            async rollback() {
              finish('rollback');
              await transaction.catch(() => {});
            },
          });
          if ((await finished) === 'rollback') await tx.rollback();
        });
        transaction.catch(rejectBegin);
      });
    },
    async executeSql(text, values = []) {
      const result = await pglite.query(text, values as unknown[]);
      return { rows: result.rows };
    },
    async close() {
      await db.destroy(); // closes PGlite
      await unlock();
    },
  };
}
