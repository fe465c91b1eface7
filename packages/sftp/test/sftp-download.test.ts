import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { END_TIMEOUT_MS, openSftpSource } from '../src/index.ts';
import { appendCsvRows, sha256File } from './helpers/large-file.ts';
import { rosterErrorOf, timed } from './helpers/roster-error.ts';
import { asPasswordUser, externalServer } from './helpers/sftp-options.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

const MB = 1024 * 1024;

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Resolves once `file` exists locally with at least `bytes` bytes: the download is under way. */
async function grownTo(file: string, bytes: number, within = 30_000): Promise<void> {
  const deadline = Date.now() + within;
  while (Date.now() < deadline) {
    const size = await stat(file).then(
      (info) => info.size,
      () => 0,
    );
    if (size >= bytes) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${file} did not reach ${bytes} bytes within ${within} ms`);
}

describe('SFTP download', () => {
  let server: SftpServer;
  let dir: string;

  beforeAll(async () => {
    server = await startSftpServer();
    dir = await mkdtemp(path.join(tmpdir(), 'roster-sftp-test-'));
  });
  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('copies a 200 MB file completely and byte for byte into a private file', async () => {
    const remote = await server.users.password.writeFile('big/employees.csv', 'id,first,last,email,dept\n');
    await appendCsvRows(remote, 200 * MB);
    await server.users.password.setMtime('big/employees.csv', secondsAgo(600));
    await using source = await openSftpSource(asPasswordUser(server, 'big'));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    expect(file.size).toBeGreaterThanOrEqual(200 * MB);
    const local = path.join(dir, 'big-download');
    await source.download(file, local);
    const copy = await stat(local);
    expect(copy.size).toBe(file.size);
    expect(copy.mode & 0o777).toBe(0o600);
    expect(await sha256File(local)).toBe(await sha256File(remote));
  });

  it('copies an empty file as an empty file', async () => {
    await server.users.password.writeFile('empty/employees.csv', '', { mtime: secondsAgo(600) });
    await using source = await openSftpSource(asPasswordUser(server, 'empty'));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    const local = path.join(dir, 'empty-download');
    await source.download(file, local);
    expect((await stat(local)).size).toBe(0);
  });

  it('refuses a file that changed after it was listed as still uploading', async () => {
    const remote = await server.users.password.writeFile('growing/employees.csv', 'id\n1\n', {
      mtime: secondsAgo(600),
    });
    await using source = await openSftpSource(asPasswordUser(server, 'growing'));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    await appendCsvRows(remote, 1000); // the customer's upload continues
    const local = path.join(dir, 'growing-download');
    const error = await rosterErrorOf(source.download(file, local));
    expect(error.code).toBe('FILE_STILL_UPLOADING');
    expect(error.transient).toBe(true);
    expect(await exists(local)).toBe(false);
  });

  it('stops a download when the signal aborts, even on a silent network, and leaves no partial copy', async () => {
    const remote = await server.users.password.writeFile('abort/employees.csv', 'id\n', {
      mtime: secondsAgo(600),
    });
    await truncate(remote, 300 * MB);
    await server.users.password.setMtime('abort/employees.csv', secondsAgo(600));
    await using proxy = await startTcpProxy(server);
    await using source = await openSftpSource(asPasswordUser(server, 'abort', { port: proxy.port }));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    const local = path.join(dir, 'abort-download');
    const controller = new AbortController();
    const download = source.download(file, local, controller.signal);
    await grownTo(local, 1);
    proxy.freeze(); // nothing arrives any more, nothing fails either
    controller.abort();
    const { ms } = await timed(download);
    const error = await rosterErrorOf(download);
    expect(error.code).toBe('TRANSFER_FAILED');
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/cancelled/);
    // Only keepalives would notice a silent network, after 30 s: well under that, the signal ended it.
    expect(ms).toBeLessThan(10_000);
    expect(await exists(local)).toBe(false);
    expect((await timed(source.close())).ms).toBeLessThan(END_TIMEOUT_MS / 2);
  });

  it('refuses to start with an already aborted signal', async () => {
    await server.users.password.writeFile('aborted/employees.csv', 'id\n', { mtime: secondsAgo(600) });
    await using source = await openSftpSource(asPasswordUser(server, 'aborted'));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    const error = await rosterErrorOf(source.download(file, path.join(dir, 'never'), AbortSignal.abort()));
    expect(error.code).toBe('TRANSFER_FAILED');
    expect(await exists(path.join(dir, 'never'))).toBe(false);
  });
});

describe.skipIf(externalServer)('SFTP download when the server dies', () => {
  it('fails promptly with TRANSFER_FAILED, leaves no partial copy, and still closes at once', async () => {
    await using server = await startSftpServer();
    const dir = await mkdtemp(path.join(tmpdir(), 'roster-sftp-test-'));
    try {
      const remote = await server.users.password.writeFile('dies/employees.csv', 'id\n');
      await truncate(remote, 300 * MB);
      await server.users.password.setMtime('dies/employees.csv', secondsAgo(600));
      const source = await openSftpSource(asPasswordUser(server, 'dies'));
      const file = await source.pick();
      if (file === undefined) throw new Error('no file picked');
      const local = path.join(dir, 'download');
      const download = source.download(file, local);
      await grownTo(local, 10 * MB); // well under way, far from done
      await server.kill();
      const { ms } = await timed(download);
      const error = await rosterErrorOf(download);
      expect(error.code).toBe('TRANSFER_FAILED');
      expect(error.transient).toBe(true);
      expect(error.message).toContain('employees.csv');
      expect(error.hint).toMatch(/Nothing was applied/);
      expect(ms).toBeLessThan(10_000); // the closed socket, not a 30 s keepalive timeout, ended it
      expect(await exists(local)).toBe(false);
      // The connection is gone: end() must not wait for a server that will never answer.
      const closing = await timed(source.close());
      expect(closing.result.status).toBe('fulfilled');
      expect(closing.ms).toBeLessThan(END_TIMEOUT_MS / 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
