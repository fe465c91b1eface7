/**
 * Which process runs a sync, recorded with the run (`sync_runs.runner`, `host:pid`), and whether a run
 * left "running" has died. A run holding its tenant's lock finds such runs; one that is only still
 * connecting or downloading has not taken the lock yet and must not be marked as dead.
 */
import { hostname } from 'node:os';
import { isProcessAlive } from '@roster/engine';

/** A run whose process cannot be checked (another machine) is presumed dead after this long. */
export const PRESUMED_DEAD_AFTER_MS = 60 * 60 * 1000;

export const thisRunner = (): string => `${hostname()}:${process.pid}`;

/**
 * True when a run recorded as still running cannot be: its process on this machine is gone, or it
 * ran elsewhere (or before runners were recorded) and started more than an hour ago.
 */
export function isAbandoned(run: { runner: string | null; startedAt: Date }, now: Date): boolean {
  const at = run.runner?.lastIndexOf(':') ?? -1;
  if (run.runner && at > 0 && run.runner.slice(0, at) === hostname()) {
    const pid = Number(run.runner.slice(at + 1));
    if (Number.isInteger(pid) && pid > 0) return !isProcessAlive(pid);
  }
  return now.getTime() - run.startedAt.getTime() > PRESUMED_DEAD_AFTER_MS;
}
