import { existsSync } from 'node:fs';
import type { OsUser } from './os-users.ts';

const SETPRIV = '/usr/bin/setpriv';
const RUNUSER = '/usr/sbin/runuser';

export interface WrappedCommand {
  readonly command: string;
  readonly args: readonly string[];
}

export interface WrapOptions {
  /** Run as this OS user (only when we are root; otherwise the command runs as we are). */
  readonly user?: OsUser;
  /**
   * Have the kernel SIGKILL the command when the spawning thread dies (PR_SET_PDEATHSIG), so a
   * crashed or killed test worker leaves no server behind. setpriv sets it after switching user, so
   * it survives the switch.
   */
  readonly dieWithParent?: boolean;
}

/**
 * Prefixes a command with util-linux `setpriv` to switch user and set the parent-death signal. Falls
 * back to `runuser` (user switch only) or the bare command where setpriv is missing.
 */
export function wrapCommand(command: string, args: readonly string[], options: WrapOptions): WrappedCommand {
  const switchUser = options.user !== undefined && process.getuid?.() === 0;
  if (existsSync(SETPRIV)) {
    const prefix: string[] = [];
    if (switchUser && options.user !== undefined) {
      prefix.push(`--reuid=${options.user.uid}`, `--regid=${options.user.gid}`, '--init-groups');
    }
    if (options.dieWithParent === true) prefix.push('--pdeathsig', 'KILL');
    if (prefix.length > 0) return { command: SETPRIV, args: [...prefix, '--', command, ...args] };
  }
  if (switchUser && options.user !== undefined && existsSync(RUNUSER)) {
    return { command: RUNUSER, args: ['-u', options.user.name, '--', command, ...args] };
  }
  return { command, args };
}
