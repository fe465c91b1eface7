import { chmod, chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createUser, type OsUser, uniqueUserName } from './os-users.ts';
import type { SftpUser } from './sftp-types.ts';
import { userFiles } from './user-files.ts';

/**
 * The users' homes are their chroots, and sshd requires every folder on a chroot's path to be
 * root-owned and not writable by group or others. os.tmpdir() is world-writable (1777), so a chroot
 * below it is refused at login ("bad ownership or modes for chroot directory component"); /home is
 * root-owned 0755 on every distribution and is where useradd puts homes anyway. Each home is
 * `/home/rtk_<random>`, unique per instance and deleted on stop.
 */
export const HOME_BASE = '/home';

/** Where SFTP sessions start, as the user sees it inside its chroot (atmoz/sftp's layout too). */
export const REMOTE_UPLOAD_DIR = '/upload';

export interface SftpAccount {
  readonly user: OsUser;
  /** The chroot: root-owned 0755, as sshd demands. */
  readonly home: string;
  /** `<home>/upload`, owned by the user: the only folder it can write to. */
  readonly uploadDir: string;
}

/**
 * Creates an OS user for one SFTP login, with its chroot and upload folder. `onName` learns the
 * name before useradd runs, so the caller can delete a half-created user if a later step fails.
 */
export async function createSftpAccount(
  password: string | undefined,
  onName: (name: string, home: string) => void,
): Promise<SftpAccount> {
  const name = uniqueUserName();
  const home = join(HOME_BASE, name);
  onName(name, home);
  const user = await createUser(name, { home, owned: true, ...(password === undefined ? {} : { password }) });
  await mkdir(home, { recursive: true, mode: 0o755 });
  await chown(home, 0, 0);
  await chmod(home, 0o755);
  const uploadDir = join(home, 'upload');
  await mkdir(uploadDir, { mode: 0o755 });
  await chown(uploadDir, user.uid, user.gid);
  return { user, home, uploadDir };
}

/** The public description of an account, with file helpers that give files to the user. */
export function sftpUser(account: SftpAccount): SftpUser {
  return {
    username: account.user.name,
    home: account.home,
    uploadDir: account.uploadDir,
    remoteUploadDir: REMOTE_UPLOAD_DIR,
    ...userFiles(account.uploadDir, account.user),
  };
}
