/**
 * What a replica does with one sync job: load the tenant's config as it is now, run the sync, and
 * settle the job — completed for anything a retry cannot change (success, a refused or bad file, a
 * config error), thrown for transient failures so that pg-boss retries it with backoff.
 */
import path from 'node:path';
import { diagnosticLocation, loadTenant } from '@roster/config';
import {
  failedSyncResult,
  RosterError,
  runSync,
  type SyncDependencies,
  type SyncResult,
  type UserStore,
  ZERO_COUNTS,
} from '@roster/engine';
import type { Logger } from 'pino';
import type { SchedulerMetrics } from './metrics.ts';
import { notifyIfWanted } from './notify.ts';
import type { SyncJobData } from './sync-queue.ts';

/** How long a sync left to a replica that has its tenant waits before it is taken again. */
const REQUEUE_DELAY_SECONDS = 30;

export interface SyncJob {
  readonly id: string;
  readonly data: SyncJobData;
  readonly retryCount: number;
  readonly signal: AbortSignal;
}

export interface WorkerContext {
  readonly tenantsDir: string;
  readonly deps: SyncDependencies;
  readonly store: UserStore;
  readonly logger: Logger;
  readonly metrics: SchedulerMetrics;
  readonly retryLimit: number;
  readonly env: NodeJS.ProcessEnv;
  /** Whether another replica's tenant folders hold a tenant that this one's lack (a deploy under way). */
  heldElsewhere(tenant: string): Promise<boolean>;
  /** Queues the same sync again to start later (for a replica that has its tenant). */
  queueAgainLater(data: SyncJobData, delaySeconds: number): Promise<void>;
}

export interface SyncJobOutput {
  readonly tenant: string;
  readonly status: SyncResult['status'] | 'config-invalid' | 'unknown-tenant' | 'left-to-another-replica';
  readonly runId?: number | undefined;
}

/**
 * Counts and codes only: logs never carry secrets or the contents of rows. Not the tenant: the job's
 * child logger names it already, and a second `tenant` key made each line invalid for strict JSON
 * readers.
 */
function logFields(result: SyncResult) {
  return {
    runId: result.runId,
    status: result.status,
    counts: result.counts,
    durationMs: result.durationMs,
    ...(result.error && { error: { code: result.error.code, transient: result.error.transient } }),
    ...(result.refusals.length > 0 && { guards: result.refusals.map((refusal) => refusal.guard) }),
  };
}

export async function handleSyncJob(job: SyncJob, context: WorkerContext): Promise<SyncJobOutput> {
  const { tenant: id, trigger } = job.data;
  const logger = context.logger.child({ tenant: id, job: job.id, attempt: job.retryCount + 1 });
  const dir = path.join(context.tenantsDir, id);
  // Paths in its problems start at the tenants folder (`acme/mappings.yaml:4`), not this process's.
  const loaded = await loadTenant(dir, { cwd: context.tenantsDir });
  if (loaded.diagnostics.some((d) => d.code === 'FILE_MISSING') && !loaded.tenant && !loaded.mappings) {
    // Mid-deploy, a replica with the older folders may take a new tenant's job: it is queued again
    // for a replica that has the tenant rather than dropped, which lost that occurrence. Queued anew,
    // not retried: retries are few and quick, and a busy deploy could spend them all on replicas
    // without the tenant; this goes on until no replica has held the tenant for the grace period.
    if (await context.heldElsewhere(id)) {
      await context.queueAgainLater(job.data, REQUEUE_DELAY_SECONDS);
      logger.warn(
        { delaySeconds: REQUEUE_DELAY_SECONDS },
        "the tenant is not in this replica's folders but another replica's hold it (a deploy under way?): queued again for one that has it",
      );
      return { tenant: id, status: 'left-to-another-replica' };
    }
    logger.warn('the tenant folder is gone; nothing to run');
    return { tenant: id, status: 'unknown-tenant' };
  }
  if (!loaded.valid || !loaded.tenant || !loaded.mappings) {
    const problems = loaded.diagnostics.filter((d) => d.level === 'error');
    const summary = problems
      .slice(0, 5)
      .map((d) => `${diagnosticLocation(d)} ${d.code}`)
      .join('; ');
    // Recorded as a failed run so that history, metrics and alerts show it; a retry cannot fix it.
    const runId = await context.store.startRun({ tenantId: id, trigger });
    const message = `The tenant's config is invalid: ${summary}. Fix it (roster validate ${id}); the next run takes it as it is then`;
    await context.store.finishRun(runId, {
      status: 'failed',
      counts: ZERO_COUNTS,
      error: `CONFIG_INVALID: ${summary}`,
      rejections: [],
    });
    logger.error(
      { runId, problems: problems.map((d) => ({ file: d.file, line: d.line, code: d.code })) },
      'tenant config is invalid; run recorded as failed',
    );
    const result = failedSyncResult(id, { code: 'CONFIG_INVALID', message, transient: false }, runId);
    context.metrics.recordRun(result);
    // tenant.yaml itself may be what is broken; then there is no webhook to call.
    if (loaded.tenant)
      await notifyIfWanted(loaded.tenant.notify, result, loaded.tenant.name, logger, context.env);
    return { tenant: id, status: 'config-invalid', runId };
  }

  const result = await runSync({ id, dir, tenant: loaded.tenant, mappings: loaded.mappings }, context.deps, {
    trigger,
    force: job.data.force === true,
    approve: job.data.approve === true,
    ...(job.data.approveRun !== undefined && { approveRun: job.data.approveRun }),
    signal: job.signal,
  });
  context.metrics.recordRun(result);
  const lastAttempt = job.retryCount >= context.retryLimit;
  if (result.status === 'failed' && result.error?.transient && !lastAttempt) {
    logger.warn(logFields(result), 'sync failed on a transient error; it will be retried');
    throw new RosterError(result.error.code as RosterError['code'], result.error.message, {
      transient: true,
    });
  }
  if (result.status === 'succeeded' || result.status === 'skipped')
    logger.info(logFields(result), `sync ${result.status}`);
  else logger.error(logFields(result), `sync ${result.status}`);
  await notifyIfWanted(loaded.tenant.notify, result, loaded.tenant.name, logger, context.env);
  if (result.status === 'failed' && result.error?.transient) {
    // Out of retries: fail the job so that it lands in the dead-letter queue for an operator.
    throw new RosterError(
      result.error.code as RosterError['code'],
      `${result.error.message} (gave up after ${job.retryCount + 1} attempts)`,
      { transient: true },
    );
  }
  return { tenant: id, status: result.status, runId: result.runId };
}
