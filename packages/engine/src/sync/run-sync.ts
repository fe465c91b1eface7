/**
 * One sync of one tenant, end to end: pick the file, fetch it to a private temporary file, skip it if
 * it was already applied, read and map it, stage it, check the guards, then apply it in one
 * transaction or refuse it — and record the run either way. Adapters come in through ports; this
 * module decides, it never prints, retries or exits.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FileSpec, type MappingsConfig, mappedColumns, type TenantConfig } from '@roster/config';
import { RosterError, toRosterError } from '../errors.ts';
import type { FileSource, SourceFile } from '../ports/file-source.ts';
import type { TableReader } from '../ports/table.ts';
import {
  type PendingSync,
  type PlanExamples,
  type RunCounts,
  type RunRecord,
  type RunTrigger,
  type StagedRow,
  type UserStore,
  ZERO_COUNTS,
} from '../ports/user-store.ts';
import type { Rejection } from '../profile.ts';
import { approvalGap } from './approval.ts';
import { configFingerprint } from './config-fingerprint.ts';
import { makeDownloadFolder } from './download-folder.ts';
import { sha256OfFile } from './file-sha256.ts';
import { folderContents } from './folder-contents.ts';
import { evaluateGuards, type Refusal, summarizeRefusals } from './guards.ts';
import { statLocalFile } from './local-file.ts';
import { mapFile } from './mapped-rows.ts';
import { outdatedBy } from './outdated-file.ts';
import { planNotes } from './plan-notes.ts';
import { unchangedSince } from './unchanged-file.ts';

export type SyncStatus = 'succeeded' | 'refused' | 'failed' | 'skipped';

export interface SyncTenant {
  readonly id: string;
  readonly dir: string;
  readonly tenant: TenantConfig;
  readonly mappings: MappingsConfig;
}

export interface SyncDependencies {
  readonly store: UserStore;
  /** Opens the tenant's file source (resolving its secrets); closed by the engine. */
  openSource(tenant: SyncTenant): Promise<FileSource>;
  readerFor(file: FileSpec): TableReader;
}

export interface SyncOptions {
  readonly trigger: RunTrigger;
  /** `plan`: compute everything, change nothing, record nothing. */
  readonly dryRun?: boolean;
  /** Apply even when the file's checksum equals the last succeeded run's. */
  readonly force?: boolean;
  /** Apply even when a guard refuses the run, as a refusal reviewed (approval.ts); recorded on the run. */
  readonly approve?: boolean;
  /** The refused run the operator reviewed (`--approve-run N`); implies `approve`. */
  readonly approveRun?: number;
  /** Read this local file instead of fetching from the tenant's source. */
  readonly localFile?: string;
  /**
   * The tenant's source, already opening: a caller that knows the tenant before its database is ready
   * starts the handshake then. Used instead of `deps.openSource`, and closed by the run like its own.
   */
  readonly openingSource?: Promise<FileSource>;
  readonly exampleLimit?: number;
  readonly rejectionDetailLimit?: number;
  readonly signal?: AbortSignal;
  /** Called as rows are staged (for progress bars). */
  readonly onRows?: (rows: number) => void;
  /** Folder for the private download; default the OS temp folder. */
  readonly tempDir?: string;
}

