/**
 * What the queue keeps and what a notification logs: `roster run --queue` leaves the replicas' queue
 * settings alone, a replica brings every changeable one to its own, and a webhook URL that fails is
 * never written to the log.
 */
import { type SyncResult, ZERO_COUNTS } from '@roster/engine';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueSyncs } from '../src/index.ts';
import { notifyIfWanted } from '../src/notify.ts';
import { defaultTuning, ensureQueues, SYNC_QUEUE } from '../src/sync-queue.ts';

describe('the sync queue’s settings', () => {
  let postgres: PostgresServer;
  let url: string;
  let boss: PgBoss;
  beforeAll(async () => {
    postgres = await startPostgres();
    url = await postgres.createDatabase();
    boss = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false });
    boss.on('error', () => {});
    await boss.start();
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, timeout: 5_000 }).catch(() => {});
    await postgres?.stop();
  });
  const settings = async () => {
    const queue = await boss.getQueue(SYNC_QUEUE);
    return {
      retryLimit: queue?.retryLimit,
      retryDelay: queue?.retryDelay,
      retryDelayMax: queue?.retryDelayMax,
      heartbeatSeconds: queue?.heartbeatSeconds,
    };
  };

  it('are the replicas’: a replica updates all it can, run --queue none', async () => {
    const operators = {
      ...defaultTuning(false),
      retryLimit: 0,
      retryDelaySeconds: 1,
      retryDelayMaxSeconds: 60,
      heartbeatSeconds: 60,
    };
    await ensureQueues(boss, defaultTuning(false));
    // A replica restarted with the operators' settings: the heartbeat and the delays change too.
    await ensureQueues(boss, operators);
    const theirs = { retryLimit: 0, retryDelay: 1, retryDelayMax: 60, heartbeatSeconds: 60 };
    expect(await settings()).toEqual(theirs);

    const [queued] = await enqueueSyncs(url, [{ tenant: 'acme', trigger: 'manual' }]);
    expect(queued?.jobId).toEqual(expect.any(String));
    expect(await settings()).toEqual(theirs);
  });
  it('run --queue with sslmode=prefer sends in plain text to a server without SSL, as the store connects', async () => {
    const prefer = new URL(url);
    prefer.searchParams.set('sslmode', 'prefer');
    const [queued] = await enqueueSyncs(prefer.href, [{ tenant: 'plain', trigger: 'manual' }]);
    expect(queued).toEqual({ tenant: 'plain', jobId: expect.any(String) });
    // Under `require` a server without SSL is still refused.
    const required = new URL(url);
    required.searchParams.set('sslmode', 'require');
    await expect(enqueueSyncs(required.href, [{ tenant: 'plain', trigger: 'manual' }])).rejects.toMatchObject(
      {
        code: 'DATABASE_FAILED',
        message: expect.stringContaining('does not support SSL'),
      },
    );
  });
});

describe('a webhook that fails', () => {
  it('is logged without its URL', async () => {
    const logged: object[] = [];
    const secret = 'hooks.slack.com/services/T0AAA/B0BBB/SuperSecretToken';
    const result = {
      tenant: 'acme',
      status: 'failed',
      runId: 7,
      counts: ZERO_COUNTS,
      rejections: [],
      refusals: [],
      approved: false,
      warnings: [],
      durationMs: 1,
      error: { code: 'TRANSFER_FAILED', message: 'The connection was lost', transient: true },
    } as SyncResult;
    const sent = await notifyIfWanted(
      { webhook: '${env:ACME_WEBHOOK}' },
      result,
      'Acme',
      { warn: (fields) => logged.push(fields) },
      { ACME_WEBHOOK: secret }, // no scheme: fetch cannot parse it, and its message quotes it
    );
    expect(sent).toBe(false);
    expect(logged).toHaveLength(1);
    const line = JSON.stringify(logged[0]);
    expect(line).not.toContain('SuperSecretToken');
    expect(line).toContain('<the webhook URL>');
  });
});
