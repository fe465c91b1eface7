/**
 * How busy the machine is apart from the benchmark: figures taken while another job runs on a
 * two-core machine are worth little, so the report shows the load and any other busy process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface BusyProcess {
  readonly pid: number;
  readonly command: string;
  /** Share of one core over the sampling interval. */
  readonly cpuPercent: number;
}

export interface MachineLoad {
  /** The 1-minute load average. */
  readonly loadAverage: number;
  /** Processes other than this one that used more than 10% of a core while sampled. */
  readonly busy: readonly BusyProcess[];
}

function cpuTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after `pid (comm) `.
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // Exited while we read.
    }
  }
  return ticks;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim().slice(0, 120);
  } catch {
    return '?';
  }
}

/** Samples every process's CPU time over `sampleMs` (Linux counts it in ticks of 1/100 s). */
export async function machineLoad(sampleMs = 2000): Promise<MachineLoad> {
  const before = cpuTicks();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const after = cpuTicks();
  const busy: BusyProcess[] = [];
  for (const [pid, ticks] of after) {
    if (pid === process.pid) continue;
    const cpuPercent = ((ticks - (before.get(pid) ?? ticks)) / (sampleMs / 10)) * 100;
    if (cpuPercent > 10) busy.push({ pid, command: commandOf(pid), cpuPercent: Math.round(cpuPercent) });
  }
  return {
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    busy: busy.sort((a, b) => b.cpuPercent - a.cpuPercent),
  };
}

export function describeLoad(load: MachineLoad): string {
  const busy =
    load.busy.length === 0
      ? 'no other busy process'
      : `other busy processes: ${load.busy.map((each) => `${each.command} (${each.cpuPercent}%)`).join('; ')}`;
  return `load average ${load.loadAverage}, ${busy}`;
}
