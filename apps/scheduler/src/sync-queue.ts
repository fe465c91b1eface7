/**
 * The job queue the scheduler works from, as a small public contract: the CLI's `run --queue`
 * enqueues with it, replicas consume it. One queue for all tenants, keyed by tenant id.
 */
import type { Db, PgBoss, Queue } from 'pg-boss';

export const SYNC_QUEUE = 'roster-sync';
export const DEAD_LETTER_QUEUE = 'roster-sync-dead';

export interface SyncJobData {
  readonly tenant: string;
  readonly trigger: 'schedule' | 'manual';
  readonly force?: boolean;
  readonly approve?: boolean;
  /** The refused run the operator reviewed (`roster run --queue --approve-run N`). */
  readonly approveRun?: number;
}

export interface QueueTuning {
  /** A sync not finished (or, with heartbeats, not heard from) after this is failed and retried. */
  readonly expireInSeconds: number;
  /** Replicas send a heartbeat every half of this while a sync runs; a silent one is presumed dead. */
  readonly heartbeatSeconds: number | undefined;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  readonly retryDelayMaxSeconds: number;
}

/**
 * Server mode uses heartbeats: a replica killed mid-run is noticed within a minute or two and its
 * sync retried elsewhere, while a healthy long run (a big file) is never cut short. The embedded
 * database is one connection that a sync's transaction holds, which would starve heartbeats: there
 * a generous expiry does the job instead.
 */
export function defaultTuning(embedded: boolean): QueueTuning {
  return {
    expireInSeconds: 6 * 60 * 60,
    heartbeatSeconds: embedded ? undefined : 30,
    retryLimit: 4,
    retryDelaySeconds: 30,
    retryDelayMaxSeconds: 15 * 60,
  };
}

/**
 * Creates the dead-letter queue, then the sync queue pointing at it (in that order: the reference
 * must exist); a replica (`update`) also brings an existing queue to its settings, every one that
 * can change after creation. A client that only sends (`roster run --queue`) must not: its
 * defaults would undo the operators' (ROSTER_RETRY_LIMIT 0 became 4 again). `stately` keyed by tenant: at most one sync of a tenant running and one waiting, so a
 * tenant never syncs twice at once, and a backlog never piles up. Retries back off exponentially,
 * with jitter, for transient failures only: the worker settles terminal ones itself.
 */
export async function ensureQueues(
  boss: PgBoss,
  tuning: QueueTuning,
  { update = true }: { readonly update?: boolean } = {},
): Promise<void> {
  const options: Omit<Queue, 'name'> = {
    policy: 'stately',
    deadLetter: DEAD_LETTER_QUEUE,
    expireInSeconds: tuning.expireInSeconds,
    retryLimit: tuning.retryLimit,
    retryDelay: tuning.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: tuning.retryDelayMaxSeconds,
    ...(tuning.heartbeatSeconds !== undefined && { heartbeatSeconds: tuning.heartbeatSeconds }),
  };
  if (!(await boss.getQueue(DEAD_LETTER_QUEUE))) {
    await boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: 30 * 24 * 60 * 60 });
  }
  if (await boss.getQueue(SYNC_QUEUE)) {
    if (!update) return;
    // The policy cannot change after creation, and the dead-letter queue does not.
    const { policy: _policy, deadLetter: _deadLetter, ...updatable } = options;
    await boss.updateQueue(SYNC_QUEUE, updatable);
  } else {
    await boss.createQueue(SYNC_QUEUE, options);
  }
}

/**
 * Enqueues a sync for the scheduler to run (`roster run TENANT --queue`, or a schedule come due),
 * keyed by tenant; `db` puts the job in the caller's transaction; `startAfterSeconds` delays it.
 */
export async function enqueueSync(
  boss: PgBoss,
  data: SyncJobData,
  db?: Db,
  startAfterSeconds?: number,
): Promise<string | null> {
  return boss.send(
    SYNC_QUEUE,
    { ...data },
    {
      singletonKey: data.tenant,
      ...(db && { db }),
      ...(startAfterSeconds !== undefined && { startAfter: startAfterSeconds }),
    },
  );
}
