/**
 * A file named on the command line (`--file`, `init --from`): it must exist and be a regular file,
 * else the error names the option and the path. Checked before reading so that a mistyped path is
 * not reported as a file that vanished mid-read.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { RosterError } from '../errors.ts';

export async function statLocalFile(file: string, option = '--file'): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
    throw new RosterError('FILE_NOT_FOUND', `The file ${file} given with ${option} ${why}`, {
      cause: error,
      hint: 'Check the path; it is relative to the folder the command was typed in',
    });
  }
  if (!stats.isFile()) {
    throw new RosterError('FILE_NOT_FOUND', `${file} given with ${option} is not a file`, {
      hint: 'Give the path of the customer file itself, not of its folder',
    });
  }
  return stats;
}
