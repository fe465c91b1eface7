/**
 * One scheduler replica: the database migrated, pg-boss started, queues and schedules reconciled with
 * the tenant folders, due schedules queued every few seconds, syncs worked off the queue with a
 * per-replica limit, health and metrics served, and a graceful stop that lets running syncs finish
 * within a deadline.
 */
import { RosterError } from '@roster/engine';
import { readerForFile } from '@roster/parsers';
import { openTenantSource } from '@roster/sftp';
import { migrateToLatest, openDatabase, type RosterDatabase, SqlUserStore } from '@roster/store';
import { fromPglite, type Job, PgBoss } from 'pg-boss';
import pino, { type Logger } from 'pino';
import { startScheduleClock } from './due-schedules.ts';
import { startHttpServer } from './http-server.ts';
import { inventoryTenants } from './load-tenants.ts';
import { createMetrics } from './metrics.ts';
import {
  DEFAULT_REFRESH_SECONDS,
  graceFor,
  isHeldElsewhere,
  type ReconcileReport,
  reconcileSchedules,
} from './reconcile-schedules.ts';
import { repeatLimitedLog } from './repeat-limited-log.ts';
import { startScheduleRefresh } from './schedule-refresh.ts';
import type { SchedulerSettings } from './settings.ts';
import {
  defaultTuning,
  enqueueSync,
  ensureQueues,
  type QueueTuning,
  SYNC_QUEUE,
  type SyncJobData,
} from './sync-queue.ts';
import { handleSyncJob } from './sync-worker.ts';

