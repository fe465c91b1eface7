import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SftpServer, secondsAgo, startSftpServer, TestkitError } from '../src/index.ts';
import { clientDir, exec, sftpBatch, writeKnownHosts } from './helpers/openssh-client.ts';

const external = (process.env.ROSTER_TEST_SFTP_HOST ?? '') !== '';

describe('startSftpServer', () => {
  it.skipIf(external)('fails with the install command when sshd is missing', async () => {
    const attempt = startSftpServer({ mode: 'native', sshdPath: '/nonexistent/sbin/sshd' });
    await expect(attempt).rejects.toBeInstanceOf(TestkitError);
    await expect(attempt).rejects.toMatchObject({ code: 'BINARY_MISSING' });
    await expect(attempt).rejects.toThrow('apt-get install -y openssh-server');
  });
});

describe('a running SFTP server', () => {
  let server: SftpServer;
  let dir: string;
  let knownHosts: string;

  beforeAll(async () => {
    server = await startSftpServer({ encryptedKey: true });
    dir = await clientDir();
    knownHosts = await writeKnownHosts(dir, server, server.hostPublicKey ?? '');
  });
  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const asKeyUser = (commands: readonly string[]) =>
    sftpBatch(server, {
      dir,
      knownHosts,
      username: server.users.key.username,
      method: 'publickey',
      identity: server.users.key.privateKeyPath,
      commands,
    });

  it('reports the host key fingerprint exactly as ssh-keygen -lf prints it', async () => {
    expect(server.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const fromFile = await exec('ssh-keygen', ['-lf', knownHosts]);
    expect(fromFile.stdout.split(/\s+/)[1]).toBe(server.hostKeyFingerprint);
    // The key the live server presents, fetched independently of what the kit told us.
    const scanned = await exec('ssh-keyscan', ['-p', String(server.port), '-t', 'ed25519', server.host]);
    const scannedFile = join(dir, 'scanned');
    await writeFile(scannedFile, scanned.stdout);
    const fromServer = await exec('ssh-keygen', ['-lf', scannedFile]);
    expect(fromServer.stdout.split(/\s+/)[1]).toBe(server.hostKeyFingerprint);
  });

  it('serves SFTP to the key user over a strictly checked host key', async () => {
    await server.users.key.writeFile('employees_1.csv', 'employee_id,email\n1,a@example.com\n');
    const local = join(dir, 'upload-me.csv');
    await writeFile(local, 'uploaded over sftp\n');
    const result = await asKeyUser([
      'pwd',
      `put ${local} ${server.users.key.remoteUploadDir}/from-client.csv`,
      `get ${server.users.key.remoteUploadDir}/employees_1.csv ${join(dir, 'downloaded.csv')}`,
      'ls -1',
    ]);
    expect(result.stderr).not.toMatch(/denied|failed/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Remote working directory: ${server.users.key.remoteUploadDir}`);
    expect(result.stdout).toMatch(/from-client\.csv/);
    expect(await readFile(join(dir, 'downloaded.csv'), 'utf8')).toBe('employee_id,email\n1,a@example.com\n');
    expect(await readFile(join(server.users.key.uploadDir, 'from-client.csv'), 'utf8')).toBe(
      'uploaded over sftp\n',
    );
  });

  it('serves SFTP to the password user with its password', async () => {
    await server.users.password.writeFile('hello.txt', 'hello');
    const result = await sftpBatch(server, {
      dir,
      knownHosts,
      username: server.users.password.username,
      method: 'password',
      secret: server.users.password.password,
      commands: ['ls -1 /upload', `get /upload/hello.txt ${join(dir, 'hello.txt')}`],
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('hello.txt');
    expect(await readFile(join(dir, 'hello.txt'), 'utf8')).toBe('hello');
  });

  it('refuses a wrong password, and each user the other method', async () => {
    const base = { dir, knownHosts, commands: ['pwd'] };
    const wrongPassword = await sftpBatch(server, {
      ...base,
      username: server.users.password.username,
      method: 'password',
      secret: 'not-the-password',
    });
    expect(wrongPassword.code).not.toBe(0);
    expect(wrongPassword.stderr).toMatch(/Permission denied/);
    const keyForPasswordUser = await sftpBatch(server, {
      ...base,
      username: server.users.password.username,
      method: 'publickey',
      identity: server.users.key.privateKeyPath,
    });
    expect(keyForPasswordUser.code).not.toBe(0);
    const passwordForKeyUser = await sftpBatch(server, {
      ...base,
      username: server.users.key.username,
      method: 'password',
      secret: server.users.password.password,
    });
    expect(passwordForKeyUser.code).not.toBe(0);
  });

  it('accepts the encrypted RSA key with its passphrase', async () => {
    const encrypted = server.users.key.encryptedKey;
    expect(encrypted?.privateKey).toMatch(/BEGIN RSA PRIVATE KEY[\s\S]*ENCRYPTED/);
    const result = await sftpBatch(server, {
      dir,
      knownHosts,
      username: server.users.key.username,
      method: 'publickey',
      identity: encrypted?.privateKeyPath ?? '',
      secret: encrypted?.passphrase ?? '',
      commands: ['pwd'],
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails host key verification against another key', async () => {
    const other = await exec('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-f',
      join(dir, 'other_host_key'),
    ]);
    expect(other.code).toBe(0);
    const wrongHosts = await writeKnownHosts(
      dir,
      server,
      await readFile(join(dir, 'other_host_key.pub'), 'utf8'),
    );
    const result = await sftpBatch(server, {
      dir,
      knownHosts: wrongHosts,
      username: server.users.key.username,
      method: 'publickey',
      identity: server.users.key.privateKeyPath,
      commands: ['pwd'],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it('writes files with the given mtime, visible over SFTP', async () => {
    const files = server.users.key;
    await files.writeFile('mtime/old.csv', 'a', { mtime: secondsAgo(3600) });
    await files.writeFile('mtime/newest.csv', 'b', { mtime: secondsAgo(5) });
    const middle = await files.writeFile('mtime/middle.csv', 'c');
    await files.setMtime('mtime/middle.csv', secondsAgo(600));
    expect(Math.round((Date.now() - (await stat(middle)).mtimeMs) / 1000)).toBeGreaterThanOrEqual(599);
    const result = await asKeyUser(['ls -1t /upload/mtime']);
    expect(result.code).toBe(0);
    const names = result.stdout
      .split('\n')
      .filter((line) => line.endsWith('.csv'))
      .map((line) => line.trim().split('/').pop());
    expect(names).toEqual(['newest.csv', 'middle.csv', 'old.csv']);
  });

  it('lets the user archive and delete files the test put there', async () => {
    const files = server.users.key;
    await files.writeFile('archive/employees.csv', 'x');
    await files.makeDir('archive/processed');
    const result = await asKeyUser([
      'rename /upload/archive/employees.csv /upload/archive/processed/employees.csv',
      'rm /upload/archive/processed/employees.csv',
      'rmdir /upload/archive/processed',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('refuses paths outside the upload folder', async () => {
    await expect(server.users.key.writeFile('../escape.txt', 'x')).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });

  it('keeps the server log', () => {
    expect(server.logs()).toMatch(/Accepted publickey for rtk_|Server listening/);
  });
});
