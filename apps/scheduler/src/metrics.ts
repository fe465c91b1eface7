/**
 * Prometheus metrics. Counters and the duration histogram count this replica's runs; when each tenant
 * was last in sync is read from `sync_runs` at scrape time, so every replica reports the same truth
 * and "not in sync for 26 hours" can be alerted on.
 */
import type { SyncResult } from '@roster/engine';
import type { RosterDatabase } from '@roster/store';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface SchedulerMetrics {
  readonly registry: Registry;
  recordRun(result: SyncResult): void;
  /** The tenant folders this replica loaded: the valid ones (scheduled) and the invalid ones. */
  setTenants(valid: readonly string[], invalid: readonly string[]): void;
}

/**
 * When each tenant was last in sync, as Unix seconds: its last succeeded run, or a later run skipped
 * because its file was identical to an applied one (the customer re-sent an unchanged export, which
 * is healthy). A run skipped because no file was there is not in sync, nor is a refused or failed
 * one. Tenants with no such run are absent from the map.
 */
export async function lastInSync(
  database: RosterDatabase,
  tenants: readonly string[],
): Promise<Map<string, number>> {
  if (tenants.length === 0) return new Map();
  const rows = await database.db
    .selectFrom('sync_runs as r')
    .select(['r.tenant_id', (eb) => eb.fn.max('r.finished_at').as('finished')])
    .where('r.tenant_id', 'in', tenants)
    .where((eb) =>
      eb.or([
        eb('r.status', '=', 'succeeded'),
        // A skip for an identical file records the file's checksum, which an earlier succeeded run
        // of the tenant applied; a skip for a missing file has no checksum.
        eb.and([
          eb('r.status', '=', 'skipped'),
          eb.exists(
            eb
              .selectFrom('sync_runs as s')
              .select('s.id')
              .whereRef('s.tenant_id', '=', 'r.tenant_id')
              .whereRef('s.file_sha256', '=', 'r.file_sha256')
              .whereRef('s.id', '<', 'r.id')
              .where('s.status', '=', 'succeeded'),
          ),
        ]),
      ]),
    )
    .groupBy('r.tenant_id')
    .execute();
  const times = new Map<string, number>();
  for (const row of rows) {
    if (row.finished) times.set(row.tenant_id, new Date(row.finished as Date).getTime() / 1000);
  }
  return times;
}

const OUTCOMES = ['created', 'updated', 'unchanged', 'reactivated', 'deactivated', 'rejected'] as const;

export function createMetrics(database: RosterDatabase): SchedulerMetrics {
  const registry = new Registry();
  const runs = new Counter({
    name: 'roster_runs_total',
    help: 'Sync runs by this replica, by tenant and status.',
    labelNames: ['tenant', 'status'],
    registers: [registry],
  });
  const rows = new Counter({
    name: 'roster_rows_total',
    help: 'Rows by outcome in runs by this replica.',
    labelNames: ['tenant', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'roster_run_duration_seconds',
    help: 'Wall time of sync runs on this replica.',
    labelNames: ['tenant', 'status'],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  const tenants = new Gauge({
    name: 'roster_tenants',
    help: 'Tenant folders found at start, by validity.',
    labelNames: ['state'],
    registers: [registry],
  });
  let loaded: readonly string[] = [];
  new Gauge({
    name: 'roster_last_success_timestamp_seconds',
    help: 'When each loaded tenant was last in sync (any replica), as a Unix time: its last succeeded run, or a later one skipped because the file was identical; 0 when it never was.',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      // One series per tenant folder loaded, none for tenants removed since: sync_runs keeps those.
      // With the database down the last values stay: a failed query here made /metrics answer 500,
      // losing every other series (the run counters among them) while they mattered most.
      const times = await lastInSync(database, loaded).catch(() => undefined);
      if (times === undefined) return;
      this.reset();
      for (const tenant of loaded) this.set({ tenant }, times.get(tenant) ?? 0);
    },
  });
  return {
    registry,
    recordRun(result) {
      runs.inc({ tenant: result.tenant, status: result.status });
      duration.observe({ tenant: result.tenant, status: result.status }, result.durationMs / 1000);
      if (result.status !== 'succeeded') return;
      for (const outcome of OUTCOMES) {
        const value = result.counts[outcome];
        if (value > 0) rows.inc({ tenant: result.tenant, outcome }, value);
      }
    },
    setTenants(valid, invalid) {
      tenants.set({ state: 'valid' }, valid.length);
      tenants.set({ state: 'invalid' }, invalid.length);
      loaded = [...new Set([...valid, ...invalid])].sort();
    },
  };
}
