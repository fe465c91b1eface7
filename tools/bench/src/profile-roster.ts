/**
 * `--profile`: Roster's runs again, after the timed ones, under `node --cpu-prof` (the profiler slows
 * a run down, so these are never the figures in the table): the CSV first load and changed version,
 * and the changed version of each other format asked for. Each run's folder holds one profile per
 * thread. The database logs every statement with its duration meanwhile, and the hand-built limit's
 * changed version is logged the same way, so that the database side of both can be compared.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../roster-command.ts';
import type { ProfiledRun } from './bench-result.ts';
import type { BenchServers } from './bench-servers.ts';
import type { Contender, Step } from './bench-types.ts';
import { type ContenderContext, makeNewest, tenantOf } from './contenders.ts';
import { summariseProfiles } from './cpu-profile.ts';
import { runLimitStep } from './hand-built-limit.ts';
import { fileName } from './prepare-files.ts';
import { migrateRoster, runRoster } from './roster-run.ts';
import { markerStatement, type StatementTime, statementTimes } from './statement-log.ts';

const PROFILED: ReadonlyArray<{ readonly contender: Contender; readonly steps: readonly Step[] }> = [
  { contender: 'csv', steps: ['first', 'changed'] },
  { contender: 'xlsx', steps: ['changed'] },
  { contender: 'json', steps: ['changed'] },
];

interface Done {
  readonly contender: Contender;
  readonly step: Step;
  readonly wallMs: number;
  readonly dir: string;
  readonly statements: readonly StatementTime[];
}

let marks = 0;

/** Runs `run` with the database's statement log marked before it; returns the run's statements. */
async function logged<T>(
  servers: BenchServers,
  url: string,
  run: () => Promise<T>,
): Promise<{ result: T; statements: StatementTime[] }> {
  const marker = `roster-bench-mark-${process.pid}-${++marks}`;
  await servers.sql(url, markerStatement(marker));
  const result = await run();
  return { result, statements: statementTimes(servers.postgres.logs(), marker) };
}

export async function profileRoster(
  context: ContenderContext,
  contenders: readonly Contender[],
  outDir: string,
  log: (line: string) => void,
): Promise<ProfiledRun[]> {
  const { servers } = context;
  const done: Done[] = [];
  const limitFiles = context.files.get('limit');
  if (contenders.includes('limit') && limitFiles !== undefined) {
    done.push(await logLimit(context, limitFiles.remote));
    log(`  logged the limit's statements (changed version)`);
  }
  for (const { contender, steps } of PROFILED) {
    const files = context.files.get(contender);
    if (!contenders.includes(contender) || files === undefined) continue;
    const url = await servers.createDatabase();
    try {
      await servers.logStatements(url);
      await migrateRoster({ url });
      for (const step of ['first', 'changed'] as const) {
        const profiled = steps.includes(step);
        const dir = path.join(outDir, `${contender}-${step}`);
        if (profiled) await mkdir(dir, { recursive: true });
        await makeNewest(servers, files, step);
        await servers.checkpoint();
        const { result: run, statements } = await logged(servers, url, () =>
          runRoster({
            tenant: tenantOf(contender),
            tenantsDir: context.tenantsDir,
            database: { url },
            servers: [],
            ...(profiled && { profileDir: dir }),
          }),
        );
        if (run.summary?.status !== 'succeeded') {
          log(
            `  profile of ${contender} ${step}: the run did not succeed (${run.summary?.status ?? run.measurement.stderr.slice(-300)})`,
          );
        }
        if (!profiled) continue;
        done.push({ contender, step, wallMs: run.measurement.wallMs, dir, statements });
        log(
          `  profiled ${contender} ${step}: ${(run.measurement.wallMs / 1000).toFixed(2)} s → ${path.relative(REPO_ROOT, dir)}`,
        );
      }
    } finally {
      await servers.dropDatabase(url);
    }
  }
  // Read once every profiled process is long gone: a profile read straight after its process closed
  // once came out with another thread's totals.
  const runs: ProfiledRun[] = [];
  for (const run of done) {
    const threads =
      run.dir === '' ? [] : await summariseProfiles(run.dir, { repoRoot: REPO_ROOT, limit: 25 });
    runs.push({ ...run, dir: run.dir === '' ? '' : path.relative(REPO_ROOT, run.dir), threads });
  }
  return runs;
}

/** The limit's first load (unlogged), then its changed version with every statement logged. */
async function logLimit(context: ContenderContext, remoteDir: string): Promise<Done> {
  const { servers } = context;
  const key = servers.sftp.users.key;
  const url = await servers.createDatabase();
  const workDir = await mkdtemp(path.join(context.workDir, 'limit-log-'));
  try {
    await migrateRoster({ url });
    await servers.logStatements(url);
    const step = (version: 'first' | 'changed') =>
      runLimitStep(
        {
          host: servers.sftp.host,
          port: servers.sftp.port,
          username: key.username,
          privateKeyPath: key.privateKeyPath,
          hostPublicKey: servers.sftp.hostPublicKey ?? '',
        },
        {
          remotePath: path.posix.join(remoteDir, fileName(version, 'csv')),
          databaseUrl: url,
          tenantId: 'bench-limit',
          workDir,
          psql: servers.psql,
          sshd: undefined,
          postgres: servers.postgresWatch,
        },
      );
    await step('first');
    await servers.checkpoint();
    const { result, statements } = await logged(servers, url, () => step('changed'));
    return {
      contender: 'limit',
      step: 'changed',
      wallMs: result.download.wallMs + (result.apply?.wallMs ?? 0),
      dir: '',
      statements,
    };
  } finally {
    await servers.dropDatabase(url);
    await rm(workDir, { recursive: true, force: true });
  }
}
