/**
 * The peak memory and the CPU time of a server (PostgreSQL, sshd) during one benchmark step: every
 * process of the server's tree has its peak reset and its CPU time noted when the step starts, and is
 * read while the step runs, backends and session processes that come and go included.
 */
import { cpuMs, peakRssKiB, processTree, resetPeakRss } from './proc-usage.ts';

export interface ServerPeak {
  readonly server: string;
  /** The sum of every process's peak. Shared memory (PostgreSQL's buffers) counts once per process that touched it. */
  readonly sumKiB: number;
  /** The largest single process's peak (for PostgreSQL, usually the backend that did the work). */
  readonly maxKiB: number;
  readonly processes: number;
  /** CPU time the server's processes used during the step (user + system), in ms. */
  readonly cpuMs: number;
}

export interface ServerWatch {
  readonly server: string;
  /** Resets the peaks of the server's processes and forgets earlier readings. */
  start(): void;
  /** Reads the peaks of the server's processes now (new ones included). */
  poll(): void;
  peak(): ServerPeak;
}

/** Watches the process tree under `rootPid` (the process that listens on the server's port). */
export function watchServer(server: string, rootPid: number): ServerWatch {
  const peaks = new Map<number, number>();
  const cpuAtStart = new Map<number, number>();
  const cpuLatest = new Map<number, number>();
  const poll = () => {
    for (const pid of processTree(rootPid)) {
      const kib = peakRssKiB(pid);
      if (kib !== undefined) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kib));
      const cpu = cpuMs(pid);
      if (cpu !== undefined) cpuLatest.set(pid, cpu);
    }
  };
  return {
    server,
    start() {
      peaks.clear();
      cpuAtStart.clear();
      cpuLatest.clear();
      for (const pid of processTree(rootPid)) {
        resetPeakRss(pid);
        const cpu = cpuMs(pid);
        if (cpu !== undefined) cpuAtStart.set(pid, cpu);
      }
      poll();
    },
    poll,
    peak() {
      const values = [...peaks.values()];
      return {
        server,
        sumKiB: values.reduce((sum, kib) => sum + kib, 0),
        maxKiB: Math.max(0, ...values),
        processes: values.length,
        // A backend that started and ended between two readings is missed: readings are 100 ms apart.
        cpuMs: [...cpuLatest].reduce((sum, [pid, cpu]) => sum + cpu - (cpuAtStart.get(pid) ?? 0), 0),
      };
    },
  };
}
