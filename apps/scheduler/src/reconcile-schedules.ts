/**
 * Makes the schedules in `sync_schedules` match the tenant folders: one row per tenant (keyed by
 * tenant id, in the tenant's time zone), its next occurrence worked out again when the config's
 * schedule changes, the row removed when the tenant is gone. Idempotent, so replicas starting
 * together agree; an unchanged schedule keeps its next occurrence, so one that passed while every
 * replica was down still runs (once) when one comes back.
 *
 * During a rolling deploy, replicas with the old tenant folders and replicas with the new ones run side
 * by side. A replica removing every schedule its folders lack would remove a new tenant's (an old
 * replica restarting mid-deploy), and nothing put it back until the next start: the tenant never ran.
 * So every replica stamps `seen_at` on the tenants its folders hold, at start and then on each
 * `refresh` (a few minutes apart), and removes a schedule its folders lack only once no replica has
 * seen that tenant for `graceSeconds`; a `refresh` also puts back a schedule missing for a tenant it
 * holds. Only a start changes a schedule's cron or time zone: refreshes of old and new replicas would
 * otherwise take turns rewriting it.
 *
 * Schedules used to be pg-boss's own (`boss.schedule`), whose cron pass loses and doubles runs when
 * the clocks change; any left from then are removed here, or both would fire.
 */
import { nextRunAfter } from '@roster/config';
import type { RosterDatabase } from '@roster/store';
import type { PgBoss } from 'pg-boss';
import { SYNC_QUEUE } from './sync-queue.ts';

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
  /** Tenants whose schedule never comes round (`0 0 31 2 *`): left out, each with the reason. */
  readonly unschedulable: readonly { readonly tenant: string; readonly reason: string }[];
  /** pg-boss schedules of earlier releases, removed. */
  readonly legacyRemoved: number;
  /** Schedules of tenants these folders lack but another replica's hold (seen within the grace). */
  readonly heldElsewhere: readonly string[];
}

export interface ReconcileInput {
  readonly desired: readonly DesiredSchedule[];
  /**
   * Tenants whose folder exists but is invalid: their schedule is left as it was (its runs fail
   * visibly, recorded and alerted) rather than removed (which would silently stop their syncs).
   */
  readonly keep: ReadonlySet<string>;
  /** The time to count the next occurrences from (the replica's clock). */
  readonly now: Date;
  /** `start` (the default) also changes a schedule whose cron or time zone changed; `refresh` does not. */
  readonly pass?: 'start' | 'refresh';
  /** How long a schedule no replica has seen is kept (default {@link DEFAULT_GRACE_SECONDS}). */
  readonly graceSeconds?: number;
}

/**
 * A schedule some replica has held within the grace ($2, seconds): kept, and its jobs left to that
 * replica. The database's clock, for `seen_at` is compared across replicas.
 */
const SEEN_WITHIN_GRACE = '(seen_at >= now() - make_interval(secs => $2))';

/** How often a replica reads its tenant folders again by default (schedule-refresh.ts). */
export const DEFAULT_REFRESH_SECONDS = 300;

/** The grace for replicas that refresh every `refreshSeconds`: three refreshes, longer than a rolling deploy. */
export const graceFor = (refreshSeconds: number) => 3 * refreshSeconds;

const DEFAULT_GRACE_SECONDS = graceFor(DEFAULT_REFRESH_SECONDS);

export async function reconcileSchedules(
  database: RosterDatabase,
  boss: PgBoss,
  input: ReconcileInput,
): Promise<ReconcileReport> {
  const { db } = database;
  const existing = new Map(
    (await db.selectFrom('sync_schedules').select(['tenant_id', 'cron', 'timezone']).execute()).map((row) => [
      row.tenant_id,
      row,
    ]),
  );
  const report = {
    added: [] as string[],
    updated: [] as string[],
    removed: [] as string[],
    unchanged: [] as string[],
    unschedulable: [] as { tenant: string; reason: string }[],
    legacyRemoved: 0,
    heldElsewhere: [] as string[],
  };
  const refresh = input.pass === 'refresh';
  for (const { tenant, cron, timezone } of input.desired) {
    const current = existing.get(tenant);
    existing.delete(tenant);
    if (current && ((current.cron === cron && current.timezone === timezone) || refresh)) {
      report.unchanged.push(tenant);
      continue;
    }
    let next: Date;
    try {
      next = nextRunAfter({ cron, timezone }, input.now);
    } catch (error) {
      // Not left running on the schedule it had before: the config says otherwise now.
      if (current) await db.deleteFrom('sync_schedules').where('tenant_id', '=', tenant).execute();
      report.unschedulable.push({ tenant, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    // Another replica starting at the same moment may write the same row: the one that comes second
    // finds the schedule as it wants it and leaves the row (and its next occurrence) alone.
    await db
      .insertInto('sync_schedules')
      .values({ tenant_id: tenant, cron, timezone, next_run_at: next })
      .onConflict((conflict) =>
        refresh
          ? conflict.column('tenant_id').doNothing()
          : conflict
              .column('tenant_id')
              .doUpdateSet((eb) => ({
                cron: eb.ref('excluded.cron'),
                timezone: eb.ref('excluded.timezone'),
                next_run_at: eb.ref('excluded.next_run_at'),
                updated_at: new Date(),
              }))
              .where((eb) =>
                eb.or([
                  eb('sync_schedules.cron', '<>', eb.ref('excluded.cron')),
                  eb('sync_schedules.timezone', '<>', eb.ref('excluded.timezone')),
                ]),
              ),
      )
      .execute();
    (current ? report.updated : report.added).push(tenant);
  }
  // The database's clock, for `seen_at` is compared across replicas, whose clocks may differ.
  const held = [...input.desired.map((schedule) => schedule.tenant), ...input.keep];
  if (held.length > 0)
    await database.executeSql('UPDATE sync_schedules SET seen_at = now() WHERE tenant_id = ANY($1)', [held]);
  const graceSeconds = input.graceSeconds ?? DEFAULT_GRACE_SECONDS;
  for (const tenant of existing.keys()) {
    if (input.keep.has(tenant)) continue;
    const { rows } = await database.executeSql(
      `DELETE FROM sync_schedules WHERE tenant_id = $1 AND NOT ${SEEN_WITHIN_GRACE} RETURNING tenant_id`,
      [tenant, graceSeconds],
    );
    (rows.length > 0 ? report.removed : report.heldElsewhere).push(tenant);
  }
  for (const legacy of await boss.getSchedules(SYNC_QUEUE, undefined, { limit: 100_000 })) {
    await boss.unschedule(SYNC_QUEUE, legacy.key);
    report.legacyRemoved++;
  }
  return report;
}

/**
 * Whether a replica has held `tenant` within the grace period: a job for a tenant this replica's
 * folders lack is then left to one that has it (sync-worker.ts), not dropped.
 */
export async function isHeldElsewhere(
  database: RosterDatabase,
  tenant: string,
  graceSeconds: number,
): Promise<boolean> {
  const { rows } = await database.executeSql(
    `SELECT 1 FROM sync_schedules WHERE tenant_id = $1 AND ${SEEN_WITHIN_GRACE}`,
    [tenant, graceSeconds],
  );
  return rows.length > 0;
}
