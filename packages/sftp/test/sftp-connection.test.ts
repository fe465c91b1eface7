import { findFreePort, type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { END_TIMEOUT_MS, openSftpSource } from '../src/index.ts';
import { rosterErrorOf, timed } from './helpers/roster-error.ts';
import { asPasswordUser } from './helpers/sftp-options.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

describe('SFTP connection failures', () => {
  let server: SftpServer;

  beforeAll(async () => {
    server = await startSftpServer();
    await server.users.password.writeFile('conn/employees.csv', 'id\n1\n', { mtime: secondsAgo(600) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('retries a refused connection, then fails with a transient CONNECTION_FAILED naming host:port', async () => {
    const port = await findFreePort(); // nothing listens there
    const onRetry = vi.fn();
    const error = await rosterErrorOf(
      openSftpSource(
        asPasswordUser(server, 'conn', {
          host: '127.0.0.1',
          port,
          retries: 3,
          retryBaseDelayMs: 20,
          onRetry,
        }),
      ),
    );
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.transient).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('attempt 4 of 4');
    expect(error.hint).toMatch(/port/);
    expect(onRetry).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    for (const [, cause] of onRetry.mock.calls) expect(cause).toMatchObject({ code: 'CONNECTION_FAILED' });
  });

  it('connects on a later attempt once the server answers', async () => {
    await using proxy = await startTcpProxy(server);
    const port = await findFreePort();
    let attempts = 0;
    // The first attempts go to a closed port; from the third on, to the server.
    const onRetry = vi.fn((attempt: number) => {
      attempts = attempt;
    });
    const options = asPasswordUser(server, 'conn', { retries: 3, retryBaseDelayMs: 20, onRetry });
    await using source = await openSftpSource({
      ...options,
      get port() {
        return attempts >= 2 ? proxy.port : port;
      },
    });
    expect(onRetry).toHaveBeenCalledTimes(2);
    expect((await source.pick())?.name).toBe('employees.csv');
  });

  it('gives up on a server that accepts but never answers after connectTimeoutSeconds', async () => {
    await using proxy = await startTcpProxy(server);
    proxy.freeze(); // accepts TCP, never forwards a byte: a hung server
    const onRetry = vi.fn();
    const attempt = openSftpSource(
      asPasswordUser(server, 'conn', {
        port: proxy.port,
        connectTimeoutSeconds: 1,
        retries: 1,
        retryBaseDelayMs: 20,
        onRetry,
      }),
    );
    const { ms } = await timed(attempt);
    const error = await rosterErrorOf(attempt);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/timed out/i);
    expect(error.message).toContain(`127.0.0.1:${proxy.port}`);
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(proxy.connections).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(1_900);
    expect(ms).toBeLessThan(10_000);
  });

  it('closes within END_TIMEOUT_MS when the server stops answering, and closing twice is safe', async () => {
    await using proxy = await startTcpProxy(server);
    const source = await openSftpSource(asPasswordUser(server, 'conn', { port: proxy.port }));
    expect((await source.pick())?.name).toBe('employees.csv');
    proxy.freeze(); // end() now waits for a goodbye that never comes
    const { ms, result } = await timed(source.close());
    expect(result.status).toBe('fulfilled');
    expect(ms).toBeGreaterThanOrEqual(END_TIMEOUT_MS - 100); // it was the timeout that ended the wait
    expect(ms).toBeLessThan(END_TIMEOUT_MS + 2_000);
    // Bounds tied to the timeout, not to this machine's speed: a second wait would take END_TIMEOUT_MS.
    const again = await timed(source.close());
    expect(again.result.status).toBe('fulfilled');
    expect(again.ms).toBeLessThan(END_TIMEOUT_MS / 2);
  });

  it('closes at once when the server answers', async () => {
    const source = await openSftpSource(asPasswordUser(server, 'conn'));
    await source.list();
    const { ms } = await timed(source.close());
    expect(ms).toBeLessThan(END_TIMEOUT_MS / 2); // it did not wait for the timeout
  });
});
