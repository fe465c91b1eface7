/**
 * Which process runs a sync, recorded with the run (`sync_runs.runner`, `host:pid:instance`), and
 * whether a run left "running" has died. A run holding its tenant's lock finds such runs; one that is
 * only still connecting or downloading has not taken the lock yet and must not be marked as dead.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isProcessAlive } from '@roster/engine';

/** A run whose process cannot be checked (another machine) is presumed dead after this long. */
export const PRESUMED_DEAD_AFTER_MS = 60 * 60 * 1000;

/**
 * This process among all that had its pid on this host: a container restarted in place runs as
 * pid 1 again, under the same host name, and its predecessor's runs must not pass for its own.
 */
const INSTANCE = randomBytes(6).toString('hex');

export const thisRunner = (): string => `${hostname()}:${process.pid}:${INSTANCE}`;

/**
 * True when a run recorded as still running cannot be: its process on this machine is gone (or had
 * this process's pid before it), or it ran elsewhere (or before runners were recorded) and started
 * more than an hour ago.
 */
export function isAbandoned(
  run: { runner: string | null; startedAt: Date },
  now: Date,
  /**
   * `checked only`: judge only runs whose process this machine can check. Without the tenant's lock
   * (a run starting), a run elsewhere an hour old may still be alive and holding it.
   */
  certainty: 'presumed too' | 'checked only' = 'presumed too',
): boolean {
  const [host, pidText, instance] = run.runner?.split(':') ?? [];
  const pid = Number(pidText);
  if (host === hostname() && Number.isInteger(pid) && pid > 0) {
    if (pid !== process.pid) return !isProcessAlive(pid);
    // Recorded before instances were: whether it is this process's own cannot be told.
    if (instance !== undefined) return instance !== INSTANCE;
  }
  if (certainty === 'checked only') return false;
  return now.getTime() - run.startedAt.getTime() > PRESUMED_DEAD_AFTER_MS;
}
