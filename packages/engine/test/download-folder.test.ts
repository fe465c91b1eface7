/**
 * Download folders of killed runs (src/sync/download-folder.ts): a real child process is started and
 * killed, as `kill -9` would leave a run, and its folder is swept; a living process's folder is not.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDownloadFolder, sweepAbandonedDownloads } from '../src/sync/download-folder.ts';

/** A process that has exited: its pid is free (and, within this test, not reused). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('download folders', () => {
  it('removes the folder of a run whose process is gone, keeps those of living ones and anything else', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'roster-sweep-test-'));
    const dead = path.join(parent, `roster-${await deadPid()}-Ab12Cd`);
    await mkdir(dead);
    await writeFile(path.join(dead, 'download'), 'employee_id,email\n1,a@x.com\n');
    const living = path.join(parent, `roster-${process.pid}-Zz99Yy`);
    await mkdir(living);
    const unrelated = path.join(parent, 'roster-notes');
    await mkdir(unrelated);

    expect(await sweepAbandonedDownloads(parent)).toEqual([path.basename(dead)]);
    expect((await readdir(parent)).sort()).toEqual([path.basename(living), 'roster-notes'].sort());
  });

  it('makes a private folder named after this process', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'roster-sweep-test-'));
    const folder = await makeDownloadFolder(parent);
    expect(path.basename(folder)).toMatch(new RegExp(`^roster-${process.pid}-[A-Za-z0-9]{6}$`));
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
  });
});
