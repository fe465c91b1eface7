import { truncate } from 'node:fs/promises';
import { type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSftpSource } from '../src/index.ts';
import { rosterErrorOf } from './helpers/roster-error.ts';
import { asPasswordUser } from './helpers/sftp-options.ts';

const DAY = 86_400;

/** Whole seconds: SFTP (v3) reports modification times in seconds. */
const atSecond = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

describe('SFTP source: which file a run takes', () => {
  let server: SftpServer;
  const write = (relative: string, content: string, mtime: Date) =>
    server.users.password.writeFile(relative, content, { mtime });

  beforeAll(async () => {
    server = await startSftpServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('takes the newest glob match by modification time, not by name', async () => {
    const newest = secondsAgo(2 * DAY);
    await write('glob/employees_2024-03.csv', 'oldest by time, last by name\n', secondsAgo(9 * DAY));
    await write('glob/employees_2024-02.csv', 'newest\n', newest);
    await write('glob/employees_2024-01.csv', 'middle\n', secondsAgo(5 * DAY));
    await write('glob/other.csv', 'newer but does not match\n', secondsAgo(DAY));
    await write(
      'glob/employees_2024-04.csv.part',
      'an upload in progress, does not match\n',
      secondsAgo(DAY),
    );
    await server.users.password.makeDir('glob/employees_folder.csv');
    await using source = await openSftpSource(asPasswordUser(server, 'glob', { pattern: 'employees_*.csv' }));
    const picked = await source.pick();
    expect(picked).toEqual({
      name: 'employees_2024-02.csv',
      path: `${server.users.password.remoteUploadDir}/glob/employees_2024-02.csv`,
      size: 'newest\n'.length,
      modifiedAt: atSecond(newest),
    });
  });

  it('follows the modification times when they change', async () => {
    await write('moving/a.csv', 'a\n', secondsAgo(3 * DAY));
    await write('moving/b.csv', 'b\n', secondsAgo(2 * DAY));
    await using source = await openSftpSource(asPasswordUser(server, 'moving', { pattern: '?.csv' }));
    expect((await source.pick())?.name).toBe('b.csv');
    await server.users.password.setMtime('moving/a.csv', secondsAgo(DAY));
    expect((await source.pick())?.name).toBe('a.csv');
  });

  it('takes an exact name, and only that name', async () => {
    await write('exact/employees.csv', 'the one\n', secondsAgo(3 * DAY));
    await write('exact/employees.csv.bak', 'newer backup\n', secondsAgo(DAY));
    await write('exact/old_employees.csv', 'newer, other name\n', secondsAgo(DAY));
    await using source = await openSftpSource(asPasswordUser(server, 'exact', { pattern: 'employees.csv' }));
    expect(await source.pick()).toMatchObject({ name: 'employees.csv', size: 'the one\n'.length });
  });

  it('matches names case-insensitively: the export may come as EMPLOYEES.CSV', async () => {
    await write('case/employees_1.csv', 'older\n', secondsAgo(3 * DAY));
    await write('case/EMPLOYEES_2.CSV', 'newest\n', secondsAgo(DAY));
    await using source = await openSftpSource(asPasswordUser(server, 'case', { pattern: 'employees_*.csv' }));
    expect((await source.pick())?.name).toBe('EMPLOYEES_2.CSV');
  });

  it('excludes with [!…] as a shell does (picomatch 4 alone read it as [^!…] with nocase)', async () => {
    await write('negate/employees_final.csv', 'older, kept\n', secondsAgo(3 * DAY));
    await write('negate/Employees_2024-11-21.CSV', 'newer, excluded\n', secondsAgo(DAY));
    await using source = await openSftpSource(
      asPasswordUser(server, 'negate', { pattern: 'employees_[!0-9]*.csv' }),
    );
    expect((await source.pick())?.name).toBe('employees_final.csv');
  });

  it('takes an exact name that contains glob characters', async () => {
    await write('brackets/HR export [final] (1).csv', 'exact\n', secondsAgo(DAY));
    await using source = await openSftpSource(
      asPasswordUser(server, 'brackets', { pattern: 'HR export [final] (1).csv' }),
    );
    expect((await source.pick())?.name).toBe('HR export [final] (1).csv');
  });

  it('returns undefined when nothing matches', async () => {
    await write('nomatch/people.csv', 'x\n', secondsAgo(DAY));
    await using source = await openSftpSource(
      asPasswordUser(server, 'nomatch', { pattern: 'employees_*.csv' }),
    );
    expect(await source.pick()).toBeUndefined();
    expect((await source.list()).map((file) => file.name)).toEqual(['people.csv']);
  });

  it('lists only the files of the folder', async () => {
    await write('listing/b.csv', 'bb\n', secondsAgo(DAY));
    await write('listing/a.txt', 'a\n', secondsAgo(DAY));
    await write('listing/processed/old.csv', 'old\n', secondsAgo(DAY));
    await using source = await openSftpSource(asPasswordUser(server, 'listing'));
    const files = await source.list();
    expect(files.map((file) => [file.name, file.size]).sort()).toEqual([
      ['a.txt', 2],
      ['b.csv', 3],
    ]);
  });

  it('treats a file younger than minAgeSeconds as still uploading (transient)', async () => {
    await write('young/employees_1.csv', 'old and complete\n', secondsAgo(DAY));
    await write('young/employees_2.csv', 'half of a', secondsAgo(5));
    await using source = await openSftpSource(asPasswordUser(server, 'young', { minAgeSeconds: 60 }));
    // Never falls back to yesterday's file while today's is arriving.
    const error = await rosterErrorOf(source.pick());
    expect(error.code).toBe('FILE_STILL_UPLOADING');
    expect(error.transient).toBe(true);
    expect(error.message).toContain('employees_2.csv');
    expect(error.message).toContain('60 s');
    // Once old enough, it is taken.
    await server.users.password.setMtime('young/employees_2.csv', secondsAgo(61));
    expect((await source.pick())?.name).toBe('employees_2.csv');
  });

  it('says a file with a modification time in the future means the clocks disagree, not that it is uploading', async () => {
    await write('future/employees_1.csv', 'yesterday\n', secondsAgo(DAY));
    await write('future/employees_2.csv', 'today\n', secondsAgo(-3600));
    await using source = await openSftpSource(asPasswordUser(server, 'future', { minAgeSeconds: 60 }));
    const error = await rosterErrorOf(source.pick());
    expect(error.code).toBe('FILE_STILL_UPLOADING');
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(
      /employees_2\.csv in \S+ on \S+ has a modification time 3[56]\d\d s in the future/,
    );
    expect(error.message).toContain("the server's clock and this machine's disagree");
    expect(error.message).not.toContain('0 s ago');
    expect(error.hint).toMatch(/clock/);
  });

  it('refuses a file larger than maxSizeMB before downloading it', async () => {
    const local = await write('large/employees.csv', 'id\n', secondsAgo(DAY));
    await truncate(local, 3 * 1024 * 1024); // sparse: 3 MB on the server, nothing on disk
    await server.users.password.setMtime('large/employees.csv', secondsAgo(DAY));
    await using source = await openSftpSource(asPasswordUser(server, 'large', { maxSizeMB: 2 }));
    const error = await rosterErrorOf(source.pick());
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('3.0 MB');
    expect(error.message).toContain('file.maxSizeMB (2)');
    await using roomier = await openSftpSource(asPasswordUser(server, 'large', { maxSizeMB: 3 }));
    expect((await roomier.pick())?.size).toBe(3 * 1024 * 1024);
  });

  it('fails with FILE_NOT_FOUND when the folder does not exist', async () => {
    await using source = await openSftpSource(asPasswordUser(server, 'no-such-folder'));
    const error = await rosterErrorOf(source.pick());
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain('/upload/no-such-folder');
  });
});
