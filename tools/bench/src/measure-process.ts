/**
 * Runs one command as a benchmark step: wall time from spawn to exit, the peak RSS and CPU time of the
 * command's process (and of its children, e.g. the `ssh` that `sftp` starts) read from /proc while it
 * runs, and the same of the servers it talks to over the same interval.
 */
import { spawn } from 'node:child_process';
import { cpuMs, peakRssKiB, processTree } from './proc-usage.ts';
import type { ServerPeak, ServerWatch } from './server-watch.ts';

export interface MeasureOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Servers whose peak memory is measured over the step. */
  readonly servers?: readonly ServerWatch[];
  /** Also watch the command's child processes (`sftp` runs `ssh`). Default false: just the one process. */
  readonly tree?: boolean;
  /** How often the command's memory is read. Default 20 ms; servers are read every fifth time. */
  readonly pollMs?: number;
}

export interface ProcessMeasurement {
  readonly command: string;
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The sum of the peaks of the command's processes, in KiB. */
  readonly peakRssKiB: number;
  /** CPU time of the command's processes (user + system) at their last reading, in ms. */
  readonly cpuMs: number;
  readonly servers: readonly ServerPeak[];
}

/**
 * Spawns `command` and waits for it, measuring as it goes. Never rejects for a failing command: the
 * exit code is part of the result.
 *
 * @example
 * const run = await measureProcess('psql', ['-c', 'select 1'], { servers: [postgresWatch] });
 * console.log(run.wallMs, run.peakRssKiB, run.servers[0]?.sumKiB);
 */
export function measureProcess(
  command: string,
  args: readonly string[],
  options: MeasureOptions = {},
): Promise<ProcessMeasurement> {
  const servers = options.servers ?? [];
  for (const server of servers) server.start();
  const peaks = new Map<number, number>();
  const cpu = new Map<number, number>();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const pid = child.pid;
    let tick = 0;
    let pids = pid === undefined ? [] : [pid];
    const poll = () => {
      if (pid === undefined) return;
      if (options.tree === true && tick % 5 === 0) pids = processTree(pid);
      for (const each of pids) {
        const kib = peakRssKiB(each);
        if (kib !== undefined) peaks.set(each, Math.max(peaks.get(each) ?? 0, kib));
        const used = cpuMs(each);
        if (used !== undefined) cpu.set(each, used);
      }
      if (tick % 5 === 0) for (const server of servers) server.poll();
      tick++;
    };
    poll();
    const timer = setInterval(poll, options.pollMs ?? 20);
    let wallMs = 0;
    child.on('exit', () => {
      wallMs = performance.now() - started;
      clearInterval(timer);
      for (const server of servers) server.poll();
    });
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      resolve({
        command: [command, ...args].join(' '),
        wallMs: Math.round(wallMs),
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        peakRssKiB: [...peaks.values()].reduce((sum, kib) => sum + kib, 0),
        cpuMs: [...cpu.values()].reduce((sum, ms) => sum + ms, 0),
        servers: servers.map((server) => server.peak()),
      });
    });
  });
}
