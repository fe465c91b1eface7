import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './process-tree.ts';
import { runCommand } from './run-command.ts';
import { TestkitError } from './testkit-error.ts';

export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/**
 * Marks the users we create, with the pid of the test process that owns them, so a later run can
 * delete those left behind by a process that was killed before it could clean up.
 */
const OWNER_TAG = 'roster-testkit pid=';

/** A user name no other server instance uses: `rtk_` and 8 random hex digits. */
export function uniqueUserName(): string {
  return `rtk_${randomBytes(4).toString('hex')}`;
}

/** The OS user `name`, or undefined when there is none (through NSS, like sshd sees it). */
export async function lookupUser(name: string): Promise<OsUser | undefined> {
  const result = await runCommand('getent', ['passwd', name], { allowFailure: true });
  if (result.code !== 0) return undefined;
  const [, , uid, gid] = result.stdout.trim().split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

export interface CreateUserOptions {
  readonly home: string;
  /** Set through chpasswd; without it the account has no password but is not locked (`*`). */
  readonly password?: string;
  readonly shell?: string;
  readonly system?: boolean;
  /** Tag the user with this process's pid, so `sweepStaleUsers` can delete it after a crash. */
  readonly owned?: boolean;
}

/**
 * Creates an OS user with useradd (root only). The shadow password is `*`, not useradd's `!`: with
 * `UsePAM no`, sshd treats a `!` account as locked and refuses even key logins. useradd and userdel
 * take a lock on /etc/passwd that parallel suites contend for, so lock failures are retried.
 */
export async function createUser(name: string, options: CreateUserOptions): Promise<OsUser> {
  const args = ['--home-dir', options.home, '--no-create-home', '--password', '*'];
  args.push('--shell', options.shell ?? '/usr/sbin/nologin');
  if (options.owned === true) args.push('--comment', `${OWNER_TAG}${process.pid}`);
  if (options.system === true) args.push('--system');
  await withLockRetries(() => runCommand('useradd', [...args, name]));
  if (options.password !== undefined) {
    const password = options.password;
    await withLockRetries(() => runCommand('chpasswd', [], { input: `${name}:${password}\n` }));
  }
  const user = await lookupUser(name);
  if (user === undefined)
    throw new TestkitError('COMMAND_FAILED', `useradd reported success but ${name} is missing`);
  return user;
}

/** Deletes a user we created and its home folder (which is root-owned, so `userdel -r` would refuse). */
export async function deleteUser(name: string, home: string): Promise<void> {
  await withLockRetries(() => runCommand('userdel', ['--force', name])).catch((error: unknown) => {
    // Exit 6: the user does not exist (already deleted by a sweep or an earlier stop).
    if (!(error instanceof TestkitError && /exit code 6\b/.test(error.message))) throw error;
  });
  rmSync(home, { recursive: true, force: true });
}

/** The synchronous twin of `deleteUser`, for the process 'exit' handler. */
export function deleteUserSync(name: string, home: string): void {
  spawnSync('userdel', ['--force', name], { stdio: 'ignore' });
  rmSync(home, { recursive: true, force: true });
}

/**
 * Deletes the users (and homes) that earlier test processes created and could not delete because
 * they were killed. Only users tagged by this kit whose owning process is gone are touched.
 */
export async function sweepStaleUsers(): Promise<void> {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return;
  }
  for (const line of passwd.split('\n')) {
    const [name, , , , comment, home] = line.split(':');
    if (name === undefined || home === undefined || !comment?.startsWith(OWNER_TAG)) continue;
    if (!name.startsWith('rtk_')) continue; // never anyone else's account, whatever its comment says
    const owner = Number(comment.slice(OWNER_TAG.length));
    if (owner === process.pid || isProcessAlive(owner)) continue;
    await deleteUser(name, home).catch(() => {
      // Another process may be sweeping the same user; whoever wins, it is gone.
    });
  }
}

async function withLockRetries<T>(action: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const locked = error instanceof Error && /lock|try again/i.test(error.message);
      if (!locked || attempt >= 20) throw error;
      await sleep(50 + Math.random() * 200);
    }
  }
}
