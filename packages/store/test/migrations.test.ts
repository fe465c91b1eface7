/**
 * Upgrades, on a real PostgreSQL and the embedded PGlite: a database left at an earlier release, with
 * people in it, migrated to the latest. Each migration is tested where it changes what runs rely on.
 */
import { RosterError, ZERO_COUNTS } from '@roster/engine';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type RosterDatabase, SqlUserStore } from '../src/index.ts';
import { rosterMigrator } from '../src/migrate.ts';
import { openFreshDatabase } from './fresh-database.ts';
import { batches, user } from './staged-rows.ts';

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe('migrations on postgres, beside a sync', () => {
  it('0003 waits a few seconds at most for a sync that reads users, then fails clearly; later it applies', async () => {
    const url = await postgres.createDatabase();
    const database = await openDatabase({ databaseUrl: url });
    const sync = new pg.Client({ connectionString: url });
    try {
      const { error } = await rosterMigrator(database.db).migrateTo('0002-run-file-and-identity-indexes');
      expect(error).toBeUndefined();
      // A sync in progress holds a lock on users from its first read to its commit.
      await sync.connect();
      await sync.query('BEGIN');
      await sync.query('SELECT count(*) FROM users');
      const refused = await migrateToLatest(database.db, { attempts: 1 }).catch((thrown: unknown) => thrown);
      expect(refused).toBeInstanceOf(RosterError);
      expect(refused).toMatchObject({
        code: 'DATABASE_FAILED',
        hint: expect.stringContaining('users table busy'),
      });
      // Nothing of 0003 stayed: 0002's indexes are all there.
      const indexes = await sync.query(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'users' AND indexname LIKE '%\\_by\\_%' ORDER BY 1`,
      );
      expect(indexes.rows).toEqual([
        { indexname: 'users_tenant_email_by_employee_id' },
        { indexname: 'users_tenant_employee_id_by_email' },
      ]);
      await sync.query('COMMIT');
      expect(await migrateToLatest(database.db)).toEqual({
        applied: [
          '0003-hash-indexes-on-other-identifier',
          '0004-sync-schedules',
          '0005-schedule-seen-at',
          '0006-run-notes',
        ],
      });
    } finally {
      await sync.end().catch(() => {});
      await database.close();
    }
  }, 30_000);
});

describe('an up-to-date schema on postgres', () => {
  /** The session-level advisory lock Kysely's migrator takes on PostgreSQL (its PostgresAdapter). */
  const MIGRATOR_LOCK = '3853314791062309107';

  it('is recognised without the migrator, so a replica starting beside a migrating one is not held up', async () => {
    const url = await postgres.createDatabase();
    const database = await openDatabase({ databaseUrl: url });
    const migrating = new pg.Client({ connectionString: url });
    try {
      await migrateToLatest(database.db);
      await migrating.connect();
      await migrating.query(`SELECT pg_advisory_lock(${MIGRATOR_LOCK})`);
      // Through the migrator this would wait for the lock (up to an hour): it must not wait at all.
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise((resolve) => {
        timer = setTimeout(() => resolve('waited for the lock'), 5_000);
      });
      expect(await Promise.race([migrateToLatest(database.db), waited])).toEqual({ applied: [] });
      clearTimeout(timer);
    } finally {
      await migrating.end().catch(() => {});
      await database.close();
    }
  }, 30_000);

  it('still has the migrator report a migration this release does not know (a newer Roster ran)', async () => {
    const database = await openFreshDatabase('postgres', postgres);
    try {
      await migrateToLatest(database.db);
      await sql`INSERT INTO roster_migrations (name, timestamp) VALUES ('9999-from-a-newer-release', '2026-12-03T00:00:00Z')`.execute(
        database.db,
      );
      const refused = await migrateToLatest(database.db).catch((thrown: unknown) => thrown);
      expect(refused).toBeInstanceOf(RosterError);
      expect(refused).toMatchObject({
        code: 'DATABASE_FAILED',
        message: expect.stringContaining('9999-from-a-newer-release'),
      });
    } finally {
      await database.close();
    }
  }, 30_000);
});

describe.each(['postgres', 'embedded'] as const)('migrations on %s', (kind) => {
  let database: RosterDatabase;
  beforeAll(async () => {
    database = await openFreshDatabase(kind, postgres);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('0003: a database of 0002 with people keeps them, and finds who holds an e-mail through the hash index', async () => {
    const { error } = await rosterMigrator(database.db).migrateTo('0002-run-file-and-identity-indexes');
    expect(error).toBeUndefined();
    await sql`INSERT INTO users (tenant_id, key_field, employee_id, email, first_name, last_name, status)
      VALUES ('up', 'employee_id', '1', 'ann@x.com', 'A', 'B', 'active'), ('up', 'employee_id', '2', 'bo@x.com', 'A', 'B', 'active')`.execute(
      database.db,
    );

    expect(await migrateToLatest(database.db)).toEqual({
      applied: [
        '0003-hash-indexes-on-other-identifier',
        '0004-sync-schedules',
        '0005-schedule-seen-at',
        '0006-run-notes',
      ],
    });

    const indexes = await sql<{ name: string; method: string }>`
      SELECT c.relname AS name, a.amname AS method FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
      WHERE i.indrelid = 'users'::regclass AND c.relname LIKE '%\\_by\\_%' ORDER BY 1`.execute(database.db);
    expect(indexes.rows).toEqual([
      { name: 'users_email_by_employee_id', method: 'hash' },
      { name: 'users_employee_id_by_email', method: 'hash' },
    ]);
    // A newcomer taking Ann's e-mail while she stays (absent, and missing people are kept): found by a
    // lookup in the index (the few-takers way) and refused.
    const pending = await new SqlUserStore(database).stage({
      tenantId: 'up',
      key: 'employee_id',
      rows: batches([
        user(2, { employee_id: '2', email: 'bo@x.com', first_name: 'A', last_name: 'B' }),
        user(3, { employee_id: '3', email: 'ann@x.com', first_name: 'A', last_name: 'B' }),
      ]),
      deactivateMissing: false,
      rejectionDetailLimit: 10,
    });
    try {
      expect(pending.plan.rejections.map((r) => [r.line, r.code])).toEqual([[3, 'EMAIL_IN_USE']]);
      expect(pending.plan).toMatchObject({ created: 0, unchanged: 1, deactivated: 0 });
    } finally {
      await pending.commit(0, { status: 'succeeded', counts: ZERO_COUNTS, rejections: [] });
    }
    const people = await sql<{ employee_id: string }>`
      SELECT employee_id FROM users WHERE tenant_id = 'up' ORDER BY employee_id`.execute(database.db);
    expect(people.rows).toEqual([{ employee_id: '1' }, { employee_id: '2' }]);
  });
});
