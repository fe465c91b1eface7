import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSftpSource } from '../src/index.ts';
import { rosterErrorOf } from './helpers/roster-error.ts';
import { asKeyUser } from './helpers/sftp-options.ts';

const NOW = new Date('2030-01-02T03:04:05.678Z');

describe('SFTP source: after a successful run', () => {
  let server: SftpServer;
  const local = (...parts: string[]) => path.join(server.users.key.uploadDir, ...parts);

  beforeAll(async () => {
    server = await startSftpServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('archives the file to <directory>/processed/<timestamp>-<name>', async () => {
    await server.users.key.writeFile('archive/employees_1.csv', 'first\n', { mtime: secondsAgo(600) });
    await using source = await openSftpSource(asKeyUser(server, 'archive', { now: () => NOW }));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    await source.afterSync(file, 'archive');
    expect(await readdir(local('archive'))).toEqual(['processed']);
    expect(await readFile(local('archive', 'processed', '20300102T030405Z-employees_1.csv'), 'utf8')).toBe(
      'first\n',
    );
    // The next file joins the existing processed folder.
    await server.users.key.writeFile('archive/employees_2.csv', 'second\n', { mtime: secondsAgo(600) });
    const next = await source.pick();
    if (next === undefined) throw new Error('no file picked');
    await source.afterSync(next, 'archive');
    // A file re-sent under a name archived the same second is archived beside it, not over it.
    await server.users.key.writeFile('archive/employees_1.csv', 'again\n', { mtime: secondsAgo(600) });
    const again = await source.pick();
    if (again === undefined) throw new Error('no file picked');
    await source.afterSync(again, 'archive');
    expect((await readdir(local('archive', 'processed'))).sort()).toEqual([
      '20300102T030405Z-2-employees_1.csv',
      '20300102T030405Z-employees_1.csv',
      '20300102T030405Z-employees_2.csv',
    ]);
    expect(await readFile(local('archive', 'processed', '20300102T030405Z-2-employees_1.csv'), 'utf8')).toBe(
      'again\n',
    );
    expect(await source.pick()).toBeUndefined();
  });

  it('deletes the file', async () => {
    await server.users.key.writeFile('delete/employees.csv', 'x\n', { mtime: secondsAgo(600) });
    await server.users.key.writeFile('delete/keep.txt', 'y\n', { mtime: secondsAgo(600) });
    await using source = await openSftpSource(asKeyUser(server, 'delete'));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    await source.afterSync(file, 'delete');
    expect(await readdir(local('delete'))).toEqual(['keep.txt']);
  });

  it('reports a file that can no longer be archived without claiming nothing was applied', async () => {
    await server.users.key.writeFile('gone/employees.csv', 'x\n', { mtime: secondsAgo(600) });
    await using source = await openSftpSource(asKeyUser(server, 'gone'));
    const file = await source.pick();
    if (file === undefined) throw new Error('no file picked');
    await source.afterSync(file, 'delete');
    const error = await rosterErrorOf(source.afterSync(file, 'archive'));
    expect(error.code).toBe('TRANSFER_FAILED');
    expect(error.message).toContain('archiving /upload/gone/employees.csv');
    expect(error.hint).toMatch(/committed/);
  });

  it.each(['delete', 'archive'] as const)(
    'does not %s a file replaced after the run read it: that is the newer upload, left for the next run',
    async (action) => {
      await server.users.key.writeFile(`replaced-${action}/employees.csv`, 'v1\n', {
        mtime: secondsAgo(600),
      });
      await using source = await openSftpSource(asKeyUser(server, `replaced-${action}`));
      const file = await source.pick();
      if (file === undefined) throw new Error('no file picked');
      // The customer uploads a changed export while the run applies the first one.
      await server.users.key.writeFile(`replaced-${action}/employees.csv`, 'v2, changed\n', {
        mtime: secondsAgo(5),
      });
      const error = await rosterErrorOf(source.afterSync(file, action));
      expect(error.message).toContain(
        `employees.csv changed after this run read it (3 → 12 bytes): it is a newer upload, so it was not ${action}d`,
      );
      expect(error.hint).toContain('the next run reads the newer file');
      expect(await readdir(local(`replaced-${action}`))).toEqual(['employees.csv']);
      expect(await readFile(local(`replaced-${action}`, 'employees.csv'), 'utf8')).toBe('v2, changed\n');
    },
  );
});
