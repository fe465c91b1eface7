import { readdirSync, readFileSync } from 'node:fs';

/**
 * Signals a process and every process below it, read from /proc (Linux only, like the native
 * servers). sshd's per-connection children call setsid(), so a process-group kill would miss them,
 * and a killed parent's children are re-parented at once: the tree is frozen with SIGSTOP while it is
 * collected, then signalled. Synchronous, so the process 'exit' handler can use it.
 */
export function signalProcessTree(rootPid: number, signal: NodeJS.Signals): number[] {
  const seen = new Set<number>();
  const freeze = (pid: number) => {
    if (seen.has(pid)) return false;
    seen.add(pid);
    sendSignal(pid, 'SIGSTOP');
    return true;
  };
  freeze(rootPid);
  // Children forked between two reads are caught by the next read; a frozen tree stops growing.
  for (let round = 0; round < 20; round++) {
    const fresh = descendantsOf(rootPid).filter(freeze);
    if (fresh.length === 0) break;
  }
  for (const pid of seen) sendSignal(pid, signal);
  if (signal !== 'SIGKILL') for (const pid of seen) sendSignal(pid, 'SIGCONT');
  return [...seen];
}

/** The pids of every living process below `rootPid`. */
export function descendantsOf(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentPid(Number(entry));
    if (ppid === undefined) continue;
    const siblings = children.get(ppid) ?? [];
    siblings.push(Number(entry));
    children.set(ppid, siblings);
  }
  const found: number[] = [];
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function parentPid(pid: number): number | undefined {
  try {
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined; // exited while we read
  }
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** True while a process with this pid exists (and is not a zombie). */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
