/** The scheduler's settings, from the environment (the contract's section 4). */
import path from 'node:path';
import { RosterError } from '@roster/engine';

export interface SchedulerSettings {
  /** postgres://… for PostgreSQL and any number of replicas; undefined for the embedded PGlite (one replica). */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly tenantsDir: string;
  readonly port: number;
  /** Syncs at once on this replica. */
  readonly concurrency: number;
  /** How long SIGTERM waits for running syncs before stopping anyway. */
  readonly shutdownTimeoutSeconds: number;
  readonly logLevel: string;
  /** A name for this replica in logs and pg-boss's instance registry. */
  readonly instanceName: string;
  /** Queue tuning that operators may change (see the README); unset values keep the defaults. */
  readonly heartbeatSeconds?: number;
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  /** How often this replica looks for schedules that are due (default 5 s). */
  readonly cronIntervalSeconds?: number;
  /** How often pg-boss looks for jobs whose replica went silent. */
  readonly monitorIntervalSeconds?: number;
  /**
   * How often this replica reads its tenant folders again and says which tenants it holds (default
   * 300 s); a schedule no replica has held for three of these is removed (reconcile-schedules.ts).
   */
  readonly reconcileIntervalSeconds?: number;
}

function optionalInteger(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : integer(env, name, 0, min);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new RosterError('USAGE', `Invalid ${name}=${JSON.stringify(raw)}: a whole number ≥ ${min}`);
  }
  return value;
}

const defined = <K extends string>(key: K, value: number | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, number>);

export function settingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): SchedulerSettings {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(cwd, env.ROSTER_DATA_DIR ?? '.roster'),
    tenantsDir: path.resolve(cwd, env.ROSTER_TENANTS_DIR ?? 'tenants'),
    port: integer(env, 'PORT', 8080, 0),
    concurrency: integer(env, 'ROSTER_CONCURRENCY', 2, 1),
    shutdownTimeoutSeconds: integer(env, 'ROSTER_SHUTDOWN_TIMEOUT_SECONDS', 120, 1),
    logLevel: env.LOG_LEVEL ?? 'info',
    instanceName: env.ROSTER_INSTANCE ?? env.HOSTNAME ?? `roster-${process.pid}`,
    ...defined('heartbeatSeconds', optionalInteger(env, 'ROSTER_JOB_HEARTBEAT_SECONDS', 10)),
    ...defined('retryLimit', optionalInteger(env, 'ROSTER_RETRY_LIMIT', 0)),
    ...defined('retryDelaySeconds', optionalInteger(env, 'ROSTER_RETRY_DELAY_SECONDS', 1)),
    ...defined('cronIntervalSeconds', optionalInteger(env, 'ROSTER_CRON_INTERVAL_SECONDS', 1)),
    ...defined('monitorIntervalSeconds', optionalInteger(env, 'ROSTER_MONITOR_INTERVAL_SECONDS', 1)),
    ...defined('reconcileIntervalSeconds', optionalInteger(env, 'ROSTER_RECONCILE_INTERVAL_SECONDS', 1)),
  };
}
