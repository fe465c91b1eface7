/**
 * Two replicas against one real PostgreSQL, as in production: every tenant syncs exactly once per
 * schedule slot and never twice at once; an invalid tenant does not hold up the others; a replica
 * killed in the middle of a run has its sync retried by the other, and the data ends right; SIGTERM
 * lets a running sync finish before the replica exits 0.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type RosterDatabase } from '@roster/store';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSyncs } from '../src/index.ts';
import { type Replica, startReplica, until } from './support/replica.ts';
import { writeTenant } from './support/tenants.ts';

let postgres: PostgresServer;
let database: RosterDatabase;
let url: string;
let tenantsDir: string;
const replicas: Replica[] = [];
let survivor: Replica | undefined;

// Short pg-boss intervals so that a test sees in seconds what production sees in a minute.
const env = () => ({
  DATABASE_URL: url,
  ROSTER_TENANTS_DIR: tenantsDir,
  ROSTER_CONCURRENCY: '2',
  ROSTER_CRON_INTERVAL_SECONDS: '2',
  ROSTER_MONITOR_INTERVAL_SECONDS: '2',
  ROSTER_JOB_HEARTBEAT_SECONDS: '10',
  ROSTER_RETRY_DELAY_SECONDS: '1',
  ROSTER_SHUTDOWN_TIMEOUT_SECONDS: '60',
});

const query = async <T>(text: string, values: unknown[] = []) =>
  (await database.executeSql(text, values)).rows as T[];

beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  tenantsDir = await mkdtemp(path.join(tmpdir(), 'roster-replicas-'));
  for (const id of ['alpha', 'bravo', 'charlie', 'delta']) await writeTenant(tenantsDir, id);
  await writeTenant(tenantsDir, 'broken', {
    mappings: '# yaml-language-server: $schema=x\nfields:\n  employee_id: id\n',
  }); // no email: invalid
  // Large files, scheduled once a year: only run when a test enqueues them.
  await writeTenant(tenantsDir, 'big', { cron: '0 3 1 1 *', rows: 300_000 });
  await writeTenant(tenantsDir, 'drain', { cron: '0 3 1 1 *', rows: 300_000 });
  database = await openDatabase({ databaseUrl: url });
});

afterAll(async () => {
  for (const replica of replicas) replica.process.kill('SIGKILL');
  await database?.close();
  await postgres?.stop();
});

describe('two replicas', () => {
  it('run every tenant exactly once per slot, never concurrently, and leave the invalid tenant out', async () => {
    replicas.push(...(await Promise.all([startReplica('one', env()), startReplica('two', env())])));
    const schedules = await query<{ tenant_id: string }>(`SELECT tenant_id FROM sync_schedules ORDER BY 1`);
    expect(schedules.map((s) => s.tenant_id)).toEqual(['alpha', 'big', 'bravo', 'charlie', 'delta', 'drain']);
    // Wait until two whole minute slots have been run for every tenant. Runs are grouped by the minute
    // they started in, and a slot's run can start a few seconds into the next minute (the replicas
    // look for due schedules every 2 s here, then a worker polls). So the first minute counted
    // begins at least 35 s from now, clear of the slots around the replicas' start.
    const startedAt = new Date();
    const firstFull = new Date(Math.ceil((startedAt.getTime() + 35_000) / 60_000) * 60_000);
    const slots = [firstFull, new Date(firstFull.getTime() + 60_000)];
    await until(
      'two slots of runs',
      async () => {
        const rows = await query<{ n: number }>(
          `SELECT count(*)::int AS n FROM sync_runs WHERE trigger = 'schedule' AND status <> 'running' AND started_at >= $1`,
          [slots[1]],
        );
        return (rows[0]?.n ?? 0) >= 4 ? true : undefined;
      },
      180_000,
    );
    const perSlot = await query<{ tenant_id: string; slot: Date; runs: number }>(
      `SELECT tenant_id, date_trunc('minute', started_at) AS slot, count(*)::int AS runs
       FROM sync_runs WHERE trigger = 'schedule' AND started_at >= $1 AND started_at < $2
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [slots[0], new Date((slots[1] as Date).getTime() + 60_000)],
    );
    expect(perSlot.map((row) => [row.tenant_id, row.runs])).toEqual([
      ['alpha', 1],
      ['alpha', 1],
      ['bravo', 1],
      ['bravo', 1],
      ['charlie', 1],
      ['charlie', 1],
      ['delta', 1],
      ['delta', 1],
    ]);
    const overlaps = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_runs a JOIN sync_runs b
         ON a.tenant_id = b.tenant_id AND a.id < b.id AND b.started_at < coalesce(a.finished_at, now()) AND a.started_at < coalesce(b.finished_at, now())`,
    );
    expect(overlaps[0]?.n).toBe(0);
    // The first scheduled run created everyone; later ones skipped the identical file.
    const statuses = await query<{ status: string }>(
      `SELECT DISTINCT status FROM sync_runs WHERE trigger = 'schedule' ORDER BY 1`,
    );
    expect(statuses.map((s) => s.status)).toEqual(['skipped', 'succeeded']);
    expect(await query(`SELECT * FROM sync_runs WHERE tenant_id = 'broken'`)).toEqual([]);
    expect(replicas[0]?.logs()).toContain('tenant config is invalid');
    const metrics = await (await fetch(`http://127.0.0.1:${replicas[0]?.port}/metrics`)).text();
    expect(metrics).toMatch(/roster_last_success_timestamp_seconds\{tenant="alpha"\} \d+/);
    expect(metrics).toContain('roster_tenants{state="invalid"} 1');
  });

  it('a replica killed in the middle of a run: the other retries it and the data ends right', async () => {
    const [one, two] = replicas;
    if (!one || !two) throw new Error('replicas missing');
    await enqueueSyncs(url, [{ tenant: 'big', trigger: 'manual' }]);
    const running = await until('the big run to start', async () => {
      const rows = await query<{ id: number; holder: string }>(
        `SELECT r.id, a.application_name AS holder FROM sync_runs r, pg_stat_activity a
         WHERE r.tenant_id = 'big' AND r.status = 'running' AND a.query ILIKE 'COPY roster_staging%' AND a.state = 'active'`,
      );
      return rows[0];
    });
    // The replica whose connection is copying the file holds the run: kill it outright.
    const holder = running.holder === `roster:${one.name}` ? one : two;
    survivor = holder === one ? two : one;
    expect(running.holder).toBe(`roster:${holder.name}`);
    holder.process.kill('SIGKILL');
    // The other replica notices the missing heartbeat and retries the sync.
    const done = await until(
      'the retried run to succeed',
      async () => {
        const rows = await query<{ id: number; created: number }>(
          `SELECT id, created FROM sync_runs WHERE tenant_id = 'big' AND status = 'succeeded'`,
        );
        return rows[0];
      },
      180_000,
    );
    expect(done.created).toBe(300_000);
    const users = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE tenant_id = 'big' AND status = 'active'`,
    );
    expect(users[0]?.n).toBe(300_000);
    const interrupted = await query<{ status: string; error: string }>(
      `SELECT status, error FROM sync_runs WHERE id = $1`,
      [running.id],
    );
    expect(interrupted[0]).toMatchObject({ status: 'failed' });
    expect(interrupted[0]?.error).toContain('Interrupted');
  });

  it('SIGTERM lets the running sync finish, then the replica exits 0', async () => {
    const three = survivor;
    if (!three) throw new Error('replica missing');
    await enqueueSyncs(url, [{ tenant: 'drain', trigger: 'manual' }]);
    await until('the drain run to start', async () => {
      const rows = await query<{ id: number }>(
        `SELECT id FROM sync_runs WHERE tenant_id = 'drain' AND status = 'running'`,
      );
      return rows[0];
    });
    three.process.kill('SIGTERM');
    expect(await three.exited).toBe(0);
    const runs = await query<{ status: string; created: number }>(
      `SELECT status, created FROM sync_runs WHERE tenant_id = 'drain'`,
    );
    expect(runs).toEqual([{ status: 'succeeded', created: 300_000 }]);
  });
});
