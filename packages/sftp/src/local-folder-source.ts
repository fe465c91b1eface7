/** A folder on this machine as a file source, for development, demos and tests. Same rules as SFTP. */
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type FileSource, RosterError, type SourceFile } from '@roster/engine';
import { archiveName, pickNewest } from './pick-newest.ts';

export interface LocalFolderOptions {
  readonly directory: string;
  readonly pattern: string;
  readonly minAgeSeconds: number;
  readonly maxSizeMB: number;
  readonly now?: () => Date;
}

export function localFolderSource(options: LocalFolderOptions): FileSource {
  const now = options.now ?? (() => new Date());
  const list = async (): Promise<SourceFile[]> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(options.directory, { withFileTypes: true });
    } catch (error) {
      throw new RosterError('FILE_NOT_FOUND', `Cannot read the folder ${options.directory}: ${(error as NodeJS.ErrnoException).code}`, {
        hint: 'Check connection.directory in tenant.yaml (relative paths start at the tenant folder)',
      });
    }
    const files: SourceFile[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const filePath = path.join(options.directory, entry.name);
      const info = await stat(filePath);
      files.push({ name: entry.name, path: filePath, size: info.size, modifiedAt: info.mtime });
    }
    return files;
  };
  const source: FileSource = {
    list,
    async pick() {
      return pickNewest(await list(), { ...options, now: now(), where: options.directory });
    },
    async download(file, localPath) {
      await copyFile(file.path, localPath);
      const copied = (await stat(localPath)).size;
      if (copied !== file.size) {
        throw new RosterError('TRANSFER_FAILED', `${file.name} changed while it was copied (${copied} of ${file.size} bytes)`, { transient: true });
      }
    },
    async afterSync(file, action) {
      if (action === 'delete') {
        await rm(file.path);
        return;
      }
      const folder = path.join(options.directory, 'processed');
      await mkdir(folder, { recursive: true });
      await rename(file.path, path.join(folder, archiveName(file.name, now())));
    },
    async close() {},
    async [Symbol.asyncDispose]() {},
  };
  return source;
}
