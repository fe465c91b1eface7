/**
 * Choosing the file a run takes from a folder listing: the newest match of the tenant's name or glob,
 * refusing one that is still being uploaded or is too large. Shared by the SFTP and local sources so
 * that both behave the same.
 */
import { RosterError, type SourceFile } from '@roster/engine';
import picomatch from 'picomatch';
import { RETRIED } from './retry.ts';

export interface PickRules {
  /** An exact name or a glob, matched against file names (not paths). */
  readonly pattern: string;
  /** A file modified less than this long ago is still being uploaded. */
  readonly minAgeSeconds: number;
  readonly maxSizeMB: number;
  readonly now: Date;
  /** Where the files are, for messages. */
  readonly where: string;
}

export function matcherFor(pattern: string): (name: string) => boolean {
  // Case-insensitive: customers' exports come as employees.csv one week and EMPLOYEES.CSV the next.
  // `posix`: without it picomatch 4.0.7 reads the shell's negated class `[!0-9]` wrong, matching the
  // very names it should exclude (picomatch issue #187); with it, `[!…]`, `[^…]` and `[[:digit:]]`
  // behave as in a shell, and every other glob as before.
  return picomatch(pattern, { dot: false, nocase: true, posix: true });
}

/** The newest matching file, or undefined when none matches. Throws FILE_STILL_UPLOADING / FILE_TOO_LARGE. */
export function pickNewest(files: readonly SourceFile[], rules: PickRules): SourceFile | undefined {
  const matches = matcherFor(rules.pattern);
  const candidates = files.filter((file) => matches(file.name));
  if (candidates.length === 0) return undefined;
  // Newest first; equal times fall back to the name, so the choice is stable (employees_2026-11-24 > …-23).
  const newest = [...candidates].sort(
    (a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || b.name.localeCompare(a.name),
  )[0] as SourceFile;
  const ageSeconds = (rules.now.getTime() - newest.modifiedAt.getTime()) / 1000;
  if (ageSeconds < 0) {
    // Its age cannot be judged, and taking it would let a far-future time shadow every later upload.
    throw new RosterError(
      'FILE_STILL_UPLOADING',
      `${newest.name} in ${rules.where} has a modification time ${Math.ceil(-ageSeconds)} s in the future (${newest.modifiedAt.toISOString()}, now ${rules.now.toISOString()}): the server's clock and this machine's disagree, so whether it is complete (file.minAgeSeconds ${rules.minAgeSeconds} s) cannot be told`,
      {
        transient: true,
        hint: `${RETRIED} It takes the file once its time has passed; ask the customer to set the server's clock (NTP), or check this machine's`,
      },
    );
  }
  if (ageSeconds < rules.minAgeSeconds) {
    throw new RosterError(
      'FILE_STILL_UPLOADING',
      `${newest.name} in ${rules.where} was modified ${Math.round(ageSeconds)} s ago, less than file.minAgeSeconds (${rules.minAgeSeconds} s): it may still be uploading`,
      {
        transient: true,
        hint: `${RETRIED} Lower file.minAgeSeconds if the customer uploads atomically`,
      },
    );
  }
  if (newest.size > rules.maxSizeMB * 1024 * 1024) {
    throw new RosterError(
      'FILE_TOO_LARGE',
      `${newest.name} is ${(newest.size / 1024 / 1024).toFixed(1)} MB, more than file.maxSizeMB (${rules.maxSizeMB})`,
      {
        hint: 'Check the file with the customer, or raise file.maxSizeMB',
      },
    );
  }
  return newest;
}

/**
 * The archive name of a processed file: `<UTC timestamp>-<name>`, and for a later file of the same
 * name archived in the same second `<UTC timestamp>-<n>-<name>` (n from 2): a customer re-sending
 * `employees.csv` runs after runs must not see one archive replace another.
 */
export function archiveName(name: string, now: Date, copy = 1): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return copy > 1 ? `${stamp}-${copy}-${name}` : `${stamp}-${name}`;
}

/**
 * The path in `folder` (a `processed` folder) a file is archived to: the first {@link archiveName}
 * that no file has yet, asked of `exists`.
 */
export async function freeArchivePath(
  folder: { readonly path: string; readonly join: (folder: string, name: string) => string },
  archive: { readonly name: string; readonly now: Date },
  exists: (path: string) => Promise<boolean>,
): Promise<string> {
  for (let copy = 1; ; copy++) {
    const candidate = folder.join(folder.path, archiveName(archive.name, archive.now, copy));
    if (!(await exists(candidate))) return candidate;
  }
}
