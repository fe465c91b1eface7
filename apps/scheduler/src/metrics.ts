/**
 * Prometheus metrics. Counters and the duration histogram count this replica's runs; the last
 * successful sync per tenant is read from `sync_runs` at scrape time, so every replica reports the
 * same truth and "no sync for 26 hours" can be alerted on.
 */
import type { SyncResult } from '@roster/engine';
import type { RosterDatabase } from '@roster/store';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface SchedulerMetrics {
  readonly registry: Registry;
  recordRun(result: SyncResult): void;
  setTenants(valid: number, invalid: number): void;
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
  new Gauge({
    name: 'roster_last_success_timestamp_seconds',
    help: 'When each tenant last synced successfully (any replica), as a Unix time.',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      this.reset();
      const rowsOf = await database.db
        .selectFrom('sync_runs')
        .select(['tenant_id', (eb) => eb.fn.max('finished_at').as('finished')])
        .where('status', '=', 'succeeded')
        .groupBy('tenant_id')
        .execute();
      for (const row of rowsOf) {
        if (row.finished)
          this.set({ tenant: row.tenant_id }, new Date(row.finished as Date).getTime() / 1000);
      }
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
      tenants.set({ state: 'valid' }, valid);
      tenants.set({ state: 'invalid' }, invalid);
    },
  };
}
