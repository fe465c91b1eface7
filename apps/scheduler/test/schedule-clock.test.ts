/**
 * The scheduler's clock on a real PostgreSQL with pg-boss: walked through the nights the clocks
 * change, with two replicas looking at each step, every local time a schedule names is queued once —
 * the spring night's run is not lost and the autumn night's not doubled (pg-boss's own cron pass did
 * both). Occurrences missed while no replica looked run once; an occurrence that cannot be queued
 * stays due; pg-boss schedules of earlier releases are removed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localWallClock } from '@roster/config';
import { migrateToLatest, openDatabase, type RosterDatabase } from '@roster/store';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import { PgBoss } from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueDueSyncs } from '../src/due-schedules.ts';
import { type DesiredSchedule, isHeldElsewhere, reconcileSchedules } from '../src/reconcile-schedules.ts';
import { defaultTuning, enqueueSync, ensureQueues, SYNC_QUEUE, type SyncJobData } from '../src/sync-queue.ts';
import { handleSyncJob, type WorkerContext } from '../src/sync-worker.ts';

const silent = pino({ level: 'silent' });
let postgres: PostgresServer;
let database: RosterDatabase;
let boss: PgBoss;

beforeAll(async () => {
  postgres = await startPostgres();
  const url = await postgres.createDatabase();
  database = await openDatabase({ databaseUrl: url });
  await migrateToLatest(database.db);
  boss = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  await ensureQueues(boss, defaultTuning(false));
});
afterAll(async () => {
  await boss?.stop({ graceful: false, timeout: 5_000 }).catch(() => {});
  await database?.close();
  await postgres?.stop();
});
beforeEach(async () => {
  await database.executeSql('DELETE FROM sync_schedules');
  await database.executeSql(`DELETE FROM pgboss.job WHERE name = $1`, [SYNC_QUEUE]);
});

const MINUTE = 60_000;

/** The sync jobs queued so far, by tenant, taken out of the queue so that the next ones can be queued. */
async function takeJobs(): Promise<string[]> {
  const { rows } = await database.executeSql(
    `DELETE FROM pgboss.job WHERE name = $1 RETURNING data->>'tenant' AS tenant, data->>'trigger' AS trigger`,
    [SYNC_QUEUE],
  );
  return (rows as Array<{ tenant: string; trigger: string }>).map((row) => `${row.tenant}:${row.trigger}`);
}

/**
 * Schedules one tenant at `from`, then moves the clock to `to` in steps of `stepMinutes` (7: a slot is
 * taken up to 6 minutes late, as a busy replica may), two replicas looking at each step at once.
 * Returns each occurrence queued, as the tenant's local time, and the jobs that reached the queue.
 */
async function walk(schedule: Omit<DesiredSchedule, 'tenant'>, from: string, to: string, stepMinutes = 7) {
  const report = await reconcileSchedules(database, boss, {
    desired: [{ tenant: 'walker', ...schedule }],
    keep: new Set(),
    now: new Date(from),
  });
  expect(report.added).toEqual(['walker']);
  const queued: string[] = [];
  const jobs: string[] = [];
  for (let at = Date.parse(from); at <= Date.parse(to); at += stepMinutes * MINUTE) {
    const now = new Date(at);
    const looks = await Promise.all([
      queueDueSyncs(database, boss, now, silent),
      queueDueSyncs(database, boss, now, silent),
    ]);
    for (const occurrence of looks.flat()) {
      queued.push(localWallClock(occurrence.occurrence, schedule.timezone));
      expect(occurrence.jobId).not.toBeNull();
    }
    jobs.push(...(await takeJobs()));
  }
  return { queued, jobs };
}

