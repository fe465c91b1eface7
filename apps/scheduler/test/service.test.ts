/**
 * One replica in this process against a real PostgreSQL: schedules follow the tenant folders, and a
 * refused run reaches the tenant's webhook without row contents. When schedules come due, across
 * clock changes too, is schedule-clock.test.ts's.
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@roster/store';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSyncs, type RunningScheduler, startScheduler } from '../src/index.ts';
import { until } from './support/replica.ts';
import { writeTenant } from './support/tenants.ts';

let postgres: PostgresServer;
let url: string;
let tenantsDir: string;
const silent = pino({ level: 'silent' });
/** The second replica's log lines, kept to check their shape. */
const logged: string[] = [];
const kept = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });

const settings = () => ({
  databaseUrl: url,
  dataDir: '/nonexistent',
  tenantsDir,
  port: 0,
  concurrency: 2,
  shutdownTimeoutSeconds: 30,
  logLevel: 'silent',
  instanceName: 'in-process',
});

beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  tenantsDir = await mkdtemp(path.join(tmpdir(), 'roster-service-'));
});
afterAll(async () => {
  await postgres?.stop();
});

/** A webhook endpoint that keeps what it is sent: the path and the JSON body of each call. */
async function listenForWebhook() {
  const received: Array<{ path: string | undefined; body: { text: string } }> = [];
  const hook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url, body: JSON.parse(body) });
      response.end('ok');
    });
  });
  hook.listen(0);
  await once(hook, 'listening');
  const address = hook.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, received, close: () => hook.close() };
}

/** The next hh:mm UTC from now. */
function nextAt(hours: number, minutes: number): Date {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes);
  return new Date(today > now.getTime() ? today : today + 24 * 60 * 60 * 1000);
}

