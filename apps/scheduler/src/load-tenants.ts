/** Every tenant folder at start: the valid ones are scheduled, the invalid ones reported and left out. */
import path from 'node:path';
import { findTenantDirs, loadTenant, scheduleToCron } from '@roster/config';
import type { Logger } from 'pino';
import type { DesiredSchedule } from './reconcile-schedules.ts';

export interface TenantInventory {
  readonly schedules: readonly DesiredSchedule[];
  readonly invalid: ReadonlySet<string>;
}

export async function inventoryTenants(tenantsDir: string, logger: Logger): Promise<TenantInventory> {
  const schedules: DesiredSchedule[] = [];
  const invalid = new Set<string>();
  for (const dir of await findTenantDirs(tenantsDir)) {
    const loaded = await loadTenant(dir, { cwd: tenantsDir });
    if (loaded.valid && loaded.tenant) {
      schedules.push({
        tenant: loaded.id,
        cron: scheduleToCron(loaded.tenant.schedule),
        timezone: loaded.tenant.schedule.timezone,
      });
      continue;
    }
    invalid.add(path.basename(dir));
    const problems = loaded.diagnostics.filter((d) => d.level === 'error');
    logger.error(
      {
        tenant: loaded.id,
        problems: problems.map((d) => ({
          file: d.file,
          line: d.line,
          col: d.col,
          code: d.code,
          message: d.message,
        })),
      },
      'tenant config is invalid: not scheduled until it is fixed (run `roster validate`)',
    );
  }
  return { schedules, invalid };
}