export interface SyncResult {
  readonly tenant: string;
  readonly status: SyncStatus;
  readonly runId: number | undefined;
  readonly counts: RunCounts;
  readonly rejections: readonly Rejection[];
  readonly file?: { readonly name: string; readonly size: number; readonly sha256: string };
  /** Why the run was refused, failed or skipped. */
  readonly message?: string;
  readonly error?: { readonly code: string; readonly message: string; readonly transient: boolean };
  readonly refusals: readonly Refusal[];
  readonly approved: boolean;
  readonly examples?: PlanExamples;
  /** Problems after a successful commit (archiving the file), which do not undo the run. */
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

interface FetchedFile {
  readonly localPath: string;
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly source?: { readonly fileSource: FileSource; readonly file: SourceFile };
}

/**
 * Archives or deletes the fetched file as `file.afterSync` says, once its run is settled. A failure
 * here does not undo the run: it comes back as a warning.
 */
async function tidySource(tenant: SyncTenant, source: FetchedFile['source']): Promise<string[]> {
  const action = tenant.tenant.file.afterSync ?? 'keep';
  if (action === 'keep' || !source) return [];
  try {
    await source.fileSource.afterSync(source.file, action);
    return [];
  } catch (error) {
    return [`The file could not be ${action}d: ${toRosterError(error).message}`];
  }
}

/**
 * The tenant's last succeeded run that took its file from the source. That is usually the last
 * succeeded run itself, already read: the store is asked again only when that run was given a `--file`.
 */
async function lastSourceRunOf(
  store: UserStore,
  tenantId: string,
  previous: RunRecord | undefined,
): Promise<RunRecord | undefined> {
  if (previous?.fileModifiedAt) return previous;
  return store.lastSourceRun(tenantId);
}

/** Said when a file is skipped as applied by run `appliedBy` though a `--file` run came after it. */
function sinceFileRun(appliedBy: number, previous: RunRecord | undefined): string {
  if (previous === undefined || previous.id === appliedBy) return '';
  return `, and run ${previous.id} has applied ${previous.fileName ?? 'a file'} given with --file since: it is not applied again over that`;
}

/** Runs one tenant. Never throws for a failed run: the failure is the result (status `failed`). */
export async function runSync(
  tenant: SyncTenant,
  deps: SyncDependencies,
  options: SyncOptions,
): Promise<SyncResult> {
  const started = performance.now();
  const dryRun = options.dryRun === true;
  const detailLimit = options.rejectionDetailLimit ?? 10_000;
  let runId: number | undefined;
  let fileSource: FileSource | undefined;
  let tempDir: string | undefined;
  let pending: PendingSync | undefined;
  let fetched: FetchedFile | undefined;
  let reader: TableReader | undefined;
  const tenantReader = () => (reader ??= deps.readerFor(tenant.tenant.file));
  let warmReader: Disposable | undefined;
  const base = { tenant: tenant.id, refusals: [] as Refusal[], approved: false, warnings: [] as string[] };
  const finish = (
    result: Omit<SyncResult, keyof typeof base | 'durationMs' | 'runId'> & Partial<typeof base>,
  ): SyncResult => ({
    ...base,
    ...result,
    runId,
    durationMs: Math.round(performance.now() - started),
  });
  /** A run that applies nothing, for `reason`: recorded as skipped (unless a dry run), and its result. */
  const skip = async (
    reason: string,
    extras: { readonly file?: NonNullable<SyncResult['file']>; readonly warnings?: string[] } = {},
  ): Promise<SyncResult> => {
    if (runId !== undefined)
      await deps.store.finishRun(runId, {
        status: 'skipped',
        counts: ZERO_COUNTS,
        error: reason,
        rejections: [],
      });
    return finish({ status: 'skipped', counts: ZERO_COUNTS, rejections: [], message: reason, ...extras });
  };
  /**
   * Skips a file the tenant's data already comes from. It is archived or deleted as an applied file
   * would be (never by a dry run): left in the folder, a copy of an applied file is only clutter,
   * and could be mistaken for a new delivery.
   */
  const skipApplied = async (
    reason: string,
    file: NonNullable<SyncResult['file']>,
    source: FetchedFile['source'],
  ): Promise<SyncResult> => skip(reason, { file, warnings: dryRun ? [] : await tidySource(tenant, source) });

  const configSha256 = configFingerprint(tenant);
  // The source's connection (an SSH handshake: 40-80 ms) opens while the run is being recorded.
  const opening =
    options.openingSource ?? (options.localFile === undefined ? deps.openSource(tenant) : undefined);
  opening?.catch(() => {}); // awaited below, or closed in `finally` when recording the run failed first
  try {
    if (!dryRun)
      runId = await deps.store.startRun({ tenantId: tenant.id, trigger: options.trigger, configSha256 });
    const previous = await deps.store.lastSucceededRun(tenant.id);
    // What the folder's files are compared with: `previous`, unless an operator has applied a `--file`
    // since — then the source file before it, which must not be applied again over the operator's.
    const sourceRun = options.force ? undefined : await lastSourceRunOf(deps.store, tenant.id, previous);
    // The refusal an `--approve` answers, read now: once the file is staged, the embedded database's one
    // connection is the sync's transaction until it commits.
    const approving = options.approve === true || options.approveRun !== undefined;
    const reviewable = approving && !dryRun ? await deps.store.refusalsSinceLastSuccess(tenant.id) : [];

    // 1. The file.
    if (options.localFile !== undefined) {
      const size = (await statLocalFile(options.localFile)).size;
      fetched = {
        localPath: options.localFile,
        name: path.basename(options.localFile),
        size,
        sha256: await sha256OfFile(options.localFile),
      };
    } else {
      fileSource = await (opening as Promise<FileSource>);
      const file = await fileSource.pick();
      if (file === undefined) {
        const message = `No file matching "${tenant.tenant.file.name}" at the tenant's source${await folderContents(fileSource)}`;
        if (tenant.tenant.file.whenMissing === 'skip') return skip(message);
        throw new RosterError('FILE_NOT_FOUND', message, {
          hint: 'Ask the customer to upload the file, or set file.whenMissing: skip',
        });
      }
      // An older file left in the folder (the newest was archived or deleted after its run) would
      // roll the users back to older data: it is skipped, not fetched.
      const outdated = outdatedBy(file, sourceRun);
      if (outdated !== undefined) {
        if (runId !== undefined)
          await deps.store.describeRunFile(runId, {
            name: file.name,
            size: file.size,
            modifiedAt: file.modifiedAt,
          });
        return skip(outdated);
      }
      // The very file the last run applied, by its listing: skipped without a download.
      const unchanged =
        options.force || tenant.tenant.file.trustModificationTime === false
          ? undefined
          : unchangedSince(file, sourceRun, configSha256);
      if (unchanged !== undefined) {
        const fileInfo = { name: file.name, size: file.size, sha256: unchanged.sha256 };
        if (runId !== undefined)
          await deps.store.describeRunFile(runId, { ...fileInfo, modifiedAt: file.modifiedAt });
        // Awaited here: the tidying needs the connection that `finally` closes.
        return await skipApplied(
          `The file is unchanged since run ${unchanged.runId} applied it (same name, size and modification time ${file.modifiedAt.toISOString()}; sha256 ${unchanged.sha256.slice(0, 12)}…)${sinceFileRun(unchanged.runId, previous)}; use --force to apply it again`,
          fileInfo,
          { fileSource, file },
        );
      }
      // Only now, when the file will be read unless its checksum matches: a run skipped by the
      // listing above, the usual one, starts nothing.
      warmReader = tenantReader().warmUp?.();
      tempDir = await makeDownloadFolder(options.tempDir ?? tmpdir());
      const localPath = path.join(tempDir, 'download');
      await fileSource.download(file, localPath, options.signal);
      fetched = {
        localPath,
        name: file.name,
        size: file.size,
        sha256: await sha256OfFile(localPath),
        source: { fileSource, file },
      };
    }
    const fileInfo = { name: fetched.name, size: fetched.size, sha256: fetched.sha256 };
    if (runId !== undefined)
      await deps.store.describeRunFile(runId, {
        ...fileInfo,
        ...(fetched.source && { modifiedAt: fetched.source.file.modifiedAt }),
      });

    // 2. Already applied, by the last run or by the last run that took the source's file? An
    // operator's `--file` since does not make the customer's older file new. Only when the mappings
    // are unchanged too: after a fix to them, the same file gives other users and is applied again.
    // (Runs recorded before fingerprints: file only.)
    const sha256 = fetched.sha256;
    const appliedBy = options.force
      ? undefined
      : [previous, sourceRun].find(
          (run) =>
            run?.fileSha256 === sha256 && (run.configSha256 == null || run.configSha256 === configSha256),
        );
    if (appliedBy !== undefined) {
      return await skipApplied(
        `The file is identical to the one applied by run ${appliedBy.id} (sha256 ${sha256.slice(0, 12)}…)${sinceFileRun(appliedBy.id, previous)}; use --force to apply it again`,
        fileInfo,
        fetched.source,
      );
    }

    // 3. Read, map and stage.
    const mapped = await mapFile({
      path: fetched.localPath,
      fileName: fetched.name,
      reader: tenantReader(),
      mappings: tenant.mappings,
      key: tenant.tenant.key,
      columns: mappedColumns(tenant.mappings).map((column) => column.column),
      rejectionDetailLimit: detailLimit,
      ...(options.signal && { signal: options.signal }),
    });
    const onRows = options.onRows;
    const rows: AsyncIterable<readonly StagedRow[]> = onRows
      ? (async function* () {
          for await (const batch of mapped.batches) {
            yield batch;
            onRows(mapped.stats.rows);
          }
        })()
      : mapped.batches;
    pending = await deps.store.stage({
      tenantId: tenant.id,
      ...(runId !== undefined && { runId }),
      key: tenant.tenant.key,
      rows,
      deactivateMissing: tenant.tenant.lifecycle?.deactivateMissing ?? true,
      rejectionDetailLimit: detailLimit,
    });

    // 4. What it would do, and whether that is safe.
    const plan = pending.plan;
    // Said on every outcome: how the file was read, and, for a refused or planned run, what applying it
    // would also do.
    const runNotes = [...mapped.notes, ...planNotes(plan, tenant.tenant.key, dryRun)];
    const rejections = [...mapped.stats.rejections, ...plan.rejections]
      .sort((a, b) => a.line - b.line)
      .slice(0, detailLimit);
    const rejected = mapped.stats.rejected + plan.rejectedCount;
    const counts: RunCounts = {
      rows: mapped.stats.rows,
      valid: mapped.stats.rows - rejected,
      rejected,
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      reactivated: plan.reactivated,
      deactivated: plan.deactivated,
      ignoredInactive: plan.ignoredInactive,
    };
    const refusals = evaluateGuards({
      counts,
      activeBefore: plan.activeBefore,
      lifecycle: tenant.tenant.lifecycle,
      previousRows: previous?.counts.rows,
      identityChanges: {
        count: plan.readdressed,
        of: tenant.tenant.key === 'employee_id' ? 'e-mail' : 'employee id',
      },
    });
    // An approval covers the refusal the operator reviewed, nothing else (approval.ts).
    const unapproved =
      refusals.length > 0 && approving && !dryRun
        ? approvalGap(
            reviewable,
            { sha256, configSha256, guards: refusals.map((refusal) => refusal.guard) },
            options.approveRun,
          )
        : undefined;
    const refused = refusals.length > 0 && (!approving || unapproved !== undefined);
    const summary = summarizeRefusals(refusals);
    const { guard } = summary;
    const message =
      unapproved === undefined
        ? summary.message
        : `Not applied: ${unapproved}. This run is now the refusal to review; if it is right, run again with --approve. ${summary.message}`;

    if (dryRun) {
      const examples = await pending.examples(options.exampleLimit ?? 5);
      await pending.discard();
      pending = undefined;
      return finish({
        status: refused ? 'refused' : 'succeeded',
        counts,
        rejections,
        file: fileInfo,
        refusals,
        examples,
        warnings: runNotes,
        ...(message && { message }),
      });
    }
    if (refused) {
      await pending.discard();
      pending = undefined;
      if (runId !== undefined) {
        await deps.store.finishRun(runId, {
          status: 'refused',
          counts,
          rejections,
          ...(message && { error: message }),
          ...(guard && { guard }),
          notes: runNotes,
        });
      }
      return finish({
        status: 'refused',
        counts,
        rejections,
        file: fileInfo,
        refusals,
        warnings: runNotes,
        ...(message && { message }),
      });
    }

    // 5. Apply, then tidy the source only once the changes are committed.
    const approved = refusals.length > 0;
    await pending.commit(runId ?? 0, {
      status: 'succeeded',
      counts,
      rejections,
      approved,
      ...(guard && { guard }),
      notes: runNotes,
    });
    pending = undefined;
    const warnings = [...runNotes, ...(await tidySource(tenant, fetched.source))];
    return finish({ status: 'succeeded', counts, rejections, file: fileInfo, refusals, approved, warnings });
  } catch (thrown) {
    // Stopped through the signal: whatever the step that noticed threw (a download's AbortError), the
    // run failed because it was stopped, which is what history should say.
    const error = toRosterError(options.signal?.aborted ? (options.signal.reason ?? thrown) : thrown);
    if (pending) await pending.discard().catch(() => {});
    if (runId !== undefined) {
      await deps.store
        .finishRun(runId, {
          status: 'failed',
          counts: ZERO_COUNTS,
          error: `${error.code}: ${error.message}`,
          rejections: [],
        })
        .catch(() => {}); // the database itself may be what failed
    }
    return finish({
      status: 'failed',
      counts: ZERO_COUNTS,
      rejections: [],
      ...(fetched && { file: { name: fetched.name, size: fetched.size, sha256: fetched.sha256 } }),
      message: error.message,
      error: { code: error.code, message: error.message, transient: error.transient },
    });
  } finally {
    warmReader?.[Symbol.dispose]();
    if (fileSource === undefined) await opening?.then((source) => source.close()).catch(() => {});
    await fileSource?.close().catch(() => {});
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
