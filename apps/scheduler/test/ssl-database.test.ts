/**
 * A replica and `roster run --queue` against a server whose certificate Node's CAs do not sign, with
 * the `?sslmode=require` URL a managed service hands out: pg-boss connects as the store does (libpq's
 * meaning, see @roster/store's ssl-mode.ts). Before, the store and pg-boss both refused the
 * certificate ("self-signed certificate") and printed a SECURITY WARNING on start.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@roster/store';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSyncs, startScheduler } from '../src/index.ts';
import { writeTenant } from './support/tenants.ts';

let postgres: PostgresServer;
let url: string;
let tenantsDir: string;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.message);

beforeAll(async () => {
  postgres = await startPostgres({ ssl: true });
  const database = new URL(await postgres.createDatabase());
  database.searchParams.set('sslmode', 'require');
  url = database.href;
  tenantsDir = await mkdtemp(path.join(tmpdir(), 'roster-ssl-'));
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await postgres?.stop();
  if (tenantsDir) await rm(tenantsDir, { recursive: true, force: true });
});

describe('DATABASE_URL with sslmode=require and a self-signed server certificate', () => {
  it('a replica starts and takes jobs queued by --queue, over SSL, with no warning', async () => {
    await writeTenant(tenantsDir, 'secured', { cron: '0 2 * * *' });
    const scheduler = await startScheduler(
      {
        databaseUrl: url,
        dataDir: '/nonexistent',
        tenantsDir,
        port: 0,
        concurrency: 1,
        shutdownTimeoutSeconds: 30,
        logLevel: 'silent',
        instanceName: 'ssl',
      },
      { logger: pino({ level: 'silent' }) },
    );
    try {
      expect((await fetch(`http://127.0.0.1:${scheduler.port}/readyz`)).status).toBe(200);
      const [queued] = await enqueueSyncs(url, [{ tenant: 'secured', trigger: 'manual' }]);
      expect(queued?.tenant).toBe('secured');
      expect(queued?.jobId).toEqual(expect.any(String));
      // The server's own view of pg-boss's connections.
      const database = await openDatabase({ databaseUrl: url });
      try {
        const { rows } = await database.executeSql(
          `SELECT count(*)::int AS connections, bool_and(s.ssl) AS encrypted
           FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'roster-scheduler'`,
        );
        expect(rows[0]).toMatchObject({ encrypted: true });
        expect((rows[0] as { connections: number }).connections).toBeGreaterThan(0);
      } finally {
        await database.close();
      }
    } finally {
      await scheduler.stop();
    }
    expect(warnings).toEqual([]);
  });
});
