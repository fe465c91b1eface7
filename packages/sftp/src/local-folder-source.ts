/**
 * A folder on this machine as a file source, for development, demos and tests. The same rules as SFTP
 * (newest match, minimum age, size limit, archive or delete) so that a demo behaves like production.
 */
import type { Dirent } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type FileSource, RosterError, type SourceFile } from '@roster/engine';
import { changeSinceListed, replacedSinceRead, stillBeingWritten } from './listed-file.ts';
import { freeArchivePath, pickNewest } from './pick-newest.ts';
import { RETRIED } from './retry.ts';

export interface LocalFolderOptions {
  /** An absolute folder (the tenant loader resolves relative ones against the tenant folder). */
  readonly directory: string;
  readonly pattern: string;
  readonly minAgeSeconds: number;
  readonly maxSizeMB: number;
  readonly now?: () => Date;
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** A local file's size and modification time, for {@link changeSinceListed}. */
async function current(file: string) {
  const { size, mtime } = await stat(file);
  return { size, modifiedAtMs: mtime.getTime() };
}

/**
 * A local folder as a file source.
 *
 * @example
 * await using source = localFolderSource({ directory: '/srv/drop/acme', pattern: 'employees_*.csv',
 *   minAgeSeconds: 60, maxSizeMB: 2048 });
 * const file = await source.pick();
 */
export function localFolderSource(options: LocalFolderOptions): FileSource {
  const now = options.now ?? (() => new Date());

  const list = async (): Promise<SourceFile[]> => {
    let entries: Dirent[];
    try {
      entries = await readdir(options.directory, { withFileTypes: true });
    } catch (error) {
      throw new RosterError(
        'FILE_NOT_FOUND',
        `Cannot read the folder ${options.directory}: ${codeOf(error)}`,
        {
          cause: error,
          hint: 'Check connection.directory in tenant.yaml (relative paths start at the tenant folder)',
        },
      );
    }
    const files: SourceFile[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const filePath = path.join(options.directory, entry.name);
      // A file removed between readdir and stat is simply not there any more.
      const info = await stat(filePath).catch(() => undefined);
      if (info === undefined) continue;
      files.push({ name: entry.name, path: filePath, size: info.size, modifiedAt: info.mtime });
    }
    return files;
  };

  const source: FileSource = {
    list,
    async pick() {
      return pickNewest(await list(), { ...options, now: now(), where: options.directory });
    },
    async download(file, localPath, signal) {
      try {
        const change = changeSinceListed(file, await current(file.path));
        if (change !== undefined) throw stillBeingWritten(file, options.directory, change, 'written');
        // The kernel copies (no buffers through the JS heap); the copy gets the source's mode, so it
        // is narrowed to 0600 at once — inside the run's private 0700 folder nobody else can open it.
        signal?.throwIfAborted();
        await copyFile(file.path, localPath);
        await chmod(localPath, 0o600);
        const copied = (await stat(localPath)).size;
        if (copied !== file.size) {
          throw new RosterError(
            'TRANSFER_FAILED',
            `${file.name} changed while it was copied (${copied} of ${file.size} bytes)`,
            { transient: true, hint: RETRIED },
          );
        }
      } catch (error) {
        await rm(localPath, { force: true });
        if (error instanceof RosterError) throw error;
        throw new RosterError('TRANSFER_FAILED', `Cannot copy ${file.path}: ${codeOf(error)}`, {
          cause: error,
          transient: true,
          hint: 'Nothing was applied; the run can be retried',
        });
      }
    },
    async afterSync(file, action) {
      // A file gone already fails below as before; one replaced is the customer's newer upload.
      const found = await current(file.path).catch(() => undefined);
      const change = found && changeSinceListed(file, found);
      if (change !== undefined) throw replacedSinceRead(file, change, action);
      try {
        if (action === 'delete') {
          await rm(file.path);
          return;
        }
        const folder = path.join(options.directory, 'processed');
        await mkdir(folder, { recursive: true });
        const target = await freeArchivePath(
          { path: folder, join: path.join },
          { name: file.name, now: now() },
          (at) =>
            stat(at).then(
              () => true,
              () => false,
            ),
        );
        await rename(file.path, target);
      } catch (error) {
        throw new RosterError('TRANSFER_FAILED', `Cannot ${action} ${file.path}: ${codeOf(error)}`, {
          cause: error,
          transient: true,
          hint: 'The changes are committed; move or delete the file by hand (a later run skips it as already applied)',
        });
      }
    },
    async close() {},
    async [Symbol.asyncDispose]() {},
  };
  return source;
}
