import { chown, mkdir, utimes, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TestkitError } from './testkit-error.ts';

export interface WriteFileOptions {
  /** The file's modification time (and access time); tests use it for "newest" and "still uploading". */
  readonly mtime?: Date;
}

/** Puts files into an SFTP user's folder through the local filesystem, as if the customer uploaded them. */
export interface UserFiles {
  /**
   * Writes `content` to `relativePath` under the user's upload folder, creating folders on the way,
   * and returns the local absolute path. Files and folders are owned by the SFTP user (where we can
   * chown), so the user can rename, archive and delete them over SFTP like its own uploads.
   */
  writeFile(relativePath: string, content: string | Uint8Array, options?: WriteFileOptions): Promise<string>;
  /** Creates a folder (and its parents) under the upload folder; returns its local absolute path. */
  makeDir(relativePath: string): Promise<string>;
  /** Sets a file's modification time. */
  setMtime(relativePath: string, mtime: Date): Promise<void>;
}

export interface FileOwner {
  readonly uid: number;
  readonly gid: number;
}

/** A date `seconds` before now: `{ mtime: secondsAgo(30) }` makes a file that is 30 s old. */
export function secondsAgo(seconds: number): Date {
  return new Date(Date.now() - seconds * 1000);
}

/** File helpers rooted at `uploadDir`; `owner` is undefined where chown is not possible or needed. */
export function userFiles(uploadDir: string, owner: FileOwner | undefined): UserFiles {
  const inside = (relativePath: string) => {
    const target = resolve(uploadDir, relativePath);
    const rel = relative(uploadDir, target);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new TestkitError(
        'INVALID_OPTION',
        `Invalid path ${relativePath}: it must stay inside ${uploadDir}`,
      );
    }
    return { target, parts: rel.split(sep) };
  };
  const makeDirs = async (parts: readonly string[]) => {
    let current = uploadDir;
    for (const part of parts) {
      current = join(current, part);
      const created = await mkdir(current, { recursive: true });
      if (created !== undefined && owner !== undefined) await chown(current, owner.uid, owner.gid);
    }
    return current;
  };
  return {
    async writeFile(relativePath, content, options = {}) {
      const { target, parts } = inside(relativePath);
      await makeDirs(parts.slice(0, -1));
      await writeFile(target, content);
      if (owner !== undefined) await chown(target, owner.uid, owner.gid);
      if (options.mtime !== undefined) await utimes(target, options.mtime, options.mtime);
      return target;
    },
    async makeDir(relativePath) {
      return makeDirs(inside(relativePath).parts);
    },
    async setMtime(relativePath, mtime) {
      await utimes(inside(relativePath).target, mtime, mtime);
    },
  };
}
