/**
 * Memory and CPU time of processes as Linux reports them in /proc. `VmHWM` is a process's peak resident set size
 * (its high-water mark) since it started, or since its peak was reset through `clear_refs` — so the
 * last value read before a process exits is its peak. Linux only, like the test kit's native servers.
 */
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';

const HWM = /^VmHWM:\s+(\d+) kB$/m;

/** The process's peak RSS in KiB, or undefined once it has exited (a zombie has no memory left to report). */
export function peakRssKiB(pid: number): number | undefined {
  try {
    const match = HWM.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * Resets the process's peak RSS to its current RSS (`echo 5 > /proc/PID/clear_refs`), so that a
 * long-running server's peak can be measured per benchmark step. Needs root or the same user.
 */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Gone, or not ours: its peak then covers more than the step, which the report says.
  }
}

/** CPU time the process has used so far (user + system), in ms; undefined once it has exited. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After `pid (comm) `: state is field 0, utime field 11, stime field 12, in ticks of 1/100 s.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Every living process's parent, read once. */
function parents(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      byPid.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Exited while we read.
    }
  }
  return byPid;
}

/** `rootPid` and every process below it. */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) {
    const siblings = children.get(ppid) ?? [];
    siblings.push(pid);
    children.set(ppid, siblings);
  }
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index++) {
    for (const child of children.get(tree[index] ?? -1) ?? []) tree.push(child);
  }
  return tree;
}

/**
 * The process that listens on a loopback TCP port (the server's main process: the postmaster, the
 * sshd daemon), found through the socket's inode in /proc/net/tcp and the processes' open files.
 */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // State 0A is LISTEN.
      if (local === undefined || fields[3] !== '0A') continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9])
        inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  const holders = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) holders.add(Number(entry));
      } catch {
        // Closed while we read.
      }
    }
  }
  // A child may still hold its parent's listening socket: the server is the holder whose parent is not one.
  const parentOf = parents();
  return [...holders].find((pid) => !holders.has(parentOf.get(pid) ?? -1));
}
