/**
 * The freshness gauge behind the README's alert, against a real PostgreSQL with runs made by the
 * engine itself: one series per loaded tenant, a re-sent identical file counts as in sync, a run
 * skipped for want of a file does not, and a tenant never in sync reports 0.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTenant } from '@roster/config';
import { runSync, type SyncResult, type SyncStatus } from '@roster/engine';
import { readerForFile } from '@roster/parsers';
import { openTenantSource } from '@roster/sftp';
import { migrateToLatest, openDatabase, type RosterDatabase, SqlUserStore } from '@roster/store';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics.ts';
import { writeTenant } from './support/tenants.ts';

let postgres: PostgresServer;
let database: RosterDatabase;
let databaseUrl: string;
let store: SqlUserStore;
let tenantsDir: string;

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.createDatabase();
  database = await openDatabase({ databaseUrl });
  await migrateToLatest(database.db);
  store = new SqlUserStore(database);
  tenantsDir = await mkdtemp(path.join(tmpdir(), 'roster-metrics-'));
});
afterAll(async () => {
  await database?.close();
  await postgres?.stop();
  if (tenantsDir) await rm(tenantsDir, { recursive: true, force: true });
});

async function run(id: string, expected: SyncStatus): Promise<number> {
  const dir = path.join(tenantsDir, id);
  const loaded = await loadTenant(dir);
  if (!loaded.tenant || !loaded.mappings) throw new Error(`tenant ${id} is invalid`);
  const result = await runSync(
    { id, dir, tenant: loaded.tenant, mappings: loaded.mappings },
    { store, readerFor: readerForFile, openSource: (tenant) => openTenantSource(tenant, { env: {} }) },
    { trigger: 'schedule' },
  );
  expect(result.status, result.message).toBe(expected);
  if (result.runId === undefined) throw new Error('the run was not recorded');
  return result.runId;
}

async function finishedAt(runId: number): Promise<number> {
  const { rows } = await database.executeSql('SELECT finished_at FROM sync_runs WHERE id = $1', [runId]);
  return new Date((rows[0] as { finished_at: Date }).finished_at).getTime() / 1000;
}

/** Makes the tenant skip quietly when its file is missing, and removes the file. */
async function fileGoneSkip(id: string): Promise<void> {
  const file = path.join(tenantsDir, id, 'tenant.yaml');
  await writeFile(
    file,
    (await readFile(file, 'utf8')).replace('minAgeSeconds: 0', 'minAgeSeconds: 0, whenMissing: skip'),
  );
  await rm(path.join(tenantsDir, id, 'inbox', 'people.csv'));
}

async function gauge(metrics: ReturnType<typeof createMetrics>): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric('roster_last_success_timestamp_seconds');
  if (!metric) throw new Error('gauge missing');
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.tenant), v.value]));
}

describe('roster_last_success_timestamp_seconds', () => {
  it('covers exactly the loaded tenants, counts an identical re-sent file as in sync, and is 0 when never in sync', async () => {
    for (const id of ['steady', 'quiet', 'fresh', 'removed', 'missing-only'])
      await writeTenant(tenantsDir, id);

    // steady: applied, then the same export again, skipped as identical: in sync at the skip.
    const first = await run('steady', 'succeeded');
    const resent = await run('steady', 'skipped');
    // quiet: applied, then no file at all (whenMissing: skip): in sync at the applied run only.
    const applied = await run('quiet', 'succeeded');
    await fileGoneSkip('quiet');
    await run('quiet', 'skipped');
    // missing-only: never had a file; its runs are skips for a missing file.
    await fileGoneSkip('missing-only');
    await run('missing-only', 'skipped');
    // removed: synced once, then its folder was deleted: replicas no longer load it.
    await run('removed', 'succeeded');

    const metrics = createMetrics(database);
    metrics.setTenants(['fresh', 'missing-only', 'quiet', 'steady'], ['broken']);
    expect(await gauge(metrics)).toEqual({
      steady: await finishedAt(resent),
      quiet: await finishedAt(applied),
      'missing-only': 0,
      fresh: 0,
      broken: 0,
    });
    expect(await finishedAt(resent)).toBeGreaterThan(await finishedAt(first));

    // The text Prometheus scrapes: no series for the removed tenant.
    const text = await metrics.registry.metrics();
    expect(text).toContain('roster_last_success_timestamp_seconds{tenant="fresh"} 0');
    expect(text).not.toContain('tenant="removed"');
  });

  it('still serves every series while the database is down, the freshness gauge at its last values', async () => {
    const own = await openDatabase({ databaseUrl });
    const metrics = createMetrics(own);
    metrics.setTenants(['steady'], []);
    const before = await gauge(metrics);
    expect(before.steady).toBeGreaterThan(0);
    await own.close(); // as good as a database that went away
    metrics.recordRun({
      tenant: 'steady',
      status: 'failed',
      counts: { rows: 0 },
      durationMs: 5,
    } as SyncResult);
    const text = await metrics.registry.metrics();
    expect(text).toContain('roster_runs_total{tenant="steady",status="failed"} 1');
    expect(text).toContain(`roster_last_success_timestamp_seconds{tenant="steady"} ${before.steady}`);
  });
});
