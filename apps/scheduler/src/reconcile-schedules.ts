/**
 * Makes pg-boss's schedules match the tenant folders: one schedule per tenant (keyed by tenant id, in
 * the tenant's time zone), updated when the config changes, removed when the tenant is gone.
 * Idempotent, so replicas starting together agree; pg-boss itself creates one job per occurrence
 * however many replicas hold the schedule.
 */
import type { PgBoss } from 'pg-boss';
import { SYNC_QUEUE, type SyncJobData } from './sync-queue.ts';

export interface DesiredSchedule {
  readonly tenant: string;
  /** Five-field cron in the tenant's time zone. */
  readonly cron: string;
  readonly timezone: string;
}

export interface ReconcileReport {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
}

export interface ReconcileInput {
  readonly desired: readonly DesiredSchedule[];
  /**
   * Tenants whose folder exists but is invalid: their schedule is left as it was (its runs fail
   * visibly, recorded and alerted) rather than removed (which would silently stop their syncs).
   */
  readonly keep: ReadonlySet<string>;
}

export async function reconcileSchedules(boss: PgBoss, input: ReconcileInput): Promise<ReconcileReport> {
  const existing = new Map(
    (await boss.getSchedules(SYNC_QUEUE, undefined, { limit: 100_000 })).map((schedule) => [
      schedule.key,
      schedule,
    ]),
  );
  const report = {
    added: [] as string[],
    updated: [] as string[],
    removed: [] as string[],
    unchanged: [] as string[],
  };
  for (const { tenant, cron, timezone } of input.desired) {
    const current = existing.get(tenant);
    existing.delete(tenant);
    if (current && current.cron === cron && current.timezone === timezone) {
      report.unchanged.push(tenant);
      continue;
    }
    const data: SyncJobData = { tenant, trigger: 'schedule' };
    // `missed: once`: occurrences that passed while every replica was down run once, not never and
    // not once each. The singleton key ties scheduled runs to the tenant's `stately` slot.
    await boss.schedule(
      SYNC_QUEUE,
      cron,
      { ...data },
      { tz: timezone, key: tenant, singletonKey: tenant, missed: 'once' },
    );
    (current ? report.updated : report.added).push(tenant);
  }
  for (const tenant of existing.keys()) {
    if (input.keep.has(tenant)) continue;
    await boss.unschedule(SYNC_QUEUE, tenant);
    report.removed.push(tenant);
  }
  return report;
}
