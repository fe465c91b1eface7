import net from 'node:net';
import { type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchHostKeyFingerprint, openSftpSource } from '../src/index.ts';
import { rosterErrorOf } from './helpers/roster-error.ts';
import { asPasswordUser } from './helpers/sftp-options.ts';

// Real fingerprints of other keys: the contract's example and one more.
const OTHER_KEY = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
const ANOTHER_KEY = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';

describe('SFTP host key pinning', () => {
  let server: SftpServer;

  beforeAll(async () => {
    server = await startSftpServer();
    await server.users.password.writeFile('keys/employees.csv', 'id\n1\n', { mtime: secondsAgo(600) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a server whose key is not pinned, showing the fingerprint it presented', async () => {
    const onRetry = vi.fn();
    const error = await rosterErrorOf(
      openSftpSource(asPasswordUser(server, 'keys', { hostKeys: [OTHER_KEY], retries: 3, onRetry })),
    );
    expect(error.code).toBe('HOST_KEY_MISMATCH');
    expect(error.transient).toBe(false);
    expect(error.message).toContain(`presented the host key ${server.hostKeyFingerprint}`);
    expect(error.message).toContain(OTHER_KEY);
    expect(error.message).toContain(`${server.host}:${server.port}`);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('accepts a list of pinned keys when one of them matches (key rotation)', async () => {
    for (const hostKeys of [
      [OTHER_KEY, server.hostKeyFingerprint],
      [server.hostKeyFingerprint, ANOTHER_KEY],
    ]) {
      await using source = await openSftpSource(asPasswordUser(server, 'keys', { hostKeys }));
      expect(await source.pick()).toMatchObject({ name: 'employees.csv' });
    }
  });

  it('refuses a list of pinned keys when none matches', async () => {
    const error = await rosterErrorOf(
      openSftpSource(asPasswordUser(server, 'keys', { hostKeys: [OTHER_KEY, ANOTHER_KEY] })),
    );
    expect(error.code).toBe('HOST_KEY_MISMATCH');
    expect(error.message).toContain(server.hostKeyFingerprint);
  });

  it('compares fingerprints with and without the trailing = padding as equal', async () => {
    expect(server.hostKeyFingerprint).not.toMatch(/=$/); // OpenSSH prints them unpadded
    for (const pinned of [`${server.hostKeyFingerprint}=`, ` ${server.hostKeyFingerprint} `]) {
      await using source = await openSftpSource(asPasswordUser(server, 'keys', { hostKeys: [pinned] }));
      expect(await source.pick()).toMatchObject({ name: 'employees.csv' });
    }
    // Padding is ignored, nothing else: a fingerprint one character off is still refused.
    const last = server.hostKeyFingerprint.at(-1) === 'A' ? 'B' : 'A';
    const altered = `${server.hostKeyFingerprint.slice(0, -1)}${last}=`;
    const error = await rosterErrorOf(
      openSftpSource(asPasswordUser(server, 'keys', { hostKeys: [altered] })),
    );
    expect(error.code).toBe('HOST_KEY_MISMATCH');
  });

  it('fetches the fingerprint to pin without any credentials', async () => {
    const fingerprint = await fetchHostKeyFingerprint({
      host: server.host,
      port: server.port,
      connectTimeoutSeconds: 10,
    });
    expect(fingerprint).toBe(server.hostKeyFingerprint);
  });

  it('fails with CONNECTION_FAILED when the port does not speak SSH', async () => {
    const notSsh = net.createServer((socket) => {
      socket.resume(); // read what the client sends, so that its close is seen and close() below returns
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((resolve) => notSsh.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = notSsh.address() as net.AddressInfo;
    try {
      const error = await rosterErrorOf(
        fetchHostKeyFingerprint({ host: '127.0.0.1', port, connectTimeoutSeconds: 5 }),
      );
      expect(error.code).toBe('CONNECTION_FAILED');
      expect(error.message).toContain(`127.0.0.1:${port} did not present a host key`);
    } finally {
      await new Promise((resolve) => notSsh.close(resolve));
    }
  });
});
