import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_URL_ENV, SFTP_ENV, startPostgres, startSftpServer } from '../src/index.ts';
import { clientDir, exec, sftpBatch, writeKnownHosts } from './helpers/openssh-client.ts';

// An "external" server here is one this test started natively and then describes through the
// environment, as CI would describe a service container.
describe('servers named by the environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('uses ROSTER_TEST_DATABASE_URL and drops the databases it created on stop', async () => {
    await using real = await startPostgres();
    vi.stubEnv(DATABASE_URL_ENV, real.url);
    const pg = await startPostgres();
    expect(pg.mode).toBe('external');
    expect(pg.port).toBe(real.port);
    const url = await pg.createDatabase();
    const name = new URL(url).pathname.slice(1);
    const psql = '/usr/lib/postgresql/15/bin/psql';
    const exists = async () =>
      (
        await exec(psql, [
          '-X',
          '-A',
          '-t',
          '-d',
          real.url,
          '-c',
          `select count(*) from pg_database where datname = '${name}'`,
        ])
      ).stdout.trim();
    expect(await exists()).toBe('1');
    await expect(pg.kill()).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await pg.stop();
    expect(await exists()).toBe('0');
  });

  it('uses ROSTER_TEST_SFTP_* and reports what it was given', async () => {
    await using real = await startSftpServer();
    vi.stubEnv(SFTP_ENV.host, real.host);
    vi.stubEnv(SFTP_ENV.port, String(real.port));
    vi.stubEnv(SFTP_ENV.hostKey, real.hostKeyFingerprint);
    vi.stubEnv(SFTP_ENV.passwordUser, real.users.password.username);
    vi.stubEnv(SFTP_ENV.password, real.users.password.password);
    vi.stubEnv(SFTP_ENV.passwordUserDir, real.users.password.uploadDir);
    vi.stubEnv(SFTP_ENV.keyUser, real.users.key.username);
    vi.stubEnv(SFTP_ENV.keyPath, real.users.key.privateKeyPath);
    vi.stubEnv(SFTP_ENV.keyUserDir, real.users.key.uploadDir);
    const server = await startSftpServer();
    expect(server.mode).toBe('external');
    expect(server.hostKeyFingerprint).toBe(real.hostKeyFingerprint);
    expect(server.users.key.publicKey.split(' ').slice(0, 2)).toEqual(
      real.users.key.publicKey.split(' ').slice(0, 2),
    );
    await server.users.key.writeFile('external.csv', 'x');
    const dir = await clientDir();
    try {
      const result = await sftpBatch(server, {
        dir,
        knownHosts: await writeKnownHosts(dir, server, real.hostPublicKey ?? ''),
        username: server.users.key.username,
        method: 'publickey',
        identity: server.users.key.privateKeyPath,
        commands: [`ls -1 ${server.users.key.remoteUploadDir}`],
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('external.csv');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await expect(server.kill()).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await server.stop();
  });

  it('names the missing variable when the SFTP override is incomplete', async () => {
    vi.stubEnv(SFTP_ENV.host, '127.0.0.1');
    await expect(startSftpServer()).rejects.toMatchObject({ code: 'ENV_INCOMPLETE' });
    await expect(startSftpServer()).rejects.toThrow(SFTP_ENV.hostKey);
  });
});
