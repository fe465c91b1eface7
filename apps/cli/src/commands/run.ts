import path from 'node:path';
import {
  type FileSource,
  failedSyncResult,
  mapWithConcurrency,
  RosterError,
  runSync,
  type SyncResult,
  type SyncTenant,
} from '@roster/engine';
import { type CliContext, displayPath } from '../cli-context.ts';
import type { Command } from '../command.ts';
import { EXIT, type ExitCode, isConnectionFailure } from '../exit-codes.ts';
import { loadValidTenant } from '../load-valid-tenant.ts';
import { describeResult, painter, resultJson, summaryTable } from '../output/sync-report.ts';
import { createProgress } from '../progress.ts';
import { openRuntime, sourceOpener } from '../runtime.ts';
import { resolveTenantDirs } from '../tenant-dirs.ts';

/** 3 when a server or connection failed (for any tenant), 1 when a run was refused or failed on bad input. */
export function exitCodeForResults(results: readonly SyncResult[]): ExitCode {
  const unreachable = results.some(
    (result) => result.status === 'failed' && result.error && isConnectionFailure(result.error),
  );
  if (unreachable) return EXIT.unavailable;
  if (results.some((result) => result.status === 'failed' || result.status === 'refused')) return EXIT.bad;
  return EXIT.ok;
}

interface EarlySource {
  readonly tenant: SyncTenant;
  readonly opening: Promise<FileSource>;
}

/**
 * With one tenant and its own file, the SFTP handshake starts before the database opens instead of
 * after it: the database's connection and schema check take ~60 ms and the config ~27 ms, the
 * handshake ~90 ms. They overlap only in part (both want the main thread): a skipped run of a local
 * server measured ~20 ms shorter (medians of 10, BENCHMARKS.md). An invalid tenant starts nothing
 * here: its run loads it again and reports it as before.
 */
async function openSourceEarly(
  context: CliContext,
  dirs: readonly string[],
  file: string | undefined,
): Promise<EarlySource | undefined> {
  const dir = dirs[0];
  if (dirs.length !== 1 || dir === undefined || file !== undefined) return undefined;
  const tenant = await loadValidTenant(context, dir).catch(() => undefined);
  if (tenant === undefined) return undefined;
  const opening = sourceOpener(context)(tenant);
  opening.catch(() => {}); // the run awaits it and reports its failure
  return { tenant, opening };
}

