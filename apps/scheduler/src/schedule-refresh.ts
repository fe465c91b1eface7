/**
 * Every few minutes a replica reads its tenant folders again and reconciles in `refresh` mode: it says
 * which tenants it holds (`seen_at`), puts back a schedule missing for one of them, and removes those
 * no replica has held for the grace period (reconcile-schedules.ts says why: rolling deploys).
 */
import type { RosterDatabase } from '@roster/store';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { inventoryTenants } from './load-tenants.ts';
import { reconcileSchedules } from './reconcile-schedules.ts';
import { type RepeatingTask, repeatEvery } from './repeating-task.ts';

export function startScheduleRefresh(options: {
  readonly database: RosterDatabase;
  readonly boss: PgBoss;
  readonly logger: Logger;
  readonly tenantsDir: string;
  readonly intervalSeconds: number;
  readonly graceSeconds: number;
  readonly now: () => Date;
}): RepeatingTask {
  const { database, boss, logger, tenantsDir, intervalSeconds, graceSeconds, now } = options;
  // The start logged each invalid tenant already; a refresh every few minutes would repeat it.
  const quiet = logger.child({}, { level: 'silent' });
  const refresh = async () => {
    const inventory = await inventoryTenants(tenantsDir, quiet);
    const report = await reconcileSchedules(database, boss, {
      desired: inventory.schedules,
      keep: inventory.invalid,
      now: now(),
      pass: 'refresh',
      graceSeconds,
    });
    if (report.added.length > 0 || report.removed.length > 0)
      logger.info({ added: report.added, removed: report.removed }, 'schedules refreshed');
  };
  // The start has just reconciled: the first refresh comes one interval later.
  return repeatEvery(intervalSeconds, refresh, {
    startNow: false,
    onError: (error) =>
      logger.warn(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        'refreshing the schedules failed; trying again at the next refresh',
      ),
  });
}
