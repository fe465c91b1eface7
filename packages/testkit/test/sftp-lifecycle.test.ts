import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPortOpen, startSftpServer } from '../src/index.ts';
import { clientDir, writeKnownHosts } from './helpers/openssh-client.ts';

/** Pids of living (not zombie) processes running as `uid`: sshd's session processes for a user. */
function processesOf(uid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return status.match(/^Uid:\s+(\d+)/m)?.[1] === String(uid) && !/^State:\s+Z/m.test(status);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function userExists(name: string): boolean {
  try {
    execFileSync('getent', ['passwd', name]);
    return true;
  } catch {
    return false;
  }
}

// An external server (ROSTER_TEST_SFTP_HOST) can be neither killed nor stopped by a test.
describe.skipIf((process.env.ROSTER_TEST_SFTP_HOST ?? '') !== '')('SFTP server lifecycle', () => {
  it('kill() ends the server and its open sessions at once', async () => {
    const server = await startSftpServer();
    const dir = await clientDir();
    try {
      const knownHosts = await writeKnownHosts(dir, server, server.hostPublicKey ?? '');
      // An interactive session that stays open, like a transfer in progress.
      const client = spawn(
        'sftp',
        [
          '-F',
          '/dev/null',
          '-P',
          String(server.port),
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          `UserKnownHostsFile=${knownHosts}`,
          '-o',
          'BatchMode=yes',
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          `IdentityFile=${server.users.key.privateKeyPath}`,
          `${server.users.key.username}@${server.host}`,
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      const closed = new Promise<number | null>((resolve) => client.once('close', resolve));
      let output = '';
      let errors = '';
      client.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      client.stderr.on('data', (chunk: Buffer) => {
        errors += chunk.toString();
      });
      client.stdin.write('pwd\n');
      await expect.poll(() => output, { timeout: 20_000 }).toContain('Remote working directory');
      const uid = Number(execFileSync('id', ['-u', server.users.key.username]).toString().trim());
      if (server.mode === 'native') expect(processesOf(uid).length).toBeGreaterThan(0);

      await server.kill();

      // The client learns at once that the server side of its session is gone.
      await expect.poll(() => errors, { timeout: 10_000 }).toMatch(/closed by remote host|Connection closed/);
      // (Interactive sftp exits 0 at the end of its input whatever happened before.)
      client.stdin.end();
      await closed;
      expect(await isPortOpen(server.host, server.port)).toBe(false);
      if (server.mode === 'native') expect(processesOf(uid)).toEqual([]);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stop() deletes the users and their folders, and may be called twice', async () => {
    const server = await startSftpServer();
    const { password, key } = server.users;
    if (server.mode === 'native') {
      expect(userExists(password.username)).toBe(true);
      expect(existsSync(key.uploadDir)).toBe(true);
    }
    await server.stop();
    await server.stop();
    expect(await isPortOpen(server.host, server.port)).toBe(false);
    if (server.mode === 'native') {
      expect(userExists(password.username)).toBe(false);
      expect(userExists(key.username)).toBe(false);
      expect(existsSync(password.home)).toBe(false);
      expect(existsSync(key.home)).toBe(false);
    }
  });

  it('runs several servers side by side with distinct ports and users', async () => {
    const servers = await Promise.all([startSftpServer(), startSftpServer(), startSftpServer()]);
    try {
      expect(new Set(servers.map((server) => server.port)).size).toBe(3);
      expect(new Set(servers.map((server) => server.users.key.username)).size).toBe(3);
      expect(new Set(servers.map((server) => server.hostKeyFingerprint)).size).toBe(3);
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });

  it('supports await using', async () => {
    let port = 0;
    {
      await using server = await startSftpServer();
      port = server.port;
      expect(await isPortOpen('127.0.0.1', port)).toBe(true);
    }
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
  });
});