export const runCommand: Command = {
  name: 'run',
  summary: 'fetch, read, map and apply: create, update, reactivate and deactivate users in one transaction',
  usage:
    'run TENANT… | --all [--file PATH] [--force] [--approve | --approve-run RUN] [--concurrency N] [--queue]',
  options: {
    all: { type: 'boolean' },
    file: { type: 'string' },
    force: { type: 'boolean' },
    approve: { type: 'boolean' },
    'approve-run': { type: 'string' },
    concurrency: { type: 'string' },
    queue: { type: 'boolean' },
  },
  async run(context, positionals, values) {
    if (values.all === true && positionals.length > 0)
      throw new RosterError('USAGE', 'Give tenant names or --all, not both');
    if (values.all !== true && positionals.length === 0)
      throw new RosterError('USAGE', 'Name the tenants to run, or pass --all');
    const dirs = await resolveTenantDirs(context, values.all === true ? [] : positionals);
    const file = typeof values.file === 'string' ? path.resolve(context.userCwd, values.file) : undefined;
    if (file && dirs.length !== 1) throw new RosterError('USAGE', '--file applies to one tenant at a time');
    const concurrency = Number(values.concurrency ?? 4);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RosterError(
        'USAGE',
        `Invalid --concurrency "${String(values.concurrency)}": a whole number ≥ 1`,
      );

    // The refused run an operator reviewed, by its number in `roster history`: what --approve then covers.
    const approveRunText = values['approve-run'];
    const approveRun = typeof approveRunText === 'string' ? Number(approveRunText) : undefined;
    if (approveRun !== undefined && (!Number.isInteger(approveRun) || approveRun < 1))
      throw new RosterError(
        'USAGE',
        `Invalid --approve-run "${String(approveRunText)}": a run number from roster history`,
      );
    if (approveRun !== undefined && dirs.length !== 1)
      throw new RosterError(
        'USAGE',
        "--approve-run names one tenant's refused run: run one tenant at a time",
      );
    const approval = { approve: values.approve === true, ...(approveRun !== undefined && { approveRun }) };

    if (values.queue === true) {
      if (file)
        throw new RosterError(
          'USAGE',
          "--queue runs the tenant's own file on a scheduler replica; --file cannot be queued",
        );
      const requests = dirs.map((dir) => ({
        tenant: path.basename(dir),
        trigger: 'manual' as const,
        force: values.force === true,
        ...approval,
      }));
      for (const dir of dirs) await loadValidTenant(context, dir);
      // The job-queue client loads only for --queue.
      const { enqueueSyncs } = await import('@roster/scheduler');
      const queued = await enqueueSyncs(context.env.DATABASE_URL || undefined, requests);
      // A tenant has one sync waiting at most, and the waiting one is run as it was asked for: a
      // --force or --approve that could not be queued must not pass for done.
      const asked = [
        values.force === true && '--force',
        (values.approve === true || approveRun !== undefined) && '--approve',
      ]
        .filter(Boolean)
        .join(' and ');
      const describe = (entry: (typeof queued)[number]) =>
        entry.jobId
          ? `queued (job ${entry.jobId}); a scheduler replica will run it`
          : asked
            ? `not queued: a sync of it is already waiting, and the scheduler runs that one as it was asked for, which may be without ${asked}; queue this again once it has run`
            : 'a sync is already waiting; the scheduler will run that one';
      if (context.json) context.stdout.write(`${JSON.stringify(queued, null, 2)}\n`);
      else for (const entry of queued) context.stdout.write(`${entry.tenant}: ${describe(entry)}\n`);
      return asked && queued.some((entry) => entry.jobId === null) ? EXIT.bad : EXIT.ok;
    }
    const early = await openSourceEarly(context, dirs, file);
    await using runtime = await openRuntime(context).catch(async (error: unknown) => {
      // A connection left open would keep the process alive after the error.
      await early?.opening.then((source) => source.close()).catch(() => {});
      throw error;
    });
    const progress = createProgress(
      context.stderr as NodeJS.WritableStream & { isTTY?: boolean },
      !context.json,
    );
    const paint = painter(context.stdout.isTTY === true && !context.env.NO_COLOR);
    // Ctrl-C stops the runs in progress: they roll back and are recorded as INTERRUPTED, where the
    // process used to die with them still 'running' in history until the tenant's next run (a
    // sweep saw it). A second Ctrl-C quits at once.
    const interrupt = new AbortController();
    const onInterrupt = () => {
      if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
      context.stderr.write('Stopping: the runs in progress roll back (Ctrl-C again to quit at once)\n');
      interrupt.abort(
        new RosterError('INTERRUPTED', 'Stopped by Ctrl-C before the run finished; nothing was applied', {
          hint: 'Run it again when you are ready',
        }),
      );
    };
    process.on('SIGINT', onInterrupt);
    // The embedded database is one connection: tenants take turns on it.
    const limit = runtime.database.kind === 'embedded' ? 1 : concurrency;
    const results = await mapWithConcurrency(dirs, limit, async (dir) => {
      const id = path.basename(dir);
      progress.start(id);
      let result: SyncResult;
      try {
        // `early` exists only when `dir` is the command's one tenant.
        const tenant = early?.tenant ?? (await loadValidTenant(context, dir));
        result = await runSync(tenant, runtime.deps, {
          trigger: 'manual',
          force: values.force === true,
          ...approval,
          ...(file && { localFile: file }),
          ...(early && { openingSource: early.opening }),
          onRows: (rows) => progress.rows(id, rows),
          signal: interrupt.signal,
        });
      } catch (error) {
        // An invalid tenant is a failed run of that tenant only: the others go on.
        const failure = error instanceof RosterError ? error : new RosterError('INTERNAL', String(error));
        result = failedSyncResult(id, failure);
      }
      progress.finish(id, result.status);
      if (!context.json)
        context.stdout.write(`${describeResult(result, paint, { rejectionLimit: 10, verb: 'did' })}\n\n`);
      return result;
    }).finally(() => process.off('SIGINT', onInterrupt));
    progress.stop();
    if (context.json) {
      const output = results.map(resultJson);
      context.stdout.write(
        `${JSON.stringify(output.length === 1 && values.all !== true ? output[0] : output, null, 2)}\n`,
      );
    } else if (results.length > 1) {
      context.stdout.write(`${summaryTable(results)}\n`);
    }
    if (!context.json && runtime.database.kind === 'embedded') {
      context.stderr.write(
        paint(
          'dim',
          `(embedded database in ${displayPath(context, path.resolve(process.cwd(), context.env.ROSTER_DATA_DIR ?? '.roster'))}; set DATABASE_URL for PostgreSQL)\n`,
        ),
      );
    }
    return interrupt.signal.aborted ? EXIT.interrupted : exitCodeForResults(results);
  },
};
