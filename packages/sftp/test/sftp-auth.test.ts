import { type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSftpSource } from '../src/index.ts';
import { rosterErrorOf } from './helpers/roster-error.ts';
import { asKeyUser, asPasswordUser } from './helpers/sftp-options.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

describe('SFTP authentication', () => {
  let server: SftpServer;

  beforeAll(async () => {
    server = await startSftpServer({ encryptedKey: true });
    await server.users.password.writeFile('auth/employees.csv', 'id\n1\n', { mtime: secondsAgo(600) });
    await server.users.key.writeFile('auth/employees.csv', 'id\n1\n2\n', { mtime: secondsAgo(600) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('logs in with a password and lists the folder', async () => {
    await using source = await openSftpSource(asPasswordUser(server, 'auth'));
    expect(await source.pick()).toMatchObject({ name: 'employees.csv', size: 5 });
  });

  it('logs in with an unencrypted private key', async () => {
    await using source = await openSftpSource(asKeyUser(server, 'auth'));
    expect(await source.pick()).toMatchObject({ name: 'employees.csv', size: 7 });
  });

  it('logs in with an encrypted private key and its passphrase', async () => {
    const encrypted = server.users.key.encryptedKey;
    if (encrypted === undefined) throw new Error('the kit was asked for an encrypted key');
    await using source = await openSftpSource(
      asKeyUser(server, 'auth', { privateKey: encrypted.privateKey, passphrase: encrypted.passphrase }),
    );
    expect(await source.pick()).toMatchObject({ name: 'employees.csv', size: 7 });
  });

  it('refuses a wrong password with AUTH_FAILED at once, without retrying', async () => {
    // Through a proxy, to count the TCP connections actually made.
    await using proxy = await startTcpProxy(server);
    const onRetry = vi.fn();
    const attempt = openSftpSource(
      asPasswordUser(server, 'auth', { port: proxy.port, password: 'not-the-password', retries: 3, onRetry }),
    );
    const error = await rosterErrorOf(attempt);
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.transient).toBe(false);
    expect(error.message).toContain(server.users.password.username);
    expect(error.message).not.toContain('not-the-password');
    expect(error.hint).toMatch(/username/);
    expect(onRetry).not.toHaveBeenCalled();
    expect(proxy.connections).toBe(1); // one attempt: no retry, so no back-off wait either
  });

  it('prints nothing when a server closes the connection on us', async () => {
    // ssh2-sftp-client's default listeners print "Global close listener…" to stdout, which would
    // corrupt the CLI's --json output.
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    try {
      await rosterErrorOf(openSftpSource(asPasswordUser(server, 'auth', { password: 'wrong' })));
      await new Promise((resolve) => setTimeout(resolve, 200)); // the close event comes after the failure
      expect(log).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });

  it('refuses a key the server does not accept for the user with AUTH_FAILED', async () => {
    const onRetry = vi.fn();
    const error = await rosterErrorOf(
      // The key user's valid key, offered for the password-only user.
      openSftpSource(
        asKeyUser(server, 'auth', { username: server.users.password.username, retries: 2, onRetry }),
      ),
    );
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.transient).toBe(false);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('a public key given as privateKey is AUTH_FAILED, not a transient connection failure', async () => {
    const onRetry = vi.fn();
    const error = await rosterErrorOf(
      openSftpSource(
        asKeyUser(server, 'auth', { privateKey: server.users.key.publicKey, retries: 2, onRetry }),
      ),
    );
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('is a public key, not a private key');
    expect(error.hint).toMatch(/connection\.privateKey/);
    expect(error.hint).not.toMatch(/speaks SSH/);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('fails with AUTH_FAILED when an encrypted key comes without its passphrase', async () => {
    const encrypted = server.users.key.encryptedKey;
    if (encrypted === undefined) throw new Error('the kit was asked for an encrypted key');
    const onRetry = vi.fn();
    for (const passphrase of [undefined, 'wrong passphrase']) {
      const error = await rosterErrorOf(
        openSftpSource(
          asKeyUser(server, 'auth', {
            privateKey: encrypted.privateKey,
            ...(passphrase !== undefined && { passphrase }),
            retries: 2,
            onRetry,
          }),
        ),
      );
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.message).toMatch(/private key/);
      expect(error.message).not.toContain(encrypted.passphrase);
    }
    expect(onRetry).not.toHaveBeenCalled();
  });
});
