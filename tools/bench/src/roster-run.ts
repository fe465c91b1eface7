/**
 * One `roster run` as a user starts it — the real CLI in its own process — measured: wall time, the
 * process's peak RSS, the servers' peaks, and the run's own `--json` summary.
 */
import { REPO_ROOT, rosterCommand } from '../../roster-command.ts';
import { measureProcess, type ProcessMeasurement } from './measure-process.ts';
import type { ServerWatch } from './server-watch.ts';

const ROSTER = rosterCommand();

/** Where Roster keeps its data: a PostgreSQL server, or the embedded PGlite in a folder. */
export type RosterDatabase = { readonly url: string } | { readonly dataDir: string };

export interface RosterRunRequest {
  readonly tenant: string;
  readonly tenantsDir: string;
  readonly database: RosterDatabase;
  readonly force?: boolean;
  /** Write a CPU profile of the run (`node --cpu-prof`) into this folder. */
  readonly profileDir?: string;
  readonly servers: readonly ServerWatch[];
}

/** The part of `run --json` the benchmark reads. */
export interface RosterRunSummary {
  readonly status: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly message?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface RosterRun {
  readonly measurement: ProcessMeasurement;
  /** Undefined when the CLI printed no JSON (it crashed). */
  readonly summary: RosterRunSummary | undefined;
}

function cliEnv(database: RosterDatabase): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', INIT_CWD: '' };
  if ('url' in database) {
    env.DATABASE_URL = database.url;
    delete env.ROSTER_DATA_DIR;
  } else {
    env.DATABASE_URL = '';
    env.ROSTER_DATA_DIR = database.dataDir;
  }
  return env;
}

/** `roster migrate`, unmeasured: every contender starts from the same schema. */
export async function migrateRoster(database: RosterDatabase): Promise<void> {
  const run = await measureProcess(process.execPath, [ROSTER.main, 'migrate'], {
    cwd: REPO_ROOT,
    env: cliEnv(database),
  });
  if (run.exitCode !== 0)
    throw new Error(`roster migrate failed (exit ${run.exitCode}):\n${run.stderr}${run.stdout}`);
}

/** `roster run TENANT --json [--force]`, measured. */
export async function runRoster(request: RosterRunRequest): Promise<RosterRun> {
  const node = [
    ...ROSTER.nodeFlags,
    ...(request.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', request.profileDir]),
  ];
  const args = [
    ...node,
    ROSTER.main,
    'run',
    request.tenant,
    '--tenants',
    request.tenantsDir,
    '--json',
    ...(request.force === true ? ['--force'] : []),
  ];
  const measurement = await measureProcess(process.execPath, args, {
    cwd: REPO_ROOT,
    env: cliEnv(request.database),
    servers: request.servers,
  });
  return { measurement, summary: parseSummary(measurement.stdout) };
}

function parseSummary(stdout: string): RosterRunSummary | undefined {
  try {
    const parsed = JSON.parse(stdout) as RosterRunSummary;
    return typeof parsed.status === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
