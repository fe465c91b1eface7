/**
 * Enqueueing a sync from outside a replica (`roster run TENANT --queue`): the run then happens on a
 * scheduler replica, under the same one-at-a-time rule as scheduled runs, instead of racing them.
 */
import { RosterError } from '@roster/engine';
import { checkDatabaseUrl, connectAsLibpq } from '@roster/store';
import { PgBoss } from 'pg-boss';
import { defaultTuning, enqueueSync, ensureQueues, type SyncJobData } from './sync-queue.ts';

export interface EnqueueResult {
  readonly tenant: string;
  /** The job id, or null when the tenant already has a sync waiting (it will run that one). */
  readonly jobId: string | null;
}

export async function enqueueSyncs(
  databaseUrl: string | undefined,
  requests: readonly SyncJobData[],
): Promise<EnqueueResult[]> {
  if (!databaseUrl) {
    throw new RosterError(
      'USAGE',
      '--queue needs DATABASE_URL: the scheduler shares its queue through PostgreSQL',
      {
        hint: 'Without a server, run the tenant directly (without --queue)',
      },
    );
  }
  checkDatabaseUrl(databaseUrl);
  let boss: PgBoss | undefined;
  try {
    boss = await connectAsLibpq(databaseUrl, startedSender);
    // Created with the defaults if no replica has run yet; else left as the replicas set it.
    await ensureQueues(boss, defaultTuning(false), { update: false });
    const results: EnqueueResult[] = [];
    for (const request of requests)
      results.push({ tenant: request.tenant, jobId: await enqueueSync(boss, request) });
    return results;
  } catch (error) {
    if (error instanceof RosterError) throw error;
    throw new RosterError(
      'DATABASE_FAILED',
      `Cannot enqueue: ${error instanceof Error ? error.message : String(error)}`,
      { transient: true, cause: error },
    );
  } finally {
    await boss?.stop({ graceful: false, timeout: 5_000 }).catch(() => {});
  }
}

/**
 * A pg-boss instance that only sends (no maintenance, no cron, no workers), started on
 * `connectionString`, or stopped again and the error thrown.
 */
async function startedSender(connectionString: string): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    supervise: false,
    schedule: false,
    registerInstance: false,
    max: 2,
  });
  boss.on('error', () => {});
  try {
    await boss.start();
    return boss;
  } catch (error) {
    await boss.stop({ graceful: false, timeout: 5_000 }).catch(() => {});
    throw error;
  }
}
