/**
 * A file or folder the customer's server does not let our user read (or change) is a failure no
 * retry fixes: PERMISSION_DENIED, not transient, with a hint to ask the customer. Real sshd, real
 * file modes.
 */
import { access, chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSftpSource } from '../src/index.ts';
import { rosterErrorOf } from './helpers/roster-error.ts';
import { asPasswordUser } from './helpers/sftp-options.ts';

describe('SFTP permissions', () => {
  let server: SftpServer;
  let dir: string;

  beforeAll(async () => {
    server = await startSftpServer();
    dir = await mkdtemp(path.join(tmpdir(), 'roster-sftp-perm-'));
  });
  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('a newest file the user may not read: PERMISSION_DENIED, not transient, nothing left behind', async () => {
    const user = server.users.password;
    await user.writeFile('file-mode/employees_1.csv', 'id\n1\n', { mtime: secondsAgo(900) });
    const unreadable = await user.writeFile('file-mode/employees_2.csv', 'id\n1\n2\n', {
      mtime: secondsAgo(600),
    });
    await chmod(unreadable, 0o000);
    await using source = await openSftpSource(asPasswordUser(server, 'file-mode'));
    const file = await source.pick();
    expect(file?.name).toBe('employees_2.csv');
    if (file === undefined) throw new Error('no file picked');
    const local = path.join(dir, 'download');
    const error = await rosterErrorOf(source.download(file, local));
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('employees_2.csv');
    expect(error.hint).toMatch(/ask the customer/);
    expect(error.message).not.toMatch(/can be retried/);
    await expect(access(local)).rejects.toThrow(/ENOENT/);
  });

  it('a folder the user may not list: PERMISSION_DENIED, not transient', async () => {
    const folder = await server.users.password.makeDir('folder-mode');
    await chmod(folder, 0o000);
    try {
      await using source = await openSftpSource(asPasswordUser(server, 'folder-mode'));
      const error = await rosterErrorOf(source.pick());
      expect(error.code).toBe('PERMISSION_DENIED');
      expect(error.transient).toBe(false);
      expect(error.message).toContain('listing /upload/folder-mode');
      expect(error.hint).toMatch(/connection\.username/);
    } finally {
      await chmod(folder, 0o755);
    }
  });

  it('deleting from a folder the user may not write: PERMISSION_DENIED, and the hint says the changes are committed', async () => {
    const user = server.users.password;
    await user.writeFile('read-only/employees.csv', 'id\n1\n', { mtime: secondsAgo(600) });
    const folder = await user.makeDir('read-only');
    await chmod(folder, 0o555);
    try {
      await using source = await openSftpSource(asPasswordUser(server, 'read-only'));
      const file = await source.pick();
      if (file === undefined) throw new Error('no file picked');
      const error = await rosterErrorOf(source.afterSync(file, 'delete'));
      expect(error.code).toBe('PERMISSION_DENIED');
      expect(error.transient).toBe(false);
      expect(error.hint).toMatch(/^The changes are committed/);
      expect(error.hint).toMatch(/afterSync: keep/);
    } finally {
      await chmod(folder, 0o755);
    }
  });
});
