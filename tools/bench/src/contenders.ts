/**
 * What each contender does in one iteration, on its own fresh database: the hand-built limit's first
 * load and changed version; pgloader's load; Roster's first load, changed version, the same file again
 * and `--force` (CSV), or first load and changed version (XLSX, JSON, PGlite).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchServers } from './bench-servers.ts';
import type { Contender, Sample, Step } from './bench-types.ts';
import type { HrVersion } from './generate-hr-file.ts';
import { type LimitConnection, limitCounts, runLimitStep } from './hand-built-limit.ts';
import { PGLOADER_TABLE, runPgloader } from './pgloader.ts';
import { type FileSet, fileName } from './prepare-files.ts';
import { migrateRoster, type RosterDatabase, type RosterRun, runRoster } from './roster-run.ts';
import type { TenantConnection } from './roster-tenant.ts';

export interface ContenderContext {
  readonly servers: BenchServers;
  /** The file set each contender reads (`limit`, `pgloader` and `csv` share the CSV set). */
  readonly files: ReadonlyMap<Contender, FileSet>;
  readonly tenantsDir: string;
  readonly workDir: string;
}

export const STEPS_OF: Readonly<Record<Contender, readonly Step[]>> = {
  limit: ['first', 'changed'],
  pgloader: ['first'],
  csv: ['first', 'changed', 'same', 'resent', 'force'],
  xlsx: ['first', 'changed'],
  json: ['first', 'changed'],
  pglite: ['first', 'changed'],
};

/** The tenant (folder name) Roster runs for a contender. */
export function tenantOf(contender: Contender): string {
  return `bench-${contender}`;
}

/** Runs one contender's steps once; a failed step is a sample with `ok: false`, never an exception. */
export async function runContender(
  context: ContenderContext,
  contender: Contender,
  iteration: number,
): Promise<Sample[]> {
  const files = context.files.get(contender);
  if (files === undefined) throw new Error(`No files were prepared for ${contender}`);
  switch (contender) {
    case 'limit':
      return runLimit(context, files, iteration);
    case 'pgloader':
      return [await runPgloaderLoad(context, files, iteration)];
    case 'csv':
    case 'xlsx':
    case 'json':
    case 'pglite':
      return runRosterSteps(context, contender, files, iteration);
  }
}

const stepVersion = (step: Step): HrVersion => (step === 'first' ? 'first' : 'changed');

async function runLimit(context: ContenderContext, files: FileSet, iteration: number): Promise<Sample[]> {
  const { servers } = context;
  const url = await servers.createDatabase();
  const workDir = await mkdtemp(path.join(context.workDir, 'limit-'));
  try {
    await migrateRoster({ url });
    const samples: Sample[] = [];
    for (const step of STEPS_OF.limit) {
      const version = stepVersion(step);
      await servers.checkpoint();
      const run = await runLimitStep(limitConnection(servers), {
        remotePath: path.posix.join(files.remote, fileName(version, 'csv')),
        databaseUrl: url,
        tenantId: 'bench-limit',
        workDir,
        psql: servers.psql,
        sshd: servers.sshdWatch,
        postgres: servers.postgresWatch,
      });
      const { download, apply } = run;
      const ok = download.exitCode === 0 && apply?.exitCode === 0;
      samples.push({
        contender: 'limit',
        step,
        iteration,
        rows: files.files[version].rows,
        ok,
        wallMs: download.wallMs + (apply?.wallMs ?? 0),
        clientPeakKiB: Math.max(download.peakRssKiB, apply?.peakRssKiB ?? 0),
        clientCpuMs: download.cpuMs + (apply?.cpuMs ?? 0),
        postgres: apply?.servers.find((peak) => peak.server === 'postgres'),
        sshd: download.servers.find((peak) => peak.server === 'sshd'),
        phases: [
          {
            name: 'sftp get',
            wallMs: download.wallMs,
            peakRssKiB: download.peakRssKiB,
            cpuMs: download.cpuMs,
          },
          ...(apply
            ? [
                {
                  name: 'psql \\copy + UPDATE + MERGE',
                  wallMs: apply.wallMs,
                  peakRssKiB: apply.peakRssKiB,
                  cpuMs: apply.cpuMs,
                },
              ]
            : []),
        ],
        status: ok ? 'succeeded' : 'failed',
        counts: apply ? limitCounts(apply) : {},
        ...(!ok && { error: (apply?.stderr || download.stderr).trim().slice(-500) }),
      });
    }
    return samples;
  } finally {
    await servers.dropDatabase(url);
    await rm(workDir, { recursive: true, force: true });
  }
}