describe('the schedule clock', () => {
  it('runs a daily time the spring clock change skips once, after the jump (Berlin, New York)', async () => {
    // 2027-03-28: Berlin's clocks jump from 02:00 to 03:00.
    expect(
      await walk(
        { cron: '30 2 * * *', timezone: 'Europe/Berlin' },
        '2027-03-27T12:00:00Z',
        '2027-03-29T12:00:00Z',
      ),
    ).toEqual({
      queued: ['2027-03-28 03:30', '2027-03-29 02:30'],
      jobs: ['walker:schedule', 'walker:schedule'],
    });
    await database.executeSql('DELETE FROM sync_schedules');
    // 2027-03-14: New York's jump from 02:00 to 03:00; its 02:00 run happens at 03:00.
    const newYork = await walk(
      { cron: '0 2 * * *', timezone: 'America/New_York' },
      '2027-03-13T12:00:00Z',
      '2027-03-15T12:00:00Z',
    );
    expect(newYork.queued).toEqual(['2027-03-14 03:00', '2027-03-15 02:00']);
    expect(newYork.jobs).toHaveLength(2);
  });

  it('runs a daily time the autumn clock change repeats once, even when taken late in the repeated hour', async () => {
    // 2027-10-31: Berlin's clocks go back from 03:00 to 02:00, so 02:30 happens twice.
    const berlin = await walk(
      { cron: '30 2 * * *', timezone: 'Europe/Berlin' },
      '2027-10-30T12:00:00Z',
      '2027-11-01T12:00:00Z',
    );
    expect(berlin.queued).toEqual(['2027-10-31 02:30', '2027-11-01 02:30']);
    expect(berlin.jobs).toHaveLength(2);
    await database.executeSql('DELETE FROM sync_schedules');
    // 2027-11-07: New York's 01:30 happens twice. Steps of 47 minutes take the first one 31 minutes
    // late, at 06:01 UTC: 01:01 EST, inside the repeated hour, with the second 01:30 still to come.
    const newYork = await walk(
      { cron: '30 1 * * *', timezone: 'America/New_York' },
      '2027-11-06T12:00:00Z',
      '2027-11-08T12:00:00Z',
      47,
    );
    expect(newYork.queued).toEqual(['2027-11-07 01:30', '2027-11-08 01:30']);
    expect(newYork.jobs).toHaveLength(2);
  });

  it('runs occurrences missed while no replica looked once, and counts the next from now', async () => {
    const schedule = { cron: '0 6 * * *', timezone: 'Europe/Paris' };
    await reconcileSchedules(database, boss, {
      desired: [{ tenant: 'late', ...schedule }],
      keep: new Set(),
      now: new Date('2027-01-10T12:00:00Z'),
    });
    // Three days and a bit later: three occurrences passed (the 11th, 12th and 13th, 05:00 UTC).
    const now = new Date('2027-01-13T09:00:00Z');
    const queued = await queueDueSyncs(database, boss, now, silent);
    expect(queued.map((q) => [q.tenant, q.occurrence.toISOString(), q.next.toISOString()])).toEqual([
      ['late', '2027-01-11T05:00:00.000Z', '2027-01-14T05:00:00.000Z'],
    ]);
    expect(await queueDueSyncs(database, boss, now, silent)).toEqual([]);
    expect(await takeJobs()).toEqual(['late:schedule']);
    const { rows } = await database.executeSql('SELECT last_run_at, next_run_at FROM sync_schedules');
    expect(rows).toEqual([
      { last_run_at: new Date('2027-01-11T05:00:00Z'), next_run_at: new Date('2027-01-14T05:00:00Z') },
    ]);
  });

  it('leaves an occurrence due when it cannot be queued, queues the other tenants, and queues it at the next look', async () => {
    await reconcileSchedules(database, boss, {
      desired: [
        { tenant: 'retry', cron: '0 6 * * *', timezone: 'UTC' },
        { tenant: 'other', cron: '0 7 * * *', timezone: 'UTC' },
      ],
      keep: new Set(),
      now: new Date('2027-01-10T12:00:00Z'),
    });
    const now = new Date('2027-01-11T07:00:30Z');
    // The job cannot be written for "retry" (a trigger refuses it): its occurrence must stay due.
    await database.executeSql(`CREATE FUNCTION refuse_retry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.data->>'tenant' = 'retry' THEN RAISE EXCEPTION 'job table refused the row'; END IF; RETURN NEW; END $$`);
    await database.executeSql(
      'CREATE TRIGGER refuse_retry BEFORE INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION refuse_retry()',
    );
    try {
      const first = await queueDueSyncs(database, boss, now, silent);
      expect(first.map((q) => q.tenant)).toEqual(['other']);
      const { rows } = await database.executeSql(
        `SELECT last_run_at, next_run_at FROM sync_schedules WHERE tenant_id = 'retry'`,
      );
      expect(rows).toEqual([{ last_run_at: null, next_run_at: new Date('2027-01-11T06:00:00Z') }]);
      expect(await takeJobs()).toEqual(['other:schedule']);
    } finally {
      await database.executeSql('DROP TRIGGER refuse_retry ON pgboss.job');
      await database.executeSql('DROP FUNCTION refuse_retry()');
    }
    const queued = await queueDueSyncs(database, boss, now, silent);
    expect(queued.map((q) => q.occurrence.toISOString())).toEqual(['2027-01-11T06:00:00.000Z']);
    expect(await takeJobs()).toEqual(['retry:schedule']);
  });

  it('takes an occurrence written by hand with microseconds (next_run_at = now())', async () => {
    await reconcileSchedules(database, boss, {
      desired: [{ tenant: 'by-hand', cron: '0 6 * * *', timezone: 'UTC' }],
      keep: new Set(),
      now: new Date('2027-01-10T12:00:00Z'),
    });
    await database.executeSql(`UPDATE sync_schedules SET next_run_at = '2027-01-10 13:00:00.000250+00'`);
    const queued = await queueDueSyncs(database, boss, new Date('2027-01-10T13:00:05Z'), silent);
    expect(queued.map((q) => [q.tenant, q.next.toISOString()])).toEqual([
      ['by-hand', '2027-01-11T06:00:00.000Z'],
    ]);
    expect(await takeJobs()).toEqual(['by-hand:schedule']);
  });

  it('removes the pg-boss schedules of earlier releases, which would run the tenants a second time', async () => {
    await boss.schedule(
      SYNC_QUEUE,
      '0 2 * * *',
      { tenant: 'old', trigger: 'schedule' },
      { tz: 'UTC', key: 'old' },
    );
    const report = await reconcileSchedules(database, boss, {
      desired: [{ tenant: 'old', cron: '0 2 * * *', timezone: 'UTC' }],
      keep: new Set(),
      now: new Date('2027-01-10T12:00:00Z'),
    });
    expect(report).toMatchObject({ added: ['old'], legacyRemoved: 1 });
    expect(await boss.getSchedules(SYNC_QUEUE)).toEqual([]);
  });

  it('leaves out a schedule that never comes round, and schedules the others', async () => {
    await reconcileSchedules(database, boss, {
      desired: [{ tenant: 'never', cron: '0 0 * * *', timezone: 'UTC' }],
      keep: new Set(),
      now: new Date('2027-01-10T12:00:00Z'),
    });
    const report = await reconcileSchedules(database, boss, {
      desired: [
        { tenant: 'never', cron: '0 0 31 2 *', timezone: 'UTC' },
        { tenant: 'daily', cron: '0 2 * * *', timezone: 'UTC' },
      ],
      keep: new Set(),
      now: new Date('2027-01-10T12:00:00Z'),
    });
    expect(report.added).toEqual(['daily']);
    expect(report.unschedulable).toEqual([{ tenant: 'never', reason: expect.any(String) }]);
    // Not left running on the schedule it had before.
    const { rows } = await database.executeSql('SELECT tenant_id FROM sync_schedules ORDER BY 1');
    expect(rows).toEqual([{ tenant_id: 'daily' }]);
  });

  describe('during a rolling deploy (replicas with the old and the new tenant folders side by side)', () => {
    const at = new Date('2027-01-10T12:00:00Z');
    const daily = (tenant: string, cron = '0 2 * * *') => ({ tenant, cron, timezone: 'UTC' });
    const schedules = async () =>
      (await database.executeSql('SELECT tenant_id, cron FROM sync_schedules ORDER BY 1')).rows;

    it("an old replica restarting keeps a new tenant's schedule while a new replica holds it, and removes it once none has", async () => {
      // A new replica starts with the new tenant; an old one, restarted, has only the old tenants.
      await reconcileSchedules(database, boss, {
        desired: [daily('old'), daily('new')],
        keep: new Set(),
        now: at,
      });
      const restarted = await reconcileSchedules(database, boss, {
        desired: [daily('old')],
        keep: new Set(),
        now: at,
      });
      expect(restarted).toMatchObject({ removed: [], heldElsewhere: ['new'] });
      expect(await schedules()).toEqual([
        { tenant_id: 'new', cron: '0 2 * * *' },
        { tenant_id: 'old', cron: '0 2 * * *' },
      ]);
      // A tenant removed for good: no replica has said it holds it for longer than the grace.
      await database.executeSql(
        "UPDATE sync_schedules SET seen_at = now() - interval '16 minutes' WHERE tenant_id = 'new'",
      );
      const later = await reconcileSchedules(database, boss, {
        desired: [daily('old')],
        keep: new Set(),
        now: at,
        pass: 'refresh',
      });
      expect(later).toMatchObject({ removed: ['new'], heldElsewhere: [] });
      expect(await schedules()).toEqual([{ tenant_id: 'old', cron: '0 2 * * *' }]);
    });

    it("a refresh puts back a held tenant's missing schedule, and never rewrites another replica's cron", async () => {
      // The new release moved `moved` to 06:30; an old replica refreshing still has 02:00.
      await reconcileSchedules(database, boss, {
        desired: [daily('moved', '30 6 * * *')],
        keep: new Set(),
        now: at,
      });
      const old = await reconcileSchedules(database, boss, {
        desired: [daily('moved'), daily('lost')],
        keep: new Set(),
        now: at,
        pass: 'refresh',
      });
      expect(old).toMatchObject({ added: ['lost'], updated: [], unchanged: ['moved'] });
      expect(await schedules()).toEqual([
        { tenant_id: 'lost', cron: '0 2 * * *' },
        { tenant_id: 'moved', cron: '30 6 * * *' },
      ]);
    });

    it('a job for a tenant this replica lacks is queued again while another holds it, and dropped once none does', async () => {
      const emptyFolders = await mkdtemp(path.join(tmpdir(), 'roster-old-replica-'));
      const context = {
        tenantsDir: emptyFolders,
        logger: silent,
        retryLimit: 3,
        heldElsewhere: (tenant: string) => isHeldElsewhere(database, tenant, 900),
        queueAgainLater: async (data: SyncJobData, delaySeconds: number) => {
          await enqueueSync(boss, data, undefined, delaySeconds);
        },
      } as unknown as WorkerContext;
      const job = {
        id: 'job-1',
        data: { tenant: 'new', trigger: 'schedule' as const },
        retryCount: 0,
        signal: new AbortController().signal,
      };
      await reconcileSchedules(database, boss, { desired: [daily('new')], keep: new Set(), now: at });
      await expect(handleSyncJob(job, context)).resolves.toEqual({
        tenant: 'new',
        status: 'left-to-another-replica',
      });
      const { rows: again } = await database.executeSql(
        `SELECT data->>'tenant' AS tenant, start_after > now() + interval '10 seconds' AS later FROM pgboss.job WHERE name = $1`,
        [SYNC_QUEUE],
      );
      expect(again).toEqual([{ tenant: 'new', later: true }]);
      await takeJobs();
      await database.executeSql("UPDATE sync_schedules SET seen_at = now() - interval '16 minutes'");
      await expect(handleSyncJob(job, context)).resolves.toEqual({ tenant: 'new', status: 'unknown-tenant' });
      expect(await takeJobs()).toEqual([]);
      await rm(emptyFolders, { recursive: true });
    });

    it('a tenant is held elsewhere while a replica has said so within the grace', async () => {
      await reconcileSchedules(database, boss, { desired: [daily('held')], keep: new Set(), now: at });
      expect(await isHeldElsewhere(database, 'held', 900)).toBe(true);
      expect(await isHeldElsewhere(database, 'never-held', 900)).toBe(false);
      await database.executeSql("UPDATE sync_schedules SET seen_at = now() - interval '16 minutes'");
      expect(await isHeldElsewhere(database, 'held', 900)).toBe(false);
    });
  });
});
