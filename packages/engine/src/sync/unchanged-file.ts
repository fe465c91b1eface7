/**
 * Whether the file a run picked is, by what the folder listing says of it, the very file the last
 * succeeded run applied — rsync's quick check. A tenant polled every hour then costs a listing, not a
 * download: at a million rows, 124 MB neither moved nor hashed. Anything the listing cannot vouch for
 * is downloaded and compared by checksum, as before.
 */
import type { SourceFile } from '../ports/file-source.ts';
import type { RunRecord } from '../ports/user-store.ts';

/**
 * How long after its modification time the applied file must have been read. SFTP gives times in whole
 * seconds: a file rewritten in the second it was read keeps its time, so only a read that began well
 * after it proves the content read was the content that time stands for.
 */
export const SETTLED_MS = 2000;

/** The applied run `picked` is unchanged since, or undefined when it must be downloaded and hashed. */
export function unchangedSince(
  picked: SourceFile,
  previous: RunRecord | undefined,
  configSha256: string,
): { readonly runId: number; readonly sha256: string } | undefined {
  if (previous?.fileModifiedAt == null || previous.fileSha256 === null) return undefined;
  // A run of other mappings gave other users: the file is applied again (the checksum path says so).
  if (previous.configSha256 !== configSha256) return undefined;
  const modifiedAt = picked.modifiedAt.getTime();
  const same =
    previous.fileName === picked.name &&
    previous.fileSize === picked.size &&
    previous.fileModifiedAt.getTime() === modifiedAt &&
    previous.startedAt.getTime() - modifiedAt >= SETTLED_MS;
  return same ? { runId: previous.id, sha256: previous.fileSha256 } : undefined;
}