async function runPgloaderLoad(
  context: ContenderContext,
  files: FileSet,
  iteration: number,
): Promise<Sample> {
  const { servers } = context;
  const url = await servers.createDatabase();
  const workDir = await mkdtemp(path.join(context.workDir, 'pgloader-'));
  try {
    await servers.sql(url, PGLOADER_TABLE);
    await servers.checkpoint();
    const run = await runPgloader({
      csvPath: path.join(files.local, fileName('first', 'csv')),
      databaseUrl: url,
      workDir,
      postgres: servers.postgresWatch,
    });
    const loaded = Number(await servers.sql(url, 'SELECT count(*) FROM employees'));
    const rows = files.files.first.rows;
    const ok = run.exitCode === 0 && loaded === rows;
    return {
      contender: 'pgloader',
      step: 'first',
      iteration,
      rows,
      ok,
      wallMs: run.wallMs,
      clientPeakKiB: run.peakRssKiB,
      clientCpuMs: run.cpuMs,
      postgres: run.servers.find((peak) => peak.server === 'postgres'),
      sshd: undefined,
      phases: [],
      status: ok ? 'succeeded' : 'failed',
      counts: { loaded },
      ...(!ok && {
        error: `exit ${run.exitCode}, ${loaded} of ${rows} rows loaded: ${run.stderr.trim().slice(-400)}`,
      }),
    };
  } finally {
    await servers.dropDatabase(url);
    await rm(workDir, { recursive: true, force: true });
  }
}

async function runRosterSteps(
  context: ContenderContext,
  contender: Exclude<Contender, 'limit' | 'pgloader'>,
  files: FileSet,
  iteration: number,
): Promise<Sample[]> {
  const { servers } = context;
  const embedded = contender === 'pglite';
  const url = embedded ? undefined : await servers.createDatabase();
  const dataDir = embedded ? await mkdtemp(path.join(context.workDir, 'pglite-')) : undefined;
  const database: RosterDatabase = url !== undefined ? { url } : { dataDir: dataDir ?? '' };
  const watches = [
    ...(embedded ? [] : [servers.postgresWatch]),
    ...(servers.sshdWatch ? [servers.sshdWatch] : []),
  ];
  try {
    await migrateRoster(database);
    const samples: Sample[] = [];
    for (const step of STEPS_OF[contender]) {
      // `same` leaves the applied file as it is (skipped by its listing); every other step gives its
      // file a new modification time, as an upload does (`resent`: the same bytes uploaded again,
      // skipped by checksum).
      if (step !== 'same') await makeNewest(servers, files, stepVersion(step));
      if (!embedded) await servers.checkpoint();
      const run = await runRoster({
        tenant: tenantOf(contender),
        tenantsDir: context.tenantsDir,
        database,
        force: step === 'force',
        servers: watches,
      });
      samples.push(
        rosterSample({ contender, step, iteration, rows: files.files[stepVersion(step)].rows }, run),
      );
    }
    return samples;
  } finally {
    if (url !== undefined) await servers.dropDatabase(url);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

/** How the hand-built limit's `sftp` reaches the bench's server: its key user, the host key pinned. */
export function limitConnection(servers: BenchServers): LimitConnection {
  const { host, port, username, privateKeyPath } = rosterConnection(servers);
  return { host, port, username, privateKeyPath, hostPublicKey: servers.sftp.hostPublicKey ?? '' };
}

/** How Roster's tenants reach the bench's server: the same key user, the host key pinned by fingerprint. */
export function rosterConnection(servers: BenchServers): TenantConnection {
  const key = servers.sftp.users.key;
  return {
    host: servers.sftp.host,
    port: servers.sftp.port,
    username: key.username,
    privateKeyPath: key.privateKeyPath,
    hostKeyFingerprint: servers.sftp.hostKeyFingerprint,
  };
}

/** Makes `version` the newest file of the set, so that the tenant's `employees_*` glob takes it. */
export async function makeNewest(servers: BenchServers, files: FileSet, version: HrVersion): Promise<void> {
  const key = servers.sftp.users.key;
  const now = Date.now();
  const other: HrVersion = version === 'first' ? 'changed' : 'first';
  await key.setMtime(path.posix.join(files.folder, fileName(other, files.format)), new Date(now - 600_000));
  await key.setMtime(path.posix.join(files.folder, fileName(version, files.format)), new Date(now - 300_000));
}

/** What a step must report to count as done: the same file again is skipped, everything else applied. */
const EXPECTED_STATUS: Readonly<Record<Step, string>> = {
  first: 'succeeded',
  changed: 'succeeded',
  same: 'skipped',
  resent: 'skipped',
  force: 'succeeded',
};

export function rosterSample(
  step: { contender: Contender; step: Step; iteration: number; rows: number },
  run: RosterRun,
): Sample {
  const { measurement, summary } = run;
  const status = summary?.status ?? `exit ${measurement.exitCode}`;
  const ok = summary !== undefined && status === EXPECTED_STATUS[step.step];
  const error =
    summary?.error !== undefined
      ? `${summary.error.code}: ${summary.error.message}`
      : (summary?.message ?? measurement.stderr.trim().slice(-500));
  return {
    ...step,
    ok,
    wallMs: measurement.wallMs,
    clientPeakKiB: measurement.peakRssKiB,
    clientCpuMs: measurement.cpuMs,
    postgres: measurement.servers.find((peak) => peak.server === 'postgres'),
    sshd: measurement.servers.find((peak) => peak.server === 'sshd'),
    phases: [],
    status,
    counts: summary?.counts ?? {},
    ...(!ok && { error: error || `expected ${EXPECTED_STATUS[step.step]}, got ${status}` }),
  };
}