export interface SchedulerOptions {
  readonly logger?: Logger;
  readonly tuning?: Partial<QueueTuning>;
  /** pg-boss timing, shortened by tests (defaults: pg-boss's own). */
  readonly bossTiming?: {
    monitorIntervalSeconds?: number;
    superviseIntervalSeconds?: number;
    pollingIntervalSeconds?: number;
  };
  /** The replica's clock, which decides when schedules are due (tests set it). */
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningScheduler {
  readonly port: number;
  readonly boss: PgBoss;
  readonly database: RosterDatabase;
  readonly schedules: ReconcileReport;
  /** Stops taking jobs, waits for running syncs up to the deadline, then closes everything. */
  stop(): Promise<void>;
}

function createBoss(
  settings: SchedulerSettings,
  database: RosterDatabase,
  options: SchedulerOptions,
): PgBoss {
  // 10 s queue counts turn on burst fetching (below) soon after a slot queues many tenants.
  const timing = {
    monitorIntervalSeconds: 10,
    superviseIntervalSeconds: 10,
    ...(settings.monitorIntervalSeconds !== undefined && {
      monitorIntervalSeconds: settings.monitorIntervalSeconds,
      superviseIntervalSeconds: settings.monitorIntervalSeconds,
    }),
    ...options.bossTiming,
  };
  const common = {
    schema: 'pgboss',
    // The ready count that turns on burst fetching (below) is refreshed this often.
    queueCacheIntervalSeconds: 5,
    instanceName: settings.instanceName,
    // Roster decides when schedules are due (due-schedules.ts): pg-boss's cron pass, which loses and
    // doubles runs when the clocks change, stays off.
    schedule: false,
    ...(timing.monitorIntervalSeconds !== undefined && {
      monitorIntervalSeconds: timing.monitorIntervalSeconds,
    }),
    ...(timing.superviseIntervalSeconds !== undefined && {
      superviseIntervalSeconds: timing.superviseIntervalSeconds,
    }),
  };
  if (settings.databaseUrl) {
    return new PgBoss({
      ...common,
      // As the store connects (libpq's sslmode meanings, a plain fallback under `prefer`).
      connectionString: database.connectionUrl ?? settings.databaseUrl,
      application_name: 'roster-scheduler',
      max: settings.concurrency + 4,
    });
  }
  if (!database.embedded)
    throw new RosterError('INTERNAL', 'The embedded database did not expose its connection');
  return new PgBoss({ ...common, db: fromPglite(database.embedded), backend: 'pglite' });
}

/**
 * How often a replica looks for due schedules: a slot's jobs are queued within this of it. Each look
 * is one indexed query when nothing is due.
 */
const DEFAULT_CLOCK_SECONDS = 5;

export async function startScheduler(
  settings: SchedulerSettings,
  options: SchedulerOptions = {},
): Promise<RunningScheduler> {
  const env = options.env ?? process.env;
  const logger =
    options.logger ??
    pino({
      level: settings.logLevel,
      base: { service: 'roster-scheduler', instance: settings.instanceName },
    });
  const database = await openDatabase({
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    applicationName: `roster:${settings.instanceName}`,
  });
  await migrateToLatest(database.db);
  const store = new SqlUserStore(database);
  const metrics = createMetrics(database);
  const embedded = database.kind === 'embedded';
  const fromSettings: Partial<QueueTuning> = {
    ...(settings.heartbeatSeconds !== undefined &&
      !embedded && { heartbeatSeconds: settings.heartbeatSeconds }),
    ...(settings.retryLimit !== undefined && { retryLimit: settings.retryLimit }),
    ...(settings.retryDelaySeconds !== undefined && { retryDelaySeconds: settings.retryDelaySeconds }),
  };
  const tuning: QueueTuning = { ...defaultTuning(embedded), ...fromSettings, ...options.tuning };

  const boss = createBoss(settings, database, options);
  const bossErrors = repeatLimitedLog(logger, 'pg-boss error');
  boss.on('error', (error) => bossErrors.error(error.message));
  await boss.start();
  await ensureQueues(boss, tuning);

  const inventory = await inventoryTenants(settings.tenantsDir, logger);
  metrics.setTenants(
    inventory.schedules.map((schedule) => schedule.tenant),
    [...inventory.invalid],
  );
  const now = options.now ?? (() => new Date());
  const refreshSeconds = settings.reconcileIntervalSeconds ?? DEFAULT_REFRESH_SECONDS;
  const graceSeconds = graceFor(refreshSeconds);
  const schedules = await reconcileSchedules(database, boss, {
    desired: inventory.schedules,
    keep: inventory.invalid,
    now: now(),
    graceSeconds,
  });
  logger.info(
    {
      schedules: {
        added: schedules.added.length,
        updated: schedules.updated.length,
        removed: schedules.removed.length,
        unchanged: schedules.unchanged.length,
        ...(schedules.heldElsewhere.length > 0 && { heldByOtherReplicas: schedules.heldElsewhere }),
        ...(schedules.legacyRemoved > 0 && { pgBossSchedulesRemoved: schedules.legacyRemoved }),
      },
      invalid: [...inventory.invalid],
    },
    'schedules reconciled',
  );
  for (const { tenant, reason } of schedules.unschedulable) {
    logger.error(
      { tenant, reason },
      'the tenant schedule never comes round: not scheduled (fix its schedule)',
    );
  }

  const context = {
    tenantsDir: settings.tenantsDir,
    // A tenant these folders lack that a replica has held lately: a deploy is under way.
    heldElsewhere: (tenant: string) => isHeldElsewhere(database, tenant, graceSeconds),
    queueAgainLater: async (data: SyncJobData, delaySeconds: number) => {
      await enqueueSync(boss, data, undefined, delaySeconds);
    },
    store,
    logger,
    metrics,
    env,
    retryLimit: tuning.retryLimit,
    deps: {
      store,
      readerFor: readerForFile,
      openSource: (tenant: Parameters<typeof openTenantSource>[0]) => openTenantSource(tenant, { env }),
    },
  };
  // The embedded database is one connection: one sync at a time there.
  const localConcurrency = embedded ? 1 : settings.concurrency;
  await boss.work<SyncJobData>(
    SYNC_QUEUE,
    {
      localConcurrency,
      batchSize: 1,
      // pg-boss's smallest poll: a worker waits this long after each job before fetching the next
      // (measured: one worker ran one job every 2 s at the default, whatever the backlog).
      pollingIntervalSeconds: options.bossTiming?.pollingIntervalSeconds ?? 0.5,
      // While the backlog is large (a slot just put hundreds of tenants in the queue), fetch back to
      // back instead.
      burstWhenReadyExceeds: 1,
    },
    async (jobs: Job<SyncJobData>[]) => {
      const [job] = jobs;
      if (!job) return undefined;
      return handleSyncJob(job, context);
    },
  );

  const clock = startScheduleClock({
    database,
    boss,
    logger,
    intervalSeconds: settings.cronIntervalSeconds ?? DEFAULT_CLOCK_SECONDS,
    now,
  });

  const refresh = startScheduleRefresh({
    database,
    boss,
    logger,
    tenantsDir: settings.tenantsDir,
    intervalSeconds: refreshSeconds,
    graceSeconds,
    now,
  });

  let draining = false;
  const http = await startHttpServer(settings.port, {
    registry: metrics.registry,
    async ready() {
      if (draining) throw new Error('shutting down');
      await database.executeSql('SELECT 1');
    },
  });
  logger.info(
    {
      port: http.port,
      concurrency: localConcurrency,
      database: database.kind,
      tenants: inventory.schedules.length,
    },
    'scheduler started',
  );

  let stopping: Promise<void> | undefined;
  return {
    port: http.port,
    boss,
    database,
    schedules,
    stop() {
      stopping ??= (async () => {
        draining = true;
        await clock.stop();
        await refresh.stop();
        logger.info(
          { timeoutSeconds: settings.shutdownTimeoutSeconds },
          'stopping: no new jobs, waiting for running syncs',
        );
        await boss.stop({ graceful: true, timeout: settings.shutdownTimeoutSeconds * 1000 });
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await database.close();
        bossErrors.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
