/**
 * The private folder a run downloads its file into. A run killed outright (kill -9, a lost machine)
 * cannot remove its folder, which holds a whole HR file: every folder is named after its process, and
 * a run removes the folders of processes that no longer exist before making its own.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '../process-alive.ts';

const FOLDER = /^roster-(\d+)-[A-Za-z0-9]{6}$/;

/** Removes the download folders left in `parent` by runs whose process is gone. Never fails a run. */
export async function sweepAbandonedDownloads(parent: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const abandoned = names.filter((name) => {
    const pid = Number(FOLDER.exec(name)?.[1] ?? Number.NaN);
    return Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid);
  });
  await Promise.all(
    abandoned.map((name) => rm(path.join(parent, name), { recursive: true, force: true }).catch(() => {})),
  );
  return abandoned;
}

/**
 * A new private folder (mode 0700) for one run's download, after sweeping abandoned ones.
 *
 * @example
 * const folder = await makeDownloadFolder(os.tmpdir()); // '/tmp/roster-4242-Ab12Cd'
 */
export async function makeDownloadFolder(parent: string): Promise<string> {
  await sweepAbandonedDownloads(parent);
  return mkdtemp(path.join(parent, `roster-${process.pid}-`));
}
