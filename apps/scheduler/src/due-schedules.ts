/**
 * The scheduler's clock: every few seconds each replica queues a sync for every tenant whose next
 * occurrence has come, and moves the tenant's `next_run_at` on to the one after.
 *
 * One job per occurrence however many replicas look: a replica takes an occurrence by updating the
 * row only if `next_run_at` still holds that occurrence, so of two replicas that both find it due
 * one updates the row and the other updates nothing. The job is queued after the row is taken: if
 * queueing fails the occurrence is given back and tried again at the next look. (A replica that dies
 * between the two loses that occurrence; the tenant's next one runs as usual.)
 *
 * Occurrences come from cron-parser's `next()` (config's `nextRunAfter`), which runs a time the
 * spring clock change skips once, after the jump, and a time the autumn change repeats once. Those
 * that passed while every replica was down run once, not once each: the next occurrence is counted
 * from now.
 */
import { nextRunAfter } from '@roster/config';
import type { RosterDatabase } from '@roster/store';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { enqueueSync } from './sync-queue.ts';

/** At most this many tenants are queued by one look; the rest wait for the next, a few seconds on. */
const DUE_PER_LOOK = 500;

export interface QueuedOccurrence {
  readonly tenant: string;
  /** The occurrence that came due. */
  readonly occurrence: Date;
  /** pg-boss's job id; null when a sync of the tenant was already waiting, which serves this one. */
  readonly jobId: string | null;
  readonly next: Date;
}

/** Queues the syncs due at `now`; returns what this replica queued (none of what another took). */
export async function queueDueSyncs(
  database: RosterDatabase,
  boss: PgBoss,
  now: Date,
  logger: Logger,
): Promise<QueuedOccurrence[]> {
  const { db } = database;
  const due = await db
    .selectFrom('sync_schedules')
    .select(['tenant_id', 'cron', 'timezone', 'next_run_at', 'last_run_at'])
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(DUE_PER_LOOK)
    .execute();
  const queued: QueuedOccurrence[] = [];
  for (const row of due) {
    const tenant = row.tenant_id;
    const occurrence = row.next_run_at;
    let next: Date;
    try {
      next = nextRunAfter(row, now, occurrence);
    } catch (error) {
      // Reconciling leaves out a schedule without occurrences; only an edited row gets here.
      logger.error(
        { tenant, cron: row.cron, timezone: row.timezone, err: { message: String(error) } },
        'the schedule has no next occurrence; fix the tenant schedule and restart the scheduler',
      );
      continue;
    }
    const taken = await db
      .updateTable('sync_schedules')
      .set({ next_run_at: next, last_run_at: occurrence })
      .where('tenant_id', '=', tenant)
      .where('next_run_at', '=', occurrence)
      .returning('tenant_id')
      .executeTakeFirst();
    if (!taken) continue; // another replica took this occurrence
    let jobId: string | null;
    try {
      jobId = await enqueueSync(boss, { tenant, trigger: 'schedule' });
    } catch (error) {
      await db
        .updateTable('sync_schedules')
        .set({ next_run_at: occurrence, last_run_at: row.last_run_at })
        .where('tenant_id', '=', tenant)
        .where('next_run_at', '=', next)
        .execute();
      throw error;
    }
    queued.push({ tenant, occurrence, jobId, next });
    logger.info(
      { tenant, occurrence: occurrence.toISOString(), next: next.toISOString(), job: jobId },
      jobId
        ? 'scheduled sync queued'
        : 'scheduled sync due while one of the tenant waits: that one serves it',
    );
  }
  return queued;
}

export interface ScheduleClock {
  /** Stops looking; resolves once a look in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Looks for due syncs now and then every `intervalSeconds` until stopped. A failed look (the database
 * down) is logged and the next one tries again; nothing is lost, the rows still say what is due.
 */
export function startScheduleClock(options: {
  readonly database: RosterDatabase;
  readonly boss: PgBoss;
  readonly logger: Logger;
  readonly intervalSeconds: number;
  readonly now: () => Date;
}): ScheduleClock {
  const { database, boss, logger, intervalSeconds, now } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> = Promise.resolve();
  const look = () => {
    looking = queueDueSyncs(database, boss, now(), logger).then(
      () => {},
      (error: unknown) =>
        logger.warn(
          {
            err: { message: error instanceof Error ? error.message : String(error) },
            retryInSeconds: intervalSeconds,
          },
          'looking for due schedules failed; trying again',
        ),
    );
    void looking.then(() => {
      if (!stopped) timer = setTimeout(look, intervalSeconds * 1000);
    });
  };
  look();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await looking;
    },
  };
}
