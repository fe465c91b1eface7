import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, signalProcessTree } from './process-tree.ts';

/**
 * A private temporary folder for one server, named `roster-<kind>-<our pid>-XXXXXX` so that folders
 * left by a test process that was SIGKILLed (no handler runs then) can be recognised and swept.
 */
export function makePrivateDir(kind: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `roster-${kind}-${process.pid}-`));
}

const PID_FILES = ['sshd.pid', 'data/postmaster.pid'];

/**
 * A server whose test process died without a parent-death signal (no setpriv on the machine) still
 * runs from the folder: kill it, if the pid in its pid file is still a process started from there.
 */
function killOrphanServer(dir: string): void {
  for (const name of PID_FILES) {
    try {
      const pid = Number(readFileSync(join(dir, name), 'utf8').split('\n')[0]);
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (pid > 0 && commandLine.includes(dir)) signalProcessTree(pid, 'SIGKILL');
    } catch {
      // No pid file, or the process is gone.
    }
  }
}

/**
 * Deletes the folders of `kind` whose owning process is gone. `beforeRemove` releases what lives
 * outside the folder (PostgreSQL's shared memory segment).
 */
export function sweepStaleDirs(kind: string, beforeRemove?: (dir: string) => void): void {
  const pattern = new RegExp(`^roster-${kind}-(\\d+)-`);
  let entries: string[];
  try {
    entries = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    const owner = Number(pattern.exec(entry)?.[1] ?? Number.NaN);
    if (Number.isNaN(owner) || owner === process.pid || isProcessAlive(owner)) continue;
    const dir = join(tmpdir(), entry);
    try {
      beforeRemove?.(dir);
      killOrphanServer(dir);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process may be sweeping it too.
    }
  }
}
