/**
 * The store against a real PostgreSQL and the embedded PGlite, the same assertions on both: what a
 * staged file would do, the checks across the whole file, the tenant lock, and values that need
 * escaping on their way through COPY.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { KeyField, PendingSync, RunFinish, StagedRow } from '@roster/engine';
import { RosterError, ZERO_COUNTS } from '@roster/engine';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type RosterDatabase, SqlUserStore } from '../src/index.ts';
import { KEPT_IN_MEMORY, MAX_REPEATED } from '../src/repeated-hashes.ts';
import { holdersByIndex } from '../src/sync-statements.ts';
import { collidingPair } from './colliding-pair.ts';
import { openFreshDatabase } from './fresh-database.ts';
import { batches, user } from './staged-rows.ts';

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

const FINISH: RunFinish = {
  status: 'succeeded',
  counts: ZERO_COUNTS,
  rejections: [],
};

describe.each(['postgres', 'embedded'] as const)('SqlUserStore on %s', (kind) => {
  let database: RosterDatabase;
  let store: SqlUserStore;

  beforeAll(async () => {
    database = await openFreshDatabase(kind, postgres);
    await migrateToLatest(database.db);
    store = new SqlUserStore(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  const stage = (
    tenantId: string,
    rows: StagedRow[],
    key: KeyField = 'employee_id',
    deactivateMissing = true,
  ): Promise<PendingSync> =>
    store.stage({ tenantId, key, rows: batches(rows), deactivateMissing, rejectionDetailLimit: 100 });
  const apply = async (tenantId: string, rows: StagedRow[], key: KeyField = 'employee_id') => {
    const pending = await stage(tenantId, rows, key);
    await pending.commit(0, FINISH);
    return pending.plan;
  };
  /** Ann (1, a@x.com), Bo (2, b@x.com) and Cy (3, c@x.com), stored from lines 2-4. */
  const applyAnnBoCy = (tenantId: string, key: KeyField) =>
    apply(
      tenantId,
      [
        user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
        user(3, { employee_id: '2', email: 'b@x.com', first_name: 'Bo' }),
        user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
      ],
      key,
    );
  /** The employee ids of the tenant's active users, in order; with `email`, of those holding it. */
  const activeEmployeeIds = async (tenantId: string, email?: string) => {
    let query = database.db
      .selectFrom('users')
      .select(['employee_id'])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active');
    if (email !== undefined) query = query.where('email', '=', email);
    return (await query.orderBy('employee_id').execute()).map((row) => row.employee_id);
  };

  it('migrating twice changes nothing the second time', async () => {
    expect(await migrateToLatest(database.db)).toEqual({ applied: [] });
  });

  it('asks for a full garbage collection every so many staged rows while the file is copied', async () => {
    const holder = globalThis as { gc?: unknown };
    const original = holder.gc;
    const calls: unknown[] = [];
    holder.gc = (options: unknown) => calls.push(options);
    try {
      const collecting = new SqlUserStore(database, { oldGarbageEveryRows: 4 });
      const rows = Array.from({ length: 10 }, (_, index) =>
        user(index + 2, { employee_id: `g${index}`, email: `g${index}@x.com` }),
      );
      // Batches of 3, 3, 3 and 1 rows: collections after the 6th and the 10th rows.
      const pending = await collecting.stage({
        tenantId: 'collected',
        key: 'employee_id',
        rows: batches(rows.slice(0, 3), rows.slice(3, 6), rows.slice(6, 9), rows.slice(9)),
        deactivateMissing: true,
        rejectionDetailLimit: 100,
      });
      await pending.discard();
      expect(pending.plan.created).toBe(10);
    } finally {
      holder.gc = original;
    }
    expect(calls).toEqual([{ type: 'major' }, { type: 'major' }]);
  });

  it('keeps text through COPY exactly: tabs, newlines, backslashes, quotes, accents, emoji, JSON, a value larger than a slab', async () => {
    const tricky = 'Tab\there, new\nline, car\rriage, back\\slash, "quotes", ünïcödé, 名前 😀, \\N';
    // 300,000 characters of up to 3 bytes: more than one 256 KiB slab (utf8-slabs.ts) for one row.
    const long = `${'Łódź 名 '.repeat(40_000)}end`;
    await apply('escapes', [
      user(
        2,
        { employee_id: '007', email: 'x@example.com', job_title: tricky, hire_date: '2020-02-29' },
        { note: tricky, fte: 0.5, manager: true, none: null },
      ),
      user(3, { employee_id: '008', email: 'y@example.com', department: long }, { note: long }),
    ]);
    const [row, longRow] = await database.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', 'escapes')
      .orderBy('employee_id')
      .execute();
    expect(longRow).toMatchObject({ department: long, attributes: { note: long } });
    expect(row).toMatchObject({
      employee_id: '007',
      job_title: tricky,
      hire_date: '2020-02-29',
      attributes: { note: tricky, fte: 0.5, manager: true, none: null },
    });
  });

  it('gives each new person a time-ordered id (UUID version 7) that the same line in another run does not repeat', async () => {
    const people = (prefix: string, firstLine = 2) =>
      Array.from({ length: 50 }, (_, index) =>
        user(firstLine + index, { employee_id: `${prefix}${index}`, email: `${prefix}${index}@x.com` }),
      );
    const idsOf = async (tenantId: string) =>
      (await database.db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).execute()).map(
        ({ id }) => id,
      );
    const before = Date.now();
    await apply('ids-first', people('a'));
    const after = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the next run's millisecond is later
    await apply('ids-second', people('a')); // the same lines, another tenant
    const first = await idsOf('ids-first');
    const second = await idsOf('ids-second');

    for (const id of [...first, ...second]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    for (const id of first) {
      const millisecond = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
      expect(millisecond).toBeGreaterThanOrEqual(before);
      expect(millisecond).toBeLessThanOrEqual(after);
    }
    // The random part depends on the run's seed, not only on the line.
    const randomPart = (id: string) => id.replaceAll('-', '').slice(13);
    const firstRandom = new Set(first.map(randomPart));
    expect(second.filter((id) => firstRandom.has(randomPart(id)))).toEqual([]);
    expect(new Set([...first, ...second]).size).toBe(100);
    // Ordered by creation: every id of the later run sorts after every id of the earlier one.
    expect(second.every((later) => first.every((earlier) => earlier < later))).toBe(true);

    // Both were first loads (ids made by the client as it staged); newcomers to a tenant with people
    // get theirs from the SQL, alike.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const beforeMore = Date.now();
    await apply('ids-first', [...people('a'), ...people('b', 52)]);
    const afterMore = Date.now();
    const added = (await idsOf('ids-first')).filter((id) => !first.includes(id));
    expect(added).toHaveLength(50);
    for (const id of added) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const millisecond = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
      expect(millisecond).toBeGreaterThanOrEqual(beforeMore);
      expect(millisecond).toBeLessThanOrEqual(afterMore);
      expect([...first, ...second].every((earlier) => earlier < id)).toBe(true);
    }
  });

  it('plans created, updated, unchanged, reactivated and deactivated as exclusive counts', async () => {
    await apply('plan', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A', last_name: 'One' }),
      user(3, { employee_id: '2', email: 'b@x.com', first_name: 'B', last_name: 'Two' }),
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'C', last_name: 'Three' }),
      user(5, { employee_id: '4', email: 'd@x.com', first_name: 'D', last_name: 'Four' }),
    ]);
    await apply('plan', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A', last_name: 'One' }),
      user(3, { employee_id: '2', email: 'b@x.com', first_name: 'B', last_name: 'Two', status: 'inactive' }),
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'C', last_name: 'Three' }),
    ]); // 2 inactive in the file, 4 missing
    const pending = await stage('plan', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A', last_name: 'One' }), // unchanged
      user(3, { employee_id: '2', email: 'b@x.com', first_name: 'B', last_name: 'Two' }), // reactivated
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'C', last_name: 'Three', job_title: 'New' }), // updated
      user(5, { employee_id: '5', email: 'e@x.com', first_name: 'E', last_name: 'Five' }), // created
      user(6, { employee_id: '6', email: 'f@x.com', status: 'inactive' }), // new and inactive: ignored
    ]);
    expect(pending.plan).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 1,
      reactivated: 1,
      deactivated: 0,
      ignoredInactive: 1,
      rejectedCount: 0,
    });
    // Nobody is deactivated, so no guard needs the active users: they are not counted.
    expect(pending.plan.activeBefore).toBeUndefined();
    const examples = await pending.examples(5);
    expect(examples.updated).toEqual([
      { line: 4, key: '3', changes: [{ field: 'job_title', before: null, after: 'New' }] },
    ]);
    expect(examples.reactivated).toEqual([{ line: 3, key: '2', email: 'b@x.com' }]);
    await pending.discard();

    // Deactivating one (inactive in the file) and one missing counts the active users for the guard.
    const deactivating = await stage('plan', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A', last_name: 'One', status: 'inactive' }),
    ]);
    expect(deactivating.plan).toMatchObject({ deactivated: 2, activeBefore: 2 });
    await deactivating.discard();
  });

  it('rejects every occurrence of a duplicated key and of a shared e-mail, and never deactivates their people', async () => {
    await apply('dups', [
      user(2, { employee_id: '1', email: 'a@x.com' }),
      user(3, { employee_id: '2', email: 'b@x.com' }),
      user(4, { employee_id: '3', email: 'c@x.com' }),
    ]);
    const pending = await stage('dups', [
      user(2, { employee_id: '1', email: 'a@x.com' }),
      user(3, { employee_id: '1', email: 'a2@x.com' }),
      user(4, { employee_id: '2', email: 'same@x.com' }),
      user(5, { employee_id: '3', email: 'same@x.com' }),
    ]);
    expect(pending.plan.rejections.map((r) => [r.line, r.code])).toEqual([
      [2, 'DUPLICATE_KEY'],
      [3, 'DUPLICATE_KEY'],
      [4, 'DUPLICATE_EMAIL'],
      [5, 'DUPLICATE_EMAIL'],
    ]);
    expect(pending.plan).toMatchObject({ rejectedCount: 4, deactivated: 0, created: 0 });
    await pending.discard();
  });

  it('plans, shows and stores a first load as the comparison with stored people would', async () => {
    // A first load skips the comparison (nobody to compare with); a tenant with one unrelated person
    // takes the comparison's path with the same rows. Both must come to the same.
    const rows = [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann', last_name: 'Lee' }, { team: 'Blue' }),
      user(3, { employee_id: '2', email: 'b@x.com', first_name: 'Bo', status: 'inactive' }),
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
      user(5, { employee_id: '3', email: 'c2@x.com', first_name: 'Cy' }),
      user(6, { employee_id: '4', email: 'same@x.com' }),
      user(7, { employee_id: '5', email: 'same@x.com' }),
      { kind: 'rejected', line: 8, key: '6', other: 'f@x.com' },
      user(9, { employee_id: '7', email: 'g@x.com', hire_date: '2021-03-04', job_title: 'Tab\there' }),
    ] satisfies StagedRow[];
    await apply('compared', [user(2, { employee_id: 'X', email: 'x@x.com' })]);
    const outcome = async (tenantId: string) => {
      const pending = await stage(tenantId, rows, 'employee_id', false);
      const examples = await pending.examples(10);
      const { plan } = pending;
      await pending.commit(0, FINISH);
      const stored = await database.db
        .selectFrom('users')
        .select([
          'employee_id',
          'email',
          'first_name',
          'last_name',
          'job_title',
          'hire_date',
          'status',
          'attributes',
        ])
        .where('tenant_id', '=', tenantId)
        .where('employee_id', '<>', 'X')
        .orderBy('employee_id')
        .execute();
      return { plan, examples, stored };
    };
    const firstLoad = await outcome('first-load');
    expect(firstLoad.plan).toMatchObject({ created: 2, ignoredInactive: 1, rejectedCount: 4, unchanged: 0 });
    expect(firstLoad.examples.created.map((row) => row.key)).toEqual(['1', '7']);
    expect(firstLoad.stored.map((row) => row.employee_id)).toEqual(['1', '7']);
    expect(await outcome('compared')).toEqual(firstLoad);
  });

  it('keyed by e-mail, rejects every row whose employee id another row has, but not rows without one', async () => {
    await apply('dup-ids', [user(2, { employee_id: '1', email: 'a@x.com' })], 'email');
    const pending = await stage(
      'dup-ids',
      [
        user(2, { employee_id: '1', email: 'a@x.com' }),
        user(3, { employee_id: '9', email: 'n1@x.com' }),
        user(4, { employee_id: '9', email: 'n2@x.com' }),
        user(5, { employee_id: null, email: 'n3@x.com' }),
        user(6, { employee_id: null, email: 'n4@x.com' }),
      ],
      'email',
    );
    expect(pending.plan.rejections.map((r) => [r.line, r.key, r.field, r.code])).toEqual([
      [3, 'n1@x.com', 'employee_id', 'DUPLICATE_EMPLOYEE_ID'],
      [4, 'n2@x.com', 'employee_id', 'DUPLICATE_EMPLOYEE_ID'],
    ]);
    expect(pending.plan).toMatchObject({ rejectedCount: 2, created: 2, unchanged: 1 });
    await pending.discard();
  });

  it("closes the duplicate check's temporary file when the file fails part-way", async () => {
    const openHashLogs = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).includes('roster-hashes-');
        } catch {
          return false;
        }
      });
    let openWhileStaging = 0;
    async function* failingAfterSpill(): AsyncGenerator<readonly StagedRow[]> {
      const count = KEPT_IN_MEMORY + 2 * 1024 * 32; // past the memory kept: blocks went to the file
      yield Array.from({ length: count }, (_, i) =>
        user(i + 2, { employee_id: `p${i}`, email: `p${i}@x.com` }),
      );
      openWhileStaging = openHashLogs().length;
      throw new Error('the connection to the SFTP server was lost');
    }
    await expect(
      store.stage({
        tenantId: 'spilled',
        key: 'employee_id',
        rows: failingAfterSpill(),
        deactivateMissing: true,
        rejectionDetailLimit: 100,
      }),
    ).rejects.toThrow('the connection to the SFTP server was lost');
    expect(openWhileStaging).toBe(2); // the keys' log and the e-mails'
    expect(openHashLogs()).toEqual([]);
  });

  it('rejects a row holding a NUL character instead of failing the whole COPY, and keeps its person', async () => {
    await apply('nul', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
      user(3, { employee_id: '2', email: 'b@x.com' }),
    ]);
    const pending = await stage('nul', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A\u0000nn' }),
      user(3, { employee_id: '2', email: 'b@x.com' }, { cost_center: 'X\u0000' }),
      user(4, { employee_id: '3\u0000', email: 'c@x.com' }),
      user(5, { employee_id: '4', email: 'd@x.com', job_title: 'Tab\there' }),
    ]);
    expect(pending.plan.rejections.map((r) => [r.line, r.field, r.code])).toEqual([
      [2, 'first_name', 'INVALID_CHARACTER'],
      [3, 'attributes.cost_center', 'INVALID_CHARACTER'],
      [4, 'employee_id', 'INVALID_CHARACTER'],
    ]);
    // The two people already stored are neither changed nor deactivated; only the clean row is new.
    expect(pending.plan).toMatchObject({ rejectedCount: 3, created: 1, updated: 0, deactivated: 0 });
    await pending.commit(0, FINISH);
    const names = await database.db
      .selectFrom('users')
      .select(['employee_id', 'first_name', 'status'])
      .where('tenant_id', '=', 'nul')
      .orderBy('employee_id')
      .execute();
    expect(names).toEqual([
      { employee_id: '1', first_name: 'Ann', status: 'active' },
      { employee_id: '2', first_name: null, status: 'active' },
      { employee_id: '4', first_name: null, status: 'active' },
    ]);
  });

  it('never rejects two different people whose keys and e-mails share a hash', async () => {
    const [keyA, keyB] = collidingPair();
    const [mailA, mailB] = collidingPair('@x.com');
    const pending = await stage('collide', [
      user(2, { employee_id: keyA, email: 'a@y.com' }),
      user(3, { employee_id: keyB, email: 'b@y.com' }),
      user(4, { employee_id: 'm1', email: mailA }),
      user(5, { employee_id: 'm2', email: mailB }),
    ]);
    expect(pending.plan).toMatchObject({ created: 4, rejectedCount: 0, rejections: [] });
    await pending.discard();
  });

  it('finds duplicates exactly when there are too many to list (every row checked)', async () => {
    const rows: StagedRow[] = [];
    for (let i = 0; i <= MAX_REPEATED; i++) {
      rows.push(user(2 + 2 * i, { employee_id: `k${i}`, email: `a${i}@x.com` }));
      rows.push(user(3 + 2 * i, { employee_id: `k${i}`, email: `b${i}@x.com` }));
    }
    rows.push(user(rows.length + 2, { employee_id: 'single', email: 'single@x.com' }));
    const pending = await stage('many-dups', rows);
    expect(pending.plan.rejectedCount).toBe(rows.length - 1);
    expect(pending.plan).toMatchObject({ created: 1 });
    expect(pending.plan.rejections.slice(0, 2).map((r) => [r.line, r.key, r.code])).toEqual([
      [2, 'k0', 'DUPLICATE_KEY'],
      [3, 'k0', 'DUPLICATE_KEY'],
    ]);
    await pending.discard();
  });

  it('rejects an identity swap but applies a marriage (new last name and e-mail)', async () => {
    await apply('swap', [
      user(2, { employee_id: '1', email: 'jane.doe@x.com', first_name: 'Jane', last_name: 'Doe' }),
      user(3, { employee_id: '2', email: 'sam@x.com', first_name: 'Sam', last_name: 'Lee' }),
    ]);
    const pending = await stage('swap', [
      user(2, { employee_id: '1', email: 'jane.smith@x.com', first_name: 'Jane', last_name: 'Smith' }),
      user(3, { employee_id: '2', email: 'bob@x.com', first_name: 'Bob', last_name: 'Marsh' }),
    ]);
    expect(pending.plan.rejections.map((r) => [r.line, r.key, r.code])).toEqual([[3, '2', 'IDENTITY_SWAP']]);
    expect(pending.plan).toMatchObject({ updated: 1, deactivated: 0 });
    await pending.commit(0, FINISH);
    const sam = await database.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', 'swap')
      .where('employee_id', '=', '2')
      .executeTakeFirst();
    expect(sam).toMatchObject({ email: 'sam@x.com', status: 'active' });
  });

  it('keeps the person a duplicate-key row names by e-mail: a mistyped id deactivates nobody', async () => {
    await applyAnnBoCy('dup-typo', 'employee_id');
    // Bo's row carries Ann's id by mistake: both id-1 rows are rejected, and Bo, whose id 2 is now
    // nowhere in the file, is still named by his e-mail.
    const pending = await stage('dup-typo', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
      user(3, { employee_id: '1', email: 'b@x.com', first_name: 'Bo' }),
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
    ]);
    expect(pending.plan.rejections.map((r) => [r.line, r.code])).toEqual([
      [2, 'DUPLICATE_KEY'],
      [3, 'DUPLICATE_KEY'],
    ]);
    expect(pending.plan).toMatchObject({ deactivated: 0 });
    await pending.commit(0, FINISH);
    expect(await activeEmployeeIds('dup-typo')).toEqual(['1', '2', '3']);
    // Keyed by e-mail, a colleague's e-mail typed into a row protects the person whose row it is.
    await applyAnnBoCy('dup-typo-email', 'email');
    const byEmail = await stage(
      'dup-typo-email',
      [
        user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
        user(3, { employee_id: '2', email: 'a@x.com', first_name: 'Bo' }),
        user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
      ],
      'email',
    );
    expect(byEmail.plan).toMatchObject({ deactivated: 0 });
    await byEmail.discard();
  });

  it('counts the stored people whose other identifier the run changes, for the maxIdentityChanges guard', async () => {
    await applyAnnBoCy('readdress', 'employee_id');
    const pending = await stage('readdress', [
      user(2, { employee_id: '1', email: 'ann@other.example', first_name: 'Ann' }),
      user(3, { employee_id: '2', email: 'bo@other.example', first_name: 'Bo' }),
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
      user(5, { employee_id: '4', email: 'di@x.com', first_name: 'Di' }), // new: no identifier changed
    ]);
    expect(pending.plan).toMatchObject({ updated: 2, created: 1, readdressed: 2 });
    await pending.discard();
    // An address cleared is no address handed to anyone.
    const cleared = await stage('readdress', [
      user(2, { employee_id: '1', email: null, first_name: 'Ann' }),
      user(3, { employee_id: '2', email: 'b@x.com', first_name: 'Bo' }),
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
    ]);
    expect(cleared.plan).toMatchObject({ updated: 1, readdressed: 0 });
    await cleared.discard();
  });

  it('names the people the file would create under a new key for a user it leaves out, with the keys', async () => {
    await applyAnnBoCy('new-keys', 'employee_id');
    // Bo is renumbered (2 → 0002), Cy leaves, Di is new: only Bo is the same person under a new key.
    const pending = await stage('new-keys', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
      user(3, { employee_id: '0002', email: 'b@x.com', first_name: 'Bo' }),
      user(4, { employee_id: '4', email: 'di@x.com', first_name: 'Di' }),
    ]);
    expect(pending.plan).toMatchObject({
      created: 2,
      deactivated: 2,
      renumbered: { total: 1, examples: [{ before: '2', after: '0002', shared: 'b@x.com' }] },
    });
    await pending.discard();
    // Keyed by e-mail, a new address for employee 3 is the same: Cy under c.new@x.com.
    await applyAnnBoCy('new-addresses', 'email');
    const byEmail = await stage(
      'new-addresses',
      [
        user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
        user(3, { employee_id: '2', email: 'b@x.com', first_name: 'Bo' }),
        user(4, { employee_id: '3', email: 'c.new@x.com', first_name: 'Cy' }),
      ],
      'email',
    );
    expect(byEmail.plan.renumbered).toEqual({
      total: 1,
      examples: [{ before: 'c@x.com', after: 'c.new@x.com', shared: '3' }],
    });
    await byEmail.discard();
    // Nobody renumbered: nothing said.
    const plain = await stage('new-keys', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
      user(4, { employee_id: '4', email: 'di@x.com', first_name: 'Di' }),
    ]);
    expect(plain.plan).toMatchObject({ created: 1, deactivated: 2 });
    expect(plain.plan.renumbered).toBeUndefined();
    await plain.discard();
  });

  it('keeps the person a rejected row names by its other identifier when its key is new to the tenant', async () => {
    // Bo's row is renumbered (2 → E002) and has a typo that rejects it: its key names nobody, but its
    // e-mail is Bo's. Before, only the key was staged and Bo was deactivated, with no new account.
    await applyAnnBoCy('renumbered', 'employee_id');
    const pending = await stage('renumbered', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
      { kind: 'rejected', line: 3, key: 'E002', other: 'b@x.com' },
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
    ]);
    expect(pending.plan).toMatchObject({ deactivated: 0, created: 0 });
    await pending.commit(0, FINISH);
    expect(await activeEmployeeIds('renumbered')).toEqual(['1', '2', '3']);
    // Keyed by e-mail: a changed address with a typo elsewhere still names the person by employee id.
    await applyAnnBoCy('readdressed', 'email');
    const byEmail = await stage(
      'readdressed',
      [
        user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' }),
        { kind: 'rejected', line: 3, key: 'bo.new@x.com', other: '2' },
        user(4, { employee_id: '3', email: 'c@x.com', first_name: 'Cy' }),
      ],
      'email',
    );
    expect(byEmail.plan).toMatchObject({ deactivated: 0 });
    await byEmail.discard();
  });

  it('keeps the person a swap row names by employee id (keyed by e-mail) from being deactivated', async () => {
    // Ann (1, a@x.com) leaves; Bo (2) is given her address. Keyed by e-mail, Bo's row reads as
    // a@x.com changing hands: a swap, not applied. Bo's account under b@x.com is absent by its key,
    // but the row says employee 2 is still here.
    const ann = { employee_id: '1', email: 'a@x.com', first_name: 'Ann', last_name: 'Ames' };
    const bo = { employee_id: '2', email: 'b@x.com', first_name: 'Bo', last_name: 'Berg' };
    const cy = { employee_id: '3', email: 'c@x.com', first_name: 'Cy', last_name: 'Cole' };
    await apply('swap-by-email', [user(2, ann), user(3, bo), user(4, cy)], 'email');
    const pending = await stage(
      'swap-by-email',
      [user(2, { ...bo, email: 'a@x.com' }), user(3, cy)],
      'email',
    );
    expect(pending.plan.rejections.map((r) => [r.line, r.key, r.code])).toEqual([
      [2, 'a@x.com', 'IDENTITY_SWAP'],
    ]);
    expect(pending.plan).toMatchObject({ deactivated: 0, unchanged: 1 });
    await pending.commit(0, FINISH);
    expect(await activeEmployeeIds('swap-by-email')).toEqual(['1', '2', '3']);
  });

  it('rejects two people trading e-mails even when they share a last name', async () => {
    await apply('same-surname', [
      user(2, { employee_id: '1', email: 'alice@x.com', first_name: 'Alice', last_name: 'Smith' }),
      user(3, { employee_id: '2', email: 'bob@x.com', first_name: 'Bob', last_name: 'Smith' }),
    ]);
    const pending = await stage('same-surname', [
      user(2, { employee_id: '1', email: 'bob@x.com', first_name: 'Bob', last_name: 'Smith' }),
      user(3, { employee_id: '2', email: 'alice@x.com', first_name: 'Alice', last_name: 'Smith' }),
    ]);
    expect(pending.plan.rejections.map((r) => [r.line, r.code, r.field])).toEqual([
      [2, 'IDENTITY_SWAP', 'email'],
      [3, 'IDENTITY_SWAP', 'email'],
    ]);
    expect(pending.plan).toMatchObject({ updated: 0, unchanged: 0, rejectedCount: 2 });
    await pending.commit(0, FINISH);
    const users = await database.db
      .selectFrom('users')
      .select(['employee_id', 'email', 'first_name'])
      .where('tenant_id', '=', 'same-surname')
      .orderBy('employee_id')
      .execute();
    expect(users).toEqual([
      { employee_id: '1', email: 'alice@x.com', first_name: 'Alice' },
      { employee_id: '2', email: 'bob@x.com', first_name: 'Bob' },
    ]);
  });

  for (const identityLookupsUpTo of [1000, 0]) {
    const way = identityLookupsUpTo === 0 ? 'one hash join' : 'index lookups';
    it(`never leaves an e-mail with two active people (${way})`, async () => {
      const tenantId = `taken-${identityLookupsUpTo}`;
      const checked = new SqlUserStore(database, { identityLookupsUpTo });
      const stageWith = (rows: StagedRow[], deactivateMissing: boolean) =>
        checked.stage({
          tenantId,
          key: 'employee_id',
          rows: batches(rows),
          deactivateMissing,
          rejectionDetailLimit: 100,
        });
      const first = await stageWith(
        [
          user(2, { employee_id: '001', email: 'a@x.com', first_name: 'Ann' }),
          user(3, { employee_id: '002', email: 'b@x.com', first_name: 'Bo' }),
        ],
        true,
      );
      await first.commit(0, FINISH);

      // A changes-only file whose ids lost their leading zeros: every row would create a second Ann.
      const stripped = await stageWith(
        [user(2, { employee_id: '1', email: 'a@x.com', first_name: 'Ann' })],
        false,
      );
      expect(stripped.plan.rejections.map((r) => [r.line, r.code])).toEqual([[2, 'EMAIL_IN_USE']]);
      expect(stripped.plan.rejections[0]?.message).toContain('employee_id 001');
      expect(stripped.plan).toMatchObject({ created: 0, rejectedCount: 1 });
      await stripped.discard();

      // Ann's own row is rejected, so Ann stays: a newcomer cannot take her e-mail.
      const kept = await stageWith(
        [
          { kind: 'rejected', line: 2, key: '001' },
          user(3, { employee_id: '002', email: 'b@x.com', first_name: 'Bo' }),
          user(4, { employee_id: '003', email: 'a@x.com', first_name: 'Al' }),
        ],
        true,
      );
      expect(kept.plan.rejections.map((r) => [r.line, r.code])).toEqual([[4, 'EMAIL_IN_USE']]);
      expect(kept.plan).toMatchObject({ created: 0, unchanged: 1, deactivated: 0 });
      await kept.discard();

      // Ann leaves (absent, so deactivated): her e-mail may go to someone else in the same file.
      const reused = await stageWith(
        [
          user(3, { employee_id: '002', email: 'b@x.com', first_name: 'Bo' }),
          user(4, { employee_id: '003', email: 'a@x.com', first_name: 'Al' }),
        ],
        true,
      );
      expect(reused.plan.rejections).toEqual([]);
      expect(reused.plan).toMatchObject({ created: 1, deactivated: 1, unchanged: 1 });
      await reused.commit(0, FINISH);
      expect(await activeEmployeeIds(tenantId, 'a@x.com')).toEqual(['003']);

      // Ann comes back with her old e-mail, which Al has held since: her reactivation must not give two
      // active people one e-mail, though her row does not change it (changes-only file: Al is absent).
      const back = await stageWith(
        [user(2, { employee_id: '001', email: 'a@x.com', first_name: 'Ann' })],
        false,
      );
      expect(back.plan.rejections.map((r) => [r.line, r.code])).toEqual([[2, 'EMAIL_IN_USE']]);
      expect(back.plan).toMatchObject({ reactivated: 0, rejectedCount: 1 });
      await back.commit(0, FINISH);
      expect(await activeEmployeeIds(tenantId, 'a@x.com')).toEqual(['003']);
    });
  }

  it("finds the holder of a row's other identifier through a hash index, for either key", async () => {
    // The lookups of rejectTakenIdentifiers ('index'), as it writes them; with sequential scans priced
    // out, the plan shows whether an index can answer them at all. Hash, not B-tree: see migration 0003.
    const lookup = (key: KeyField, value: string) =>
      sql.raw(
        `SELECT h.* FROM (VALUES ('${value}'::text, NULL::uuid)) t(value, user_id)
         CROSS JOIN LATERAL (${holdersByIndex(key).replaceAll('$1', "'plan'")}) h`,
      );
    const lookups = {
      users_email_by_employee_id: lookup('employee_id', 'a@x.com'),
      users_employee_id_by_email: lookup('email', '001'),
    };
    for (const [index, lookup] of Object.entries(lookups)) {
      const plan = await database.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const explained = await sql<Record<string, string>>`EXPLAIN ${lookup}`.execute(trx);
        return explained.rows.map((row) => Object.values(row).join('')).join('\n');
      });
      expect(plan).toContain(`Index Scan using ${index} on users`);
    }
    const methods = await sql<{ indexname: string; method: string }>`
      SELECT c.relname AS indexname, a.amname AS method FROM pg_class c JOIN pg_am a ON a.oid = c.relam
      WHERE c.relname IN ('users_email_by_employee_id', 'users_employee_id_by_email') ORDER BY 1`.execute(
      database.db,
    );
    expect(methods.rows).toEqual([
      { indexname: 'users_email_by_employee_id', method: 'hash' },
      { indexname: 'users_employee_id_by_email', method: 'hash' },
    ]);
  });

  it('matches stored users by the new key when the tenant changes its key, in the same run', async () => {
    await apply('rekeyed', [
      user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A' }),
      user(3, { employee_id: '2', email: 'b@x.com', first_name: 'B' }),
      user(4, { employee_id: '3', email: 'c@x.com', first_name: 'C' }),
    ]);
    const pending = await stage(
      'rekeyed',
      [
        user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A' }),
        user(3, { employee_id: '2', email: 'b@x.com', first_name: 'Bea' }),
        user(4, { employee_id: '3', email: 'c@x.com', first_name: 'C' }),
      ],
      'email',
    );
    expect(pending.plan).toMatchObject({ rekeyed: 3, created: 0, updated: 1, unchanged: 2, deactivated: 0 });
    await pending.commit(0, FINISH);
    const users = await database.db
      .selectFrom('users')
      .select(['key_field', 'email', 'first_name'])
      .where('tenant_id', '=', 'rekeyed')
      .orderBy('email')
      .execute();
    expect(users).toEqual([
      { key_field: 'email', email: 'a@x.com', first_name: 'A' },
      { key_field: 'email', email: 'b@x.com', first_name: 'Bea' },
      { key_field: 'email', email: 'c@x.com', first_name: 'C' },
    ]);
    expect(
      (await apply('rekeyed', [user(2, { employee_id: '1', email: 'a@x.com', first_name: 'A' })], 'email'))
        .rekeyed,
    ).toBe(0);
  });

  it('refuses to change the key when the new one cannot tell the stored users apart, changing nothing', async () => {
    await apply('rekey-clash', [
      user(2, { employee_id: '1', email: 'shared@x.com' }),
      { kind: 'rejected', line: 3, key: '2' },
    ]);
    // Another person with the same e-mail, kept from an earlier changes-only file.
    await database.db
      .insertInto('users')
      .values({
        tenant_id: 'rekey-clash',
        key_field: 'employee_id',
        employee_id: '2',
        email: 'shared@x.com',
        status: 'active',
        attributes: '{}',
      })
      .execute();
    const error = await stage('rekey-clash', [user(2, { email: 'shared@x.com' })], 'email').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'KEY_CHANGE_CONFLICT' });
    expect((error as Error).message).toContain(
      '1 email value belongs to more than one active user (shared@x.com)',
    );
    const keys = await database.db
      .selectFrom('users')
      .select('key_field')
      .where('tenant_id', '=', 'rekey-clash')
      .execute();
    expect(keys).toEqual([{ key_field: 'employee_id' }, { key_field: 'employee_id' }]);
    await apply('rekey-clash-back', [user(2, { email: 'x@x.com' })], 'email');
    const back = await stage(
      'rekey-clash-back',
      [user(2, { employee_id: '9', email: 'x@x.com' })],
      'employee_id',
    ).catch((e: unknown) => e);
    expect(back).toMatchObject({ code: 'KEY_CHANGE_CONFLICT' });
    expect((back as Error).message).toContain('1 active user has no employee_id');
  });

  it('changes the key past inactive users it cannot match: the active holder of a value, else the last to leave, is matched', async () => {
    // Synced by employee id: Ann left and was rehired as 4 with her old address; two interns passed
    // intern@x.com on, both gone; Dee left with no e-mail anyone could key by.
    const tenantId = 'rekey-history';
    const put = (employee_id: string, email: string, status: 'active' | 'inactive', left?: string) =>
      database.db
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          key_field: 'employee_id',
          employee_id,
          email,
          first_name: employee_id,
          status,
          attributes: '{}',
          ...(left && { deactivated_at: new Date(left) }),
        })
        .execute();
    await put('1', 'ann@x.com', 'inactive', '2024-01-31');
    await put('4', 'ann@x.com', 'active');
    await put('2', 'intern@x.com', 'inactive', '2023-06-30');
    await put('3', 'intern@x.com', 'inactive', '2024-06-30');
    const rows = [
      user(2, { employee_id: '4', email: 'ann@x.com', first_name: '4' }),
      user(3, { employee_id: '5', email: 'intern@x.com', first_name: '3' }), // the address comes back
    ];
    const pending = await stage(tenantId, rows, 'email');
    expect(pending.plan).toMatchObject({
      rekeyed: 2,
      keptAsHistory: 2,
      reactivated: 1,
      created: 0,
      deactivated: 0,
    });
    await pending.commit(0, FINISH);
    const stored = await database.db
      .selectFrom('users')
      .select(['employee_id', 'key_field', 'status'])
      .where('tenant_id', '=', tenantId)
      .orderBy('employee_id')
      .execute();
    expect(stored).toEqual([
      { employee_id: '1', key_field: 'employee_id', status: 'inactive' },
      { employee_id: '2', key_field: 'employee_id', status: 'inactive' },
      // The last intern to leave is the one matched: reactivated, and given the file's employee id.
      { employee_id: '4', key_field: 'email', status: 'active' },
      { employee_id: '5', key_field: 'email', status: 'active' },
    ]);
    // The next run neither re-keys again nor says so: the history is no pending change of key.
    const next = await stage(tenantId, rows, 'email');
    expect(next.plan.rekeyed).toBe(0);
    expect(next.plan.keptAsHistory).toBeUndefined();
    expect(next.plan).toMatchObject({ unchanged: 2, created: 0, deactivated: 0 });
    await next.discard();
  });

  for (const key of ['employee_id', 'email'] as const) {
    it(`keeps the person of a rejected row without a usable ${key}, named by the other identifier`, async () => {
      const tenantId = `unkeyed-${key}`;
      await applyAnnBoCy(tenantId, key);
      // Ann's row lost its key (an empty employee id; an invalid e-mail under an e-mail key), Bo's row
      // names nobody stored, Cy has left.
      const other = key === 'employee_id' ? ['a@x.com', 'nobody@x.com'] : ['1', '99'];
      const pending = await stage(
        tenantId,
        [
          { kind: 'rejected-unkeyed', line: 2, other: other[0] as string },
          { kind: 'rejected-unkeyed', line: 3, other: other[1] as string },
        ],
        key,
      );
      expect(pending.plan).toMatchObject({ deactivated: 2, created: 0, updated: 0 });
      const examples = await pending.examples(5);
      await pending.commit(0, FINISH);
      expect(examples.deactivated?.map((example) => example.key).sort()).toEqual(
        key === 'employee_id' ? ['2', '3'] : ['b@x.com', 'c@x.com'],
      );
      expect(await activeEmployeeIds(tenantId)).toEqual(['1']);
    });
  }

  for (const key of ['employee_id', 'email'] as const) {
    it(`keeps the person of a row whose cells are shifted, named by any of its values, under a ${key} key`, async () => {
      const tenantId = `unaligned-${key}`;
      await applyAnnBoCy(tenantId, key);
      // Ann's row is shifted: its values include her key, and Bo's (a manager id, say), whose own row
      // is in the file too; Cy has left.
      const [ann, bo] = key === 'employee_id' ? ['1', '2'] : ['a@x.com', 'b@x.com'];
      const pending = await stage(
        tenantId,
        [
          { kind: 'rejected-unaligned', line: 2, keys: ['Sales', ann as string, bo as string], others: [] },
          user(3, { employee_id: '2', email: 'b@x.com', first_name: 'Bo' }),
        ],
        key,
      );
      // Bo's row is no duplicate of a candidate: it is applied (unchanged), not rejected.
      expect(pending.plan.rejections).toEqual([]);
      expect(pending.plan).toMatchObject({ deactivated: 1, unchanged: 1, rejectedCount: 0 });
      await pending.commit(0, FINISH);
      expect(await activeEmployeeIds(tenantId)).toEqual(['1', '2']);
    });
  }

  it('keeps the person of a shifted row named only by its other identifier', async () => {
    await apply('unaligned-other', [
      user(2, { employee_id: '1', email: 'a@x.com' }),
      user(3, { employee_id: '2', email: 'b@x.com' }),
    ]);
    const pending = await stage('unaligned-other', [
      { kind: 'rejected-unaligned', line: 2, keys: [], others: ['a@x.com'] },
    ]);
    expect(pending.plan).toMatchObject({ deactivated: 1 });
    await pending.discard();
  });

  it('keys by e-mail when the tenant says so', async () => {
    await apply('by-email', [user(2, { email: 'a@x.com', first_name: 'A' })], 'email');
    const plan = await apply(
      'by-email',
      [user(2, { email: 'a@x.com', first_name: 'Ann' }), user(3, { email: 'b@x.com' })],
      'email',
    );
    expect(plan).toMatchObject({ updated: 1, created: 1 });
  });

  it.runIf(kind === 'postgres')(
    'refuses a second concurrent run of the same tenant, not of another',
    async () => {
      const first = await stage('locked', [user(2, { employee_id: '1', email: 'a@x.com' })]);
      const error = await stage('locked', []).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(RosterError);
      expect(error).toMatchObject({ code: 'RUN_IN_PROGRESS', transient: true });
      const other = await stage('not-locked', []);
      await other.discard();
      await first.discard();
      const again = await stage('locked', []);
      await again.discard();
    },
  );

  it("keeps a run's notes with it, committed or refused, and none for a run that said nothing", async () => {
    const applied = await store.startRun({ tenantId: 'noted', trigger: 'manual' });
    const pending = await stage('noted', [user(2, { employee_id: '1', email: 'a@x.com' })]);
    await pending.commit(applied, { ...FINISH, notes: ['read as UTF-8', 'another note'] });
    const refused = await store.startRun({ tenantId: 'noted', trigger: 'manual' });
    await store.finishRun(refused, { ...FINISH, status: 'refused', notes: ['2 people under a new key'] });
    const quiet = await store.startRun({ tenantId: 'noted', trigger: 'manual' });
    await store.finishRun(quiet, { ...FINISH, status: 'skipped', notes: [] });
    const runs = await store.history('noted', 3);
    expect(runs.map((run) => [run.id, run.notes])).toEqual([
      [quiet, []],
      [refused, ['2 people under a new key']],
      [applied, ['read as UTF-8', 'another note']],
    ]);
  });

  it('marks a run killed before staging (while downloading) as failed at the next run, even one skipped', async () => {
    const killed = await store.startRun({ tenantId: 'killed-downloading', trigger: 'manual' });
    const exited = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => exited.on('exit', resolve));
    await database.db
      .updateTable('sync_runs')
      .set({ runner: `${hostname()}:${exited.pid}` })
      .where('id', '=', killed)
      .execute();
    // A run on another machine, two hours old, may still be alive and hold the lock: left alone here.
    const elsewhere = await store.startRun({ tenantId: 'killed-downloading', trigger: 'schedule' });
    await sql`UPDATE sync_runs SET runner = 'another-replica:1', started_at = now() - interval '2 hours' WHERE id = ${elsewhere}`.execute(
      database.db,
    );
    const next = await store.startRun({ tenantId: 'killed-downloading', trigger: 'manual' });
    await store.finishRun(next, { ...FINISH, status: 'skipped' });
    const [latest, other, before] = await store.history('killed-downloading', 3);
    expect(latest).toMatchObject({ id: next, status: 'skipped' });
    expect(other).toMatchObject({ id: elsewhere, status: 'running' });
    expect(before).toMatchObject({
      id: killed,
      status: 'failed',
      error: expect.stringContaining('Interrupted'),
    });
  });

  it('marks a run left "running" by a dead process as failed when the tenant next runs, not a live one', async () => {
    const stale = await store.startRun({ tenantId: 'crashed', trigger: 'schedule' });
    const exited = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => exited.on('exit', resolve));
    const elsewhere = await store.startRun({ tenantId: 'crashed', trigger: 'schedule' });
    const recentElsewhere = await store.startRun({ tenantId: 'crashed', trigger: 'schedule' });
    const alive = await store.startRun({ tenantId: 'crashed', trigger: 'manual' }); // still downloading, say
    // A container restarted in place runs under the same host name and pid (1) as the one it replaced.
    const predecessor = await store.startRun({ tenantId: 'crashed', trigger: 'schedule' });
    await database.db
      .updateTable('sync_runs')
      .set({ runner: `${hostname()}:${process.pid}:0123456789ab` })
      .where('id', '=', predecessor)
      .execute();
    await database.db
      .updateTable('sync_runs')
      .set({ runner: `${hostname()}:${exited.pid}` })
      .where('id', '=', stale)
      .execute();
    await sql`UPDATE sync_runs SET runner = 'another-replica:1', started_at = now() - interval '2 hours' WHERE id = ${elsewhere}`.execute(
      database.db,
    );
    await database.db
      .updateTable('sync_runs')
      .set({ runner: 'another-replica:2' })
      .where('id', '=', recentElsewhere)
      .execute();
    const current = await store.startRun({ tenantId: 'crashed', trigger: 'manual' });
    const pending = await store.stage({
      tenantId: 'crashed',
      runId: current,
      key: 'employee_id',
      rows: batches([]),
      deactivateMissing: true,
      rejectionDetailLimit: 10,
    });
    await pending.commit(current, FINISH);
    const status = new Map((await store.history('crashed', 10)).map((run) => [run.id, run.status]));
    expect(
      [stale, elsewhere, recentElsewhere, alive, predecessor, current].map((id) => status.get(id)),
    ).toEqual(['failed', 'failed', 'running', 'running', 'failed', 'succeeded']);
  });

  it('records when a run really finished, not when its transaction began', async () => {
    const runId = await store.startRun({ tenantId: 'clocked', trigger: 'manual' });
    const pending = await store.stage({
      tenantId: 'clocked',
      runId,
      key: 'employee_id',
      rows: batches([user(2, { employee_id: '1', email: 'a@x.com' })]),
      deactivateMissing: true,
      rejectionDetailLimit: 10,
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // reading a large file takes a while
    await pending.commit(runId, FINISH);
    const [run] = await store.history('clocked', 1);
    const took = (run?.finishedAt?.getTime() ?? 0) - (run?.startedAt.getTime() ?? 0);
    expect(took).toBeGreaterThanOrEqual(290);
  });

  it('the refusals since the last success, newest first, for --approve to answer', async () => {
    const finished = async (status: 'succeeded' | 'refused' | 'failed', sha256: string) => {
      const runId = await store.startRun({ tenantId: 'approvals', trigger: 'manual' });
      await store.describeRunFile(runId, { name: `${sha256}.csv`, size: 1, sha256 });
      await store.finishRun(runId, { ...FINISH, status });
      return runId;
    };
    expect(await store.refusalsSinceLastSuccess('approvals')).toEqual([]);
    await finished('refused', 'old');
    await finished('succeeded', 'ok');
    expect(await store.refusalsSinceLastSuccess('approvals')).toEqual([]); // answered by a success since
    const refused = await finished('refused', 'new');
    await finished('failed', 'broken');
    const newer = await finished('refused', 'newer');
    expect(
      (await store.refusalsSinceLastSuccess('approvals')).map((run) => [run.id, run.fileSha256]),
    ).toEqual([
      [newer, 'newer'],
      [refused, 'new'],
    ]);
    expect(await store.refusalsSinceLastSuccess('another-tenant')).toEqual([]);
  });

  it('keeps what a run knew of its file: modification time and the config fingerprint', async () => {
    const modifiedAt = new Date('2026-03-04T05:06:07Z');
    const runId = await store.startRun({ tenantId: 'described', trigger: 'manual', configSha256: 'c0ffee' });
    await store.describeRunFile(runId, { name: 'day2.csv', size: 10, sha256: 'ab', modifiedAt });
    await store.finishRun(runId, { ...FINISH, status: 'succeeded' });
    const later = await store.startRun({ tenantId: 'described', trigger: 'manual' });
    await store.describeRunFile(later, { name: 'given.csv', size: 10, sha256: 'cd' }); // --file: no time
    await store.finishRun(later, { ...FINISH, status: 'succeeded' });
    expect(await store.lastSucceededRun('described')).toMatchObject({ id: later, fileModifiedAt: null });
    expect(await store.lastSourceRun('described')).toMatchObject({
      id: runId,
      fileName: 'day2.csv',
      fileSha256: 'ab',
      fileModifiedAt: modifiedAt,
    });
    const [, first] = await store.history('described', 2);
    expect(first).toMatchObject({ configSha256: 'c0ffee', fileModifiedAt: modifiedAt });
    expect(await store.lastSourceRun('nobody')).toBeUndefined();
  });
});
