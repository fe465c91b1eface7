import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalFolderOptions, localFolderSource } from '../src/index.ts';
import { rosterErrorOf } from './helpers/roster-error.ts';

const DAY_MS = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe('local folder source', () => {
  let dir: string;
  let out: string;
  const put = async (name: string, content: string, mtime: Date) => {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    await utimes(file, mtime, mtime);
    return file;
  };
  const source = (overrides: Partial<LocalFolderOptions> = {}) =>
    localFolderSource({ directory: dir, pattern: '*.csv', minAgeSeconds: 60, maxSizeMB: 10, ...overrides });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'roster-local-source-'));
    out = await mkdtemp(path.join(tmpdir(), 'roster-local-out-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('takes the newest glob match by modification time, not by name', async () => {
    const newest = ago(2 * DAY_MS);
    await put('employees_2024-03.csv', 'oldest\n', ago(9 * DAY_MS));
    await put('employees_2024-02.csv', 'newest\n', newest);
    await put('employees_2024-01.csv', 'middle\n', ago(5 * DAY_MS));
    await put('other.csv', 'no match\n', ago(DAY_MS));
    await mkdir(path.join(dir, 'employees_folder.csv'));
    const picked = await source({ pattern: 'employees_*.csv' }).pick();
    expect(picked).toEqual({
      name: 'employees_2024-02.csv',
      path: path.join(dir, 'employees_2024-02.csv'),
      size: 7,
      modifiedAt: newest,
    });
  });

  it('takes an exact name, and returns undefined when nothing matches', async () => {
    await put('employees.csv', 'the one\n', ago(3 * DAY_MS));
    await put('employees.csv.bak', 'newer\n', ago(DAY_MS));
    expect((await source({ pattern: 'employees.csv' }).pick())?.name).toBe('employees.csv');
    expect(await source({ pattern: 'staff.csv' }).pick()).toBeUndefined();
  });

  it('treats a file younger than minAgeSeconds as still uploading (transient)', async () => {
    await put('employees_1.csv', 'complete\n', ago(DAY_MS));
    await put('employees_2.csv', 'half', ago(5_000));
    const error = await rosterErrorOf(source({ minAgeSeconds: 60 }).pick());
    expect(error.code).toBe('FILE_STILL_UPLOADING');
    expect(error.transient).toBe(true);
    expect(error.message).toContain('employees_2.csv');
    // No promise of a retry that a run by hand does not make.
    expect(error.hint).toBe(
      'The scheduler tries again, with backoff; by hand, run it again in a few minutes. Lower file.minAgeSeconds if the customer uploads atomically',
    );
    expect((await source({ minAgeSeconds: 1 }).pick())?.name).toBe('employees_2.csv');
  });

  it('refuses a file larger than maxSizeMB', async () => {
    const file = await put('employees.csv', 'id\n', ago(DAY_MS));
    await truncate(file, 3 * 1024 * 1024);
    await utimes(file, ago(DAY_MS), ago(DAY_MS));
    const error = await rosterErrorOf(source({ maxSizeMB: 2 }).pick());
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.transient).toBe(false);
  });

  it('copies the file into a private file', async () => {
    await put('employees.csv', 'id\n1\n2\n', ago(DAY_MS));
    const files = source();
    const file = await files.pick();
    if (file === undefined) throw new Error('no file picked');
    const local = path.join(out, 'download');
    await files.download(file, local);
    expect(await readFile(local, 'utf8')).toBe('id\n1\n2\n');
    expect((await stat(local)).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that changed after it was listed as still uploading', async () => {
    const written = await put('employees.csv', 'id\n1\n', ago(DAY_MS));
    const files = source();
    const file = await files.pick();
    if (file === undefined) throw new Error('no file picked');
    await appendFile(written, '2\n');
    const error = await rosterErrorOf(files.download(file, path.join(out, 'download')));
    expect(error.code).toBe('FILE_STILL_UPLOADING');
    expect(error.transient).toBe(true);
  });

  it('archives to processed/<timestamp>-<name>, and deletes', async () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    await put('employees_1.csv', 'first\n', ago(DAY_MS));
    const files = source({ now: () => now });
    const first = await files.pick();
    if (first === undefined) throw new Error('no file picked');
    await files.afterSync(first, 'archive');
    expect(await readFile(path.join(dir, 'processed', '20300102T030405Z-employees_1.csv'), 'utf8')).toBe(
      'first\n',
    );
    await put('employees_2.csv', 'second\n', ago(DAY_MS));
    const second = await files.pick();
    if (second === undefined) throw new Error('no file picked');
    expect(second.name).toBe('employees_2.csv'); // processed/ is not looked into
    await files.afterSync(second, 'delete');
    expect(await readdir(dir)).toEqual(['processed']);
  });

  it.each(['delete', 'archive'] as const)(
    'does not %s a file replaced after the run read it (the newer upload)',
    async (action) => {
      await put('employees.csv', 'v1\n', ago(DAY_MS));
      const files = source();
      const file = await files.pick();
      if (file === undefined) throw new Error('no file picked');
      await put('employees.csv', 'v2, changed\n', ago(1000));
      const error = await rosterErrorOf(files.afterSync(file, action));
      expect(error.message).toContain('changed after this run read it (3 → 12 bytes)');
      expect(await readdir(dir)).toEqual(['employees.csv']);
      expect(await readFile(path.join(dir, 'employees.csv'), 'utf8')).toBe('v2, changed\n');
    },
  );

  it('keeps every archive of a file re-sent under one name, archived within the same second', async () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    const files = source({ now: () => now });
    for (const version of ['v1\n', 'v2\n', 'v3\n']) {
      await put('employees.csv', version, ago(DAY_MS));
      const file = await files.pick();
      if (file === undefined) throw new Error('no file picked');
      await files.afterSync(file, 'archive');
    }
    const processed = path.join(dir, 'processed');
    expect((await readdir(processed)).sort()).toEqual([
      '20300102T030405Z-2-employees.csv',
      '20300102T030405Z-3-employees.csv',
      '20300102T030405Z-employees.csv',
    ]);
    expect(await readFile(path.join(processed, '20300102T030405Z-3-employees.csv'), 'utf8')).toBe('v3\n');
  });

  it('fails with FILE_NOT_FOUND when the folder does not exist', async () => {
    const error = await rosterErrorOf(source({ directory: path.join(dir, 'missing') }).pick());
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain(path.join(dir, 'missing'));
  });
});
