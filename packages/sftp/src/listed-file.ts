/**
 * Whether a source's file is still the one it listed: the same size and modification time. Checked
 * before a download (a file still growing is being uploaded) and before archiving or deleting it
 * after a run (a file replaced meanwhile is the customer's newer upload, which the run never read).
 */
import { RosterError, type SourceFile } from '@roster/engine';
import { RETRIED } from './retry.ts';

/** How the file changed since it was listed (`'1200 → 1350 bytes'`, `'modified again'`), or undefined. */
export function changeSinceListed(
  file: SourceFile,
  current: { readonly size: number; readonly modifiedAtMs: number },
): string | undefined {
  if (current.size === file.size && current.modifiedAtMs === file.modifiedAt.getTime()) return undefined;
  return current.size === file.size ? 'modified again' : `${file.size} → ${current.size} bytes`;
}

/** The refusal to read a file that changed since it was listed in `where`: it is still being written. */
export function stillBeingWritten(
  file: SourceFile,
  where: string,
  change: string,
  how: 'uploaded' | 'written',
): RosterError {
  return new RosterError(
    'FILE_STILL_UPLOADING',
    `${file.name} in ${where} changed after it was listed (${change}): it is still being ${how}`,
    { transient: true, hint: RETRIED },
  );
}

/**
 * The refusal to archive or delete a file replaced after the run read it. Archiving or deleting by
 * name took the newer upload away: a sweep uploaded a changed export during a run's COPY and found it
 * deleted (or archived as if applied), the run's own file nowhere, and the change lost for good.
 */
export function replacedSinceRead(
  file: SourceFile,
  change: string,
  action: 'archive' | 'delete',
): RosterError {
  return new RosterError(
    'FILE_STILL_UPLOADING',
    `${file.name} changed after this run read it (${change}): it is a newer upload, so it was not ${action}d`,
    {
      file: file.name,
      hint: 'Nothing to do: the next run reads the newer file',
    },
  );
}
