/**
 * One benchmark run: the real servers, the files, the tenants, then every contender `runs` times in a
 * rotating order (so that drift on a shared machine spreads over all of them), then the optional
 * profiles. Progress goes to `log`; the result is returned whole.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../roster-command.ts';
import type { BenchOptions } from './bench-options.ts';
import type { BenchResult, ProfiledRun } from './bench-result.ts';
import { startBenchServers } from './bench-servers.ts';
import { CONTENDER_LABELS, type Contender, type Sample, STEP_LABELS } from './bench-types.ts';
import { type ContenderContext, rosterConnection, runContender, tenantOf } from './contenders.ts';
import { codeState, describeMachine } from './machine.ts';
import { describeLoad, machineLoad } from './machine-load.ts';
import { ensurePgloader, type PgloaderAvailability } from './pgloader.ts';
import { type FileSet, type FileSetRequest, prepareFiles } from './prepare-files.ts';
import { profileRoster } from './profile-roster.ts';
import { writeTenant } from './roster-tenant.ts';
import { summarise } from './summarise.ts';
import { checkTargets, type RssReference } from './targets.ts';

export interface RunBenchOptions {
  readonly options: BenchOptions;
  readonly command: string;
  /** Where `--profile` writes its profiles. */
  readonly profileDir: string;
  /** An earlier 100k-row result, to check that memory does not grow with the file. */
  readonly rssReference: RssReference | undefined;
  readonly log: (line: string) => void;
}

/** The file set each contender reads. */
function fileRequests(
  options: BenchOptions,
): Array<FileSetRequest & { readonly users: readonly Contender[] }> {
  const wanted = (contenders: readonly Contender[]) =>
    contenders.filter((name) => options.only.includes(name));
  const requests = [
    {
      folder: 'csv',
      format: 'csv' as const,
      rows: options.rows,
      users: wanted(['limit', 'pgloader', 'csv']),
    },
    { folder: 'xlsx', format: 'xlsx' as const, rows: options.xlsxRows, users: wanted(['xlsx']) },
    { folder: 'json', format: 'json' as const, rows: options.rows, users: wanted(['json']) },
    { folder: 'pglite', format: 'csv' as const, rows: options.pgliteRows, users: wanted(['pglite']) },
  ];
  return requests.filter((request) => request.users.length > 0);
}

function describeSample(sample: Sample): string {
  const peak = `${(sample.clientPeakKiB / 1024).toFixed(0)} MiB`;
  const outcome = sample.ok
    ? sample.status
    : `FAILED (${sample.status}): ${sample.error?.split('\n')[0]?.slice(0, 200)}`;
  return `  ${CONTENDER_LABELS[sample.contender]} · ${STEP_LABELS[sample.step]}: ${(sample.wallMs / 1000).toFixed(2)} s, peak ${peak}, ${outcome}`;
}

export async function runBench(run: RunBenchOptions): Promise<BenchResult> {
  const { options, log } = run;
  const started = Date.now();
  const machine = await describeMachine(
    REPO_ROOT,
    process.env.ROSTER_TEST_PG_BIN_DIR || '/usr/lib/postgresql/15/bin',
  );
  const codeAtStart = await codeState(REPO_ROOT);
  const atStart = await machineLoad();
  log(`machine: ${describeLoad(atStart)}`);
  let only = options.only;
  let pgloader: PgloaderAvailability | undefined;
  if (only.includes('pgloader')) {
    pgloader = await ensurePgloader(log);
    if (!pgloader.available) {
      log(`pgloader will not be measured: ${pgloader.reason}`);
      only = only.filter((name) => name !== 'pgloader');
    }
  }

  log('starting sshd and PostgreSQL (test kit)…');
  await using servers = await startBenchServers();
  const workDir = await mkdtemp(path.join(tmpdir(), 'roster-bench-'));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeWorkDir);
  try {
    log(`generating files (seed ${options.seed})…`);
    const requests = fileRequests({ ...options, only });
    const sets = await prepareFiles(servers, requests, { seed: options.seed, log });
    const files = new Map<Contender, FileSet>();
    requests.forEach((request, index) => {
      const set = sets[index];
      if (set !== undefined) for (const user of request.users) files.set(user, set);
    });

    const tenantsDir = path.join(workDir, 'tenants');
    for (const contender of ['csv', 'xlsx', 'json', 'pglite'] as const) {
      const set = files.get(contender);
      if (set === undefined) continue;
      await writeTenant(tenantsDir, {
        id: tenantOf(contender),
        format: set.format,
        remoteDir: set.remote,
        connection: rosterConnection(servers),
      });
    }

    const context: ContenderContext = { servers, files, tenantsDir, workDir };
    const samples: Sample[] = [];
    for (let iteration = 0; iteration < options.runs; iteration++) {
      const order = only
        .map((_, index) => only[(index + iteration) % only.length])
        .filter((name) => name !== undefined);
      log(`run ${iteration + 1} of ${options.runs}: ${order.join(' → ')}`);
      for (const contender of order) {
        for (const sample of await runContender(context, contender, iteration)) {
          samples.push(sample);
          log(describeSample(sample));
        }
      }
    }

    let profiles: ProfiledRun[] = [];
    if (options.profile) {
      log('profiling Roster (not timed)…');
      profiles = await profileRoster(context, only, run.profileDir, log);
    }

    const summaries = summarise(samples);
    const atEnd = await machineLoad();
    log(`machine: ${describeLoad(atEnd)}`);
    const codeAtEnd = await codeState(REPO_ROOT);
    if (codeAtEnd.fingerprint !== codeAtStart.fingerprint) {
      log(
        `the product code changed during the run (${codeAtStart.commit} → ${codeAtEnd.commit}): the figures mix versions`,
      );
    }
    return {
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      command: run.command,
      options,
      machine,
      load: { atStart, atEnd },
      code: { atStart: codeAtStart, atEnd: codeAtEnd },
      pgloader,
      files: sets.flatMap((set) => [
        { ...set.files.first, folder: set.folder },
        { ...set.files.changed, folder: set.folder },
      ]),
      samples,
      summaries,
      targets: checkTargets(summaries, run.rssReference),
      profiles,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
    process.removeListener('exit', removeWorkDir);
  }
}
