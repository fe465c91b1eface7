/**
 * The scheduler's clock: every few seconds each replica queues a sync for every tenant whose next
 * occurrence has come, and moves the tenant's `next_run_at` on to the one after.
 *
 * One job per occurrence however many replicas look: each due tenant is taken in its own transaction
 * that locks its row (`FOR UPDATE SKIP LOCKED`: a row another replica is taking is left to it), checks
 * it is still due (another replica may have just moved it on), moves it on and queues the job
 * through the same transaction (pg-boss's `db` option). So the occurrence is queued and moved on
 * together or not at all: a replica or a connection dying halfway leaves it due for the next look.
 *
 * Occurrences come from config's `nextRunAfter`, which runs each local time once across clock
 * changes. Those that passed while every replica was down run once, not once each: the next
 * occurrence is counted from now.
 */
import { nextRunAfter } from '@roster/config';
import type { RosterDatabase } from '@roster/store';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { type RepeatingTask, repeatEvery } from './repeating-task.ts';
import { enqueueSync } from './sync-queue.ts';

/** At most this many tenants are queued by one look; the rest wait for the next, a few seconds on. */
const DUE_PER_LOOK = 500;

const TAKE_DUE = `SELECT cron, timezone, next_run_at FROM sync_schedules
  WHERE tenant_id = $1 AND next_run_at <= $2 FOR UPDATE SKIP LOCKED`;
const MOVE_ON = `UPDATE sync_schedules SET next_run_at = $2, last_run_at = $3 WHERE tenant_id = $1`;

export interface QueuedOccurrence {
  readonly tenant: string;
  /** The occurrence that came due. */
  readonly occurrence: Date;
  /** pg-boss's job id; null when a sync of the tenant was already waiting, which serves this one. */
  readonly jobId: string | null;
  readonly next: Date;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Takes one tenant's due occurrence and queues it, in one transaction; undefined when there is none
 * to take (another replica has it, or has moved it on).
 */
async function queueOne(
  database: RosterDatabase,
  boss: PgBoss,
  tenant: string,
  now: Date,
): Promise<QueuedOccurrence | undefined> {
  const transaction = await database.begin();
  const { session } = transaction;
  try {
    const { rows } = await session.query<{ cron: string; timezone: string; next_run_at: Date }>(TAKE_DUE, [
      tenant,
      now,
    ]);
    const row = rows[0];
    if (!row) {
      await transaction.rollback();
      return undefined;
    }
    const occurrence = row.next_run_at;
    const next = nextRunAfter(row, now, occurrence);
    await session.query(MOVE_ON, [tenant, next, occurrence]);
    const jobId = await enqueueSync(
      boss,
      { tenant, trigger: 'schedule' },
      {
        executeSql: (text, values) => session.query(text, values),
      },
    );
    await transaction.commit();
    return { tenant, occurrence, jobId, next };
  } catch (error) {
    await transaction.rollback().catch(() => {});
    throw error;
  }
}

/**
 * Queues the syncs due at `now`; returns what this replica queued (none of what another took). A
 * tenant that cannot be queued is logged and stays due; the others are queued all the same.
 */
export async function queueDueSyncs(
  database: RosterDatabase,
  boss: PgBoss,
  now: Date,
  logger: Logger,
): Promise<QueuedOccurrence[]> {
  const due = await database.db
    .selectFrom('sync_schedules')
    .select('tenant_id')
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(DUE_PER_LOOK)
    .execute();
  const queued: QueuedOccurrence[] = [];
  for (const { tenant_id: tenant } of due) {
    let taken: QueuedOccurrence | undefined;
    try {
      taken = await queueOne(database, boss, tenant, now);
    } catch (error) {
      logger.error(
        { tenant, err: { message: messageOf(error) } },
        'a due sync could not be queued; it stays due and is tried again at the next look',
      );
      continue;
    }
    if (!taken) continue;
    queued.push(taken);
    logger.info(
      {
        tenant,
        occurrence: taken.occurrence.toISOString(),
        next: taken.next.toISOString(),
        job: taken.jobId,
      },
      taken.jobId
        ? 'scheduled sync queued'
        : 'scheduled sync due while one of the tenant waits: that one serves it',
    );
  }
  return queued;
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
}): RepeatingTask {
  const { database, boss, logger, intervalSeconds, now } = options;
  return repeatEvery(intervalSeconds, () => queueDueSyncs(database, boss, now(), logger), {
    startNow: true,
    onError: (error) =>
      logger.warn(
        {
          err: { message: error instanceof Error ? error.message : String(error) },
          retryInSeconds: intervalSeconds,
        },
        'looking for due schedules failed; trying again',
      ),
  });
}
