/**
 * `pnpm soak:scheduler [--tenants 200] [--replicas 2] [--minutes 4]`: many tenants on every-minute
 * schedules, several scheduler replicas (real processes) against one real PostgreSQL, for several
 * minutes. Reports how many runs each tenant got per slot (exactly one is right), overlapping runs
 * (none is right), how late runs start after their slot, and what the replicas cost in CPU and memory.
 * A measurement, not a test: nothing here is timed against a limit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@roster/store';
import { findFreePort, startPostgres } from '@roster/testkit';
import { rosterCommand } from '../../roster-command.ts';

const { values } = parseArgs({
  options: { tenants: { type: 'string' }, replicas: { type: 'string' }, minutes: { type: 'string' } },
});
const TENANTS = Number(values.tenants ?? 200);
const REPLICAS = Number(values.replicas ?? 2);
const MINUTES = Number(values.minutes ?? 4);
const SCHEDULER = rosterCommand('scheduler');
const CLOCK_TICKS = 100; // USER_HZ on Linux

async function writeTenants(dir: string): Promise<void> {
  for (let n = 1; n <= TENANTS; n++) {
    const id = `tenant-${String(n).padStart(3, '0')}`;
    await mkdir(path.join(dir, id, 'inbox'), { recursive: true });
    await writeFile(
      path.join(dir, id, 'tenant.yaml'),
      `name: ${id}\nconnection: { type: local, directory: inbox }\nfile: { name: people.csv, minAgeSeconds: 0 }\nkey: employee_id\nschedule: { cron: "* * * * *", timezone: UTC }\n`,
    );
    await writeFile(path.join(dir, id, 'mappings.yaml'), 'fields:\n  employee_id: id\n  email: email\n');
    const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},p${i + 1}@${id}.example`).join('\n');
    await writeFile(path.join(dir, id, 'inbox', 'people.csv'), `id,email\n${rows}\n`);
  }
}

interface Replica {
  readonly child: ChildProcess;
  readonly port: number;
}

async function startReplica(name: string, env: NodeJS.ProcessEnv): Promise<Replica> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [...SCHEDULER.nodeFlags, SCHEDULER.main], {
    env: { ...process.env, ...env, PORT: String(port), ROSTER_INSTANCE: name, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    if (
      await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`replica ${name} did not become ready`);
}

async function usage(pid: number): Promise<{ cpuSeconds: number; peakRssMB: number }> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return {
    cpuSeconds: (Number(stat[11]) + Number(stat[12])) / CLOCK_TICKS,
    peakRssMB: Math.round(hwm / 1024),
  };
}

const postgres = await startPostgres();
const url = await postgres.createDatabase();
const tenantsDir = await mkdtemp(path.join(tmpdir(), 'roster-soak-'));
await writeTenants(tenantsDir);
const env = { DATABASE_URL: url, ROSTER_TENANTS_DIR: tenantsDir, ROSTER_CONCURRENCY: '4' };
const started = Date.now();
const replicas = await Promise.all(
  Array.from({ length: REPLICAS }, (_, i) => startReplica(`soak-${i + 1}`, env)),
);
console.log(
  `${REPLICAS} replicas ready in ${((Date.now() - started) / 1000).toFixed(1)} s with ${TENANTS} tenants; running ${MINUTES} minutes…`,
);
const firstSlot = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
await new Promise((resolve) =>
  setTimeout(resolve, MINUTES * 60_000 + (firstSlot.getTime() - Date.now()) + 20_000),
);
const lastSlot = new Date(firstSlot.getTime() + MINUTES * 60_000);

const costs = await Promise.all(replicas.map((replica) => usage(replica.child.pid ?? 0)));
for (const replica of replicas) replica.child.kill('SIGTERM');
await Promise.all(replicas.map((replica) => new Promise((resolve) => replica.child.once('exit', resolve))));

const database = await openDatabase({ databaseUrl: url });
const query = async <T>(text: string, params: unknown[] = []) =>
  (await database.executeSql(text, params)).rows as T[];
// Each scheduled job is one slot of one tenant: pg-boss keeps completed jobs (7 days), with the time
// a replica's schedule clock queued them (the slot) and the time a replica started them.
const jobs = `SELECT singleton_key AS tenant, date_trunc('minute', created_on) AS slot, created_on, started_on, completed_on
  FROM pgboss.job WHERE name = 'roster-sync' AND data->>'trigger' = 'schedule' AND created_on >= $1 AND created_on < $2`;
const perSlot = await query<{ runs: number; pairs: number }>(
  `SELECT runs, count(*)::int AS pairs FROM (SELECT tenant, slot, count(*)::int AS runs FROM (${jobs}) j GROUP BY 1, 2) per GROUP BY runs ORDER BY runs`,
  [firstSlot, lastSlot],
);
const missing = await query<{ n: number }>(
  `SELECT (${TENANTS} * ${MINUTES} - count(DISTINCT (tenant, slot)))::int AS n FROM (${jobs}) j`,
  [firstSlot, lastSlot],
);
const runsRecorded = await query<{ n: number }>(
  `SELECT count(*)::int AS n FROM sync_runs WHERE trigger = 'schedule' AND started_at >= $1 AND started_at < $2`,
  [firstSlot, new Date(lastSlot.getTime() + 60_000)],
);
const overlaps = await query<{ n: number }>(
  `SELECT count(*)::int AS n FROM sync_runs a JOIN sync_runs b ON a.tenant_id = b.tenant_id AND a.id < b.id
   AND b.started_at < a.finished_at AND a.started_at < b.finished_at`,
);
const creation = await query<{ p50: number; max: number; wait_p50: number; wait_max: number }>(
  `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c)::float AS p50, max(c)::float AS max,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY w)::float AS wait_p50, max(w)::float AS wait_max
   FROM (SELECT extract(epoch FROM created_on - slot) AS c, extract(epoch FROM started_on - created_on) AS w FROM (${jobs}) j) t`,
  [firstSlot, lastSlot],
);
const lateness = await query<{ p50: number; p95: number; max: number; runs: number; run_p50: number }>(
  `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY late)::float AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY late)::float AS p95,
          max(late)::float AS max, count(*)::int AS runs, percentile_cont(0.5) WITHIN GROUP (ORDER BY took)::float AS run_p50
   FROM (SELECT extract(epoch FROM started_on - slot) AS late, extract(epoch FROM completed_on - started_on) AS took FROM (${jobs}) j) t`,
  [firstSlot, lastSlot],
);
await database.close();
await postgres.stop();

const totalCpu = costs.reduce((sum, cost) => sum + cost.cpuSeconds, 0);
const stats = lateness[0];
console.log(
  JSON.stringify(
    {
      tenants: TENANTS,
      replicas: REPLICAS,
      minutes: MINUTES,
      runsPerTenantSlot: perSlot,
      missingTenantSlots: missing[0]?.n,
      overlappingRuns: overlaps[0]?.n,
      syncRunsRecorded: runsRecorded[0]?.n,
      startSecondsAfterSlot: stats && { p50: stats.p50, p95: stats.p95, max: stats.max },
      jobCreatedSecondsAfterSlot: creation[0] && { p50: creation[0].p50, max: creation[0].max },
      queueWaitSeconds: creation[0] && { p50: creation[0].wait_p50, max: creation[0].wait_max },
      runSecondsP50: stats?.run_p50,
      scheduledRuns: stats?.runs,
      replicas_: costs,
      cpuSecondsPerRun: stats?.runs ? totalCpu / stats.runs : null,
    },
    null,
    2,
  ),
);
