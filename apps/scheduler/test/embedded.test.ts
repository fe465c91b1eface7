/**
 * Without DATABASE_URL the scheduler is one process on the embedded PGlite: schedules fire, runs are
 * recorded with trigger `schedule`, and SIGTERM stops it cleanly.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startReplica, until } from './support/replica.ts';
import { writeTenant } from './support/tenants.ts';

it('runs scheduled syncs on the embedded database and stops on SIGTERM', async () => {
  const tenantsDir = await mkdtemp(path.join(tmpdir(), 'roster-embedded-'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'roster-embedded-data-'));
  await writeTenant(tenantsDir, 'solo', { cron: '* * * * *' });
  const replica = await startReplica('embedded', {
    DATABASE_URL: '',
    ROSTER_TENANTS_DIR: tenantsDir,
    ROSTER_DATA_DIR: dataDir,
    ROSTER_CRON_INTERVAL_SECONDS: '2',
  });
  expect(replica.logs()).toContain('"database":"embedded"');
  // The next minute's occurrence (at most ~60 s away) runs the sync.
  await until(
    'a scheduled run',
    async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${replica.port}/metrics`)).text();
      return /roster_runs_total\{tenant="solo",status="succeeded"\} 1/.test(metrics) ? true : undefined;
    },
    100_000,
  );
  replica.process.kill('SIGTERM');
  expect(await replica.exited).toBe(0);
  expect(replica.logs()).toContain('"msg":"sync succeeded"');
});