describe('scheduler service', () => {
  let scheduler: RunningScheduler | undefined;
  afterAll(async () => {
    await scheduler?.stop();
  });

  it('reconciles schedules with the tenant folders: added, updated, removed, invalid ones kept', async () => {
    await writeTenant(tenantsDir, 'kept', { cron: '0 2 * * *' });
    await writeTenant(tenantsDir, 'changes', { cron: '0 2 * * *' });
    await writeTenant(tenantsDir, 'leaves', { cron: '0 2 * * *' });
    await writeTenant(tenantsDir, 'breaks', { cron: '0 2 * * *' });
    const first = await startScheduler(settings(), { logger: silent });
    expect([...first.schedules.added].sort()).toEqual(['breaks', 'changes', 'kept', 'leaves']);
    await first.stop();

    await writeTenant(tenantsDir, 'changes', { cron: '30 6 * * 1-5' });
    await rm(path.join(tenantsDir, 'leaves'), { recursive: true });
    await writeFile(path.join(tenantsDir, 'breaks', 'tenant.yaml'), 'name: [unclosed\n');
    // Removed only once no replica has held the tenant for the grace period (a rolling deploy's old
    // replicas still may): the last one to hold it did so long enough ago.
    const aside = await openDatabase({ databaseUrl: url });
    await aside.executeSql("UPDATE sync_schedules SET seen_at = now() - interval '1 hour'");
    await aside.close();
    scheduler = await startScheduler(settings(), { logger: kept });
    expect(scheduler.schedules).toEqual({
      added: [],
      updated: ['changes'],
      removed: ['leaves'],
      unchanged: ['kept'],
      unschedulable: [],
      legacyRemoved: 0,
      heldElsewhere: [],
    });
    const { rows } = await scheduler.database.executeSql(
      'SELECT tenant_id, cron, timezone, next_run_at FROM sync_schedules ORDER BY tenant_id',
    );
    expect(rows).toEqual([
      { tenant_id: 'breaks', cron: '0 2 * * *', timezone: 'UTC', next_run_at: nextAt(2, 0) },
      { tenant_id: 'changes', cron: '30 6 * * 1-5', timezone: 'UTC', next_run_at: expect.any(Date) },
      { tenant_id: 'kept', cron: '0 2 * * *', timezone: 'UTC', next_run_at: nextAt(2, 0) },
    ]);
  });

  it('an invalid tenant run is recorded as failed with its problems, and the others still run', async () => {
    if (!scheduler) throw new Error('scheduler missing');
    const { database } = scheduler;
    await enqueueSyncs(url, [
      { tenant: 'breaks', trigger: 'manual' },
      { tenant: 'kept', trigger: 'manual' },
    ]);
    const runs = await until(
      'both runs',
      async () => {
        const { rows } = await database.executeSql(
          `SELECT tenant_id, status, error FROM sync_runs WHERE tenant_id IN ('breaks', 'kept') AND status <> 'running' ORDER BY tenant_id`,
        );
        return rows.length === 2
          ? (rows as Array<{ tenant_id: string; status: string; error: string | null }>)
          : undefined;
      },
      60_000,
    );
    expect(runs[0]).toMatchObject({ tenant_id: 'breaks', status: 'failed' });
    expect(runs[0]?.error).toContain('CONFIG_INVALID');
    expect(runs[1]).toMatchObject({ tenant_id: 'kept', status: 'succeeded' });
  });

  it("a refused run calls the tenant's webhook with the reason, never row contents", async () => {
    if (!scheduler) throw new Error('scheduler missing');
    const hook = await listenForWebhook();
    const received = hook.received;
    process.env.SERVICE_TEST_WEBHOOK = `${hook.url}/hooks/T000/SECRET`;
    await writeTenant(tenantsDir, 'noisy', { cron: '0 2 * * *' });
    // One row of two has a bad e-mail: 50% rejected, more than maxRejected 0.
    await writeFile(
      path.join(tenantsDir, 'noisy/inbox/people.csv'),
      'id,email,name\n1,ok@example.com,Ann\n2,secret-person-not-an-email,Bob\n',
    );
    const yaml = path.join(tenantsDir, 'noisy/tenant.yaml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(
      yaml,
      `${(await readFile(yaml, 'utf8')).replace('lifecycle: { maxDeactivations: 100% }', 'lifecycle: { maxDeactivations: 100%, maxRejected: 0 }')}notify:\n  webhook: \${env:SERVICE_TEST_WEBHOOK}\n  on: [refused]\n`,
    );
    await enqueueSyncs(url, [{ tenant: 'noisy', trigger: 'manual' }]);
    await until('the webhook call', async () => (received.length > 0 ? true : undefined), 60_000);
    hook.close();
    const [call] = received;
    expect(call?.path).toBe('/hooks/T000/SECRET');
    expect(call?.body.text).toContain('noisy');
    expect(call?.body.text).toContain('refused');
    expect(call?.body.text).toContain('TOO_MANY_REJECTED');
    expect(call?.body.text).not.toContain('secret-person-not-an-email');
  });

  it('alerts and counts a run whose tenant config has become invalid', async () => {
    if (!scheduler) throw new Error('scheduler missing');
    const hook = await listenForWebhook();
    const received = hook.received;
    process.env.SERVICE_TEST_BROKEN_WEBHOOK = `${hook.url}/hook`;
    // Valid when it was scheduled; then someone removed the e-mail mapping.
    await writeTenant(tenantsDir, 'mistyped', {
      cron: '0 2 * * *',
      mappings: '# yaml-language-server: $schema=x\nfields:\n  employee_id: id\n',
    });
    const yaml = path.join(tenantsDir, 'mistyped/tenant.yaml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(
      yaml,
      `${await readFile(yaml, 'utf8')}notify:\n  webhook: \${env:SERVICE_TEST_BROKEN_WEBHOOK}\n  on: [failed]\n`,
    );
    await enqueueSyncs(url, [{ tenant: 'mistyped', trigger: 'manual' }]);
    await until('the webhook call', async () => (received.length > 0 ? true : undefined), 60_000);
    hook.close();
    const text = received[0]?.body.text;
    expect(text).toContain('mistyped');
    expect(text).toContain('CONFIG_INVALID');
    expect(text).toContain('mistyped/mappings.yaml');
    const metrics = await (await fetch(`http://127.0.0.1:${scheduler.port}/metrics`)).text();
    expect(metrics).toMatch(/roster_runs_total\{tenant="mistyped",status="failed"\} 1/);
  });

  it('names the tenant once in each log line (a child logger has it already)', () => {
    const syncLines = logged.filter((line) => line.includes('"msg":"sync '));
    expect(syncLines.length).toBeGreaterThan(0);
    for (const line of logged) expect(line.split('"tenant":').length - 1).toBeLessThanOrEqual(1);
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    if (!scheduler) throw new Error('scheduler missing');
    const base = `http://127.0.0.1:${scheduler.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/roster_runs_total\{tenant="kept",status="succeeded"\} 1/);
    expect(metrics).toMatch(/roster_runs_total\{tenant="noisy",status="refused"\} 1/);
    expect(metrics).toMatch(/roster_rows_total\{tenant="kept",outcome="created"\} 5/);
    expect(metrics).toContain('roster_run_duration_seconds_bucket');
  });
});
