/**
 * The engine's UserStore on PostgreSQL or PGlite: stage with COPY, plan and apply with set-based SQL,
 * all in one transaction, and keep the run history.
 */
import { randomBytes } from 'node:crypto';
import {
  collectGarbageEvery,
  duplicateKeyRejection,
  duplicateOtherRejection,
  type FieldChange,
  type KeyField,
  otherIdentifier,
  type PendingSync,
  type PlanExamples,
  type Rejection,
  type Renumbered,
  RosterError,
  type RunCounts,
  type RunFile,
  type RunFinish,
  type RunRecord,
  type StagedRow,
  type StageRequest,
  type UserStore,
} from '@roster/engine';
import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { RosterDatabase } from './database.ts';
import { toDatabaseError } from './database-errors.ts';
import { isAbandoned, thisRunner } from './run-runner.ts';
import type { RosterSchema } from './schema.ts';
import { kyselyForSession } from './session-dialect.ts';
import type { SqlSession } from './sql-session.ts';
import { StagingEncoder, type StagingTally } from './staging-encoder.ts';
import * as statements from './sync-statements.ts';
import { UuidV7Source } from './uuid-v7.ts';

/**
 * Rows staged between two full garbage collections (see @roster/engine's garbage.ts): at a million
 * rows, changed version, 6 alternations, peak RSS 137–143 MiB against 142–151 MiB without, in the
 * same time (the 100k file's 131–139 MiB is unchanged).
 */
export const OLD_GARBAGE_EVERY_ROWS = 100_000;

/**
 * COPY text for every batch, encoded (and tallied) by `encoder`; the old generation collected every
 * `collectEveryRows` rows.
 */
async function* encoded(
  batches: AsyncIterable<readonly StagedRow[]>,
  encoder: StagingEncoder,
  collectEveryRows: number,
): AsyncGenerator<Uint8Array> {
  const collect = collectGarbageEvery('major', collectEveryRows);
  let rows = 0;
  for await (const batch of batches) {
    if (batch.length > 0) yield* encoder.encode(batch);
    rows += batch.length;
    collect(rows);
  }
}

/**
 * Runs a duplicate check on the rows with a repeated hash only, or skips it when there are none.
 * Statement `$1` is the detail limit, `$2` the repeated hashes.
 */
async function rejectDuplicates<T extends { total: number }>(
  session: SqlSession,
  repeated: readonly number[] | 'all',
  statement: (among: 'repeated' | 'all') => string,
  rejectionDetailLimit: number,
): Promise<Counted<T>> {
  if (repeated === 'all') return counted<T>(session, statement('all'), [rejectionDetailLimit]);
  if (repeated.length === 0) return { rows: [], total: 0 };
  return counted<T>(session, statement('repeated'), [rejectionDetailLimit, repeated]);
}

interface Counted<T> {
  readonly rows: T[];
  readonly total: number;
}

async function counted<T extends { total: number }>(
  session: SqlSession,
  text: string,
  values: unknown[],
): Promise<Counted<T>> {
  const { rows } = await session.query<T>(text, values);
  return { rows, total: rows[0]?.total ?? 0 };
}

const RUN_COLUMNS = {
  rows: 'rows',
  valid: 'valid',
  rejected: 'rejected',
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  reactivated: 'reactivated',
  deactivated: 'deactivated',
  ignoredInactive: 'ignored_inactive',
} as const satisfies Record<keyof RunCounts, string>;

function countsColumns(counts: RunCounts) {
  return Object.fromEntries(
    Object.entries(RUN_COLUMNS).map(([from, to]) => [to, counts[from as keyof RunCounts]]),
  ) as Record<(typeof RUN_COLUMNS)[keyof RunCounts], number>;
}

/** A query of sync_runs rows, as the newest-run lookups narrow it. */
type RunQuery = SelectQueryBuilder<RosterSchema, 'sync_runs', Selectable<RosterSchema['sync_runs']>>;

type RunRow = {
  id: number | string;
  tenant_id: string;
  trigger: RunRecord['trigger'];
  status: RunRecord['status'];
  file_name: string | null;
  file_size: number | string | null;
  file_sha256: string | null;
  file_modified_at: Date | null;
  config_sha256: string | null;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  guard: string | null;
  approved: boolean;
  notes: string[] | null;
} & Record<(typeof RUN_COLUMNS)[keyof RunCounts], number>;

function toRunRecord(row: RunRow): RunRecord {
  const counts = Object.fromEntries(
    Object.entries(RUN_COLUMNS).map(([to, from]) => [to, Number(row[from])]),
  ) as unknown as RunCounts;
  return {
    id: Number(row.id),
    tenantId: row.tenant_id,
    trigger: row.trigger,
    status: row.status,
    fileName: row.file_name,
    fileSize: row.file_size === null ? null : Number(row.file_size),
    fileSha256: row.file_sha256,
    fileModifiedAt: row.file_modified_at === null ? null : new Date(row.file_modified_at),
    configSha256: row.config_sha256,
    startedAt: new Date(row.started_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    counts,
    error: row.error,
    guard: row.guard,
    approved: row.approved,
    notes: row.notes ?? [],
  };
}

/** Field-level differences between a stored person and a staged row, for `plan`. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of statements.COMPARED_FIELDS) {
    if ((before[field] ?? null) !== (after[field] ?? null))
      changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
  }
  const beforeAttributes = (before.attributes ?? {}) as Record<string, unknown>;
  const afterAttributes = (after.attributes ?? {}) as Record<string, unknown>;
  for (const name of new Set([...Object.keys(beforeAttributes), ...Object.keys(afterAttributes)])) {
    if (JSON.stringify(beforeAttributes[name] ?? null) !== JSON.stringify(afterAttributes[name] ?? null)) {
      changes.push({
        field: `attributes.${name}`,
        before: beforeAttributes[name] ?? null,
        after: afterAttributes[name] ?? null,
      });
    }
  }
  return changes;
}

async function writeRejections(
  session: SqlSession,
  runId: number,
  rejections: readonly Rejection[],
): Promise<void> {
  // Rejections go in with one multi-row statement per few hundred rows: they are few (capped) and
  // this keeps them inside the run's transaction on both drivers.
  for (let start = 0; start < rejections.length; start += 500) {
    const slice = rejections.slice(start, start + 500);
    const values: unknown[] = [];
    const tuples = slice.map((rejection, index) => {
      values.push(runId, rejection.line, rejection.key, rejection.field, rejection.code, rejection.message);
      const at = index * 6;
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6})`;
    });
    await session.query(
      `INSERT INTO sync_rejections (run_id, line, key, field, code, message) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}

async function recordFinish(session: SqlSession, runId: number, finish: RunFinish): Promise<void> {
  const db = kyselyForSession(session);
  await db
    .updateTable('sync_runs')
    .set({
      status: finish.status,
      // The wall clock, not now(): that is the transaction's start, which for a run that stages its
      // file in this transaction is before the file was even read.
      finished_at: sql<Date>`clock_timestamp()`,
      ...countsColumns(finish.counts),
      error: finish.error ?? null,
      guard: finish.guard ?? null,
      approved: finish.approved ?? false,
      ...(finish.notes !== undefined && finish.notes.length > 0 && { notes: [...finish.notes] }),
    })
    .where('id', '=', runId)
    .execute();
  await writeRejections(session, runId, finish.rejections);
}

/**
 * A run interrupted by a crash stays "running" forever: once its tenant's lock is ours, those whose
 * process is gone (run-runner.ts) are marked failed. Nothing of theirs was applied: applying happens
 * under the lock, which their death released.
 */
async function markAbandonedRuns(
  session: SqlSession,
  tenantId: string,
  current: number | undefined,
  certainty: Parameters<typeof isAbandoned>[2] = 'presumed too',
) {
  const { rows } = await session.query<{ id: number | string; runner: string | null; started_at: Date }>(
    `SELECT id, runner, started_at FROM sync_runs WHERE tenant_id = $1 AND status = 'running' AND id <> $2`,
    [tenantId, current ?? -1],
  );
  const now = new Date();
  const abandoned = rows
    .filter((row) => isAbandoned({ runner: row.runner, startedAt: new Date(row.started_at) }, now, certainty))
    .map((row) => Number(row.id));
  if (abandoned.length === 0) return;
  await session.query(
    `UPDATE sync_runs SET status = 'failed', finished_at = clock_timestamp(), error = 'Interrupted: the process stopped before the run finished; nothing was applied'
     WHERE id = ANY($1::bigint[])`,
    [abandoned],
  );
}

/**
 * A tenant whose `key` changed has users stored under the old one: they are matched by the new key
 * from this run on (inside its transaction, so a refused run changes nothing), or the run stops when
 * the new key cannot tell its active users apart. Returns how many users changed key, and how many
 * inactive ones stay under the old key as history (sync-statements.ts `rekey`).
 */
async function rekeyIfChanged(
  session: SqlSession,
  tenantId: string,
  key: KeyField,
): Promise<{ readonly moved: number; readonly kept: number }> {
  const { rows } = await session.query<{ needed: boolean }>(statements.needsRekey(key), [tenantId]);
  if (!rows[0]?.needed) return { moved: 0, kept: 0 };
  const old = otherIdentifier(key);
  const problems = (
    await session.query<{ without_key: number; repeated: number; examples: string[] }>(
      statements.rekeyProblems(key),
      [tenantId],
    )
  ).rows[0];
  if (problems && (problems.without_key > 0 || problems.repeated > 0)) {
    const why = [
      problems.without_key > 0 &&
        `${problems.without_key} active ${problems.without_key === 1 ? 'user has' : 'users have'} no ${key}`,
      problems.repeated > 0 &&
        `${problems.repeated} ${key} ${problems.repeated === 1 ? 'value belongs' : 'values belong'} to more than one active user (${problems.examples.join(', ')}${problems.repeated > problems.examples.length ? ', …' : ''})`,
    ].filter(Boolean);
    throw new RosterError(
      'KEY_CHANGE_CONFLICT',
      `Tenant ${tenantId} now has key: ${key}, but its users were synced by ${old} and cannot all be matched by ${key}: ${why.join('; ')}; nothing was applied`,
      {
        hint: `Set key: ${old} again, or correct those users in the users table (tenant_id '${tenantId}') first`,
      },
    );
  }
  const moved = (await session.query(statements.rekey(key), [tenantId])).affectedRows;
  const kept = (await session.query<{ kept: number }>(statements.keptUnderOldKey(key), [tenantId])).rows[0]
    ?.kept;
  return { moved, kept: kept ?? 0 };
}

/** How many people the file would create under a new key for a user it deactivates, with examples. */
async function renumberedPeople(session: SqlSession, key: KeyField): Promise<Renumbered | undefined> {
  const { rows } = await session.query<{ before: string; after: string; shared: string; total: number }>(
    statements.renumberedPeople(key),
    [RENUMBERED_EXAMPLES],
  );
  if (rows.length === 0) return undefined;
  return {
    total: rows[0]?.total ?? rows.length,
    examples: rows.map(({ before, after, shared }) => ({ before, after, shared })),
  };
}

const RENUMBERED_EXAMPLES = 3;

/**
 * Marks the rows that would leave an e-mail (or, keyed by e-mail, an employee id) with two active
 * people (see sync-statements.ts `rejectTakenIdentifiers`), moves their counts in `actions` from what
 * they would have done to `moved` / `taken`, and returns their rejections.
 */
async function rejectTakenIdentifiers(
  session: SqlSession,
  check: { readonly tenantId: string; readonly key: KeyField; readonly lookup: 'index' | 'hash' },
  actions: Map<string, number>,
): Promise<Rejection[]> {
  const { tenantId, key, lookup } = check;
  // A lookup per row is a nested loop: allowed for this statement only.
  if (lookup === 'index') await session.query(statements.INDEXED_PLANS_AGAIN);
  const { rows } = await session.query<{
    line: number;
    key: string;
    value: string;
    holder: string;
    verdict: 'moved' | 'taken';
    was: string;
  }>(statements.rejectTakenIdentifiers(key, lookup), [tenantId]);
  if (lookup === 'index') await session.query(statements.BULK_PLANS_ONLY);
  const other = otherIdentifier(key);
  const label = other === 'email' ? 'e-mail' : 'employee id';
  return rows.map((row) => {
    actions.set(row.was, (actions.get(row.was) ?? 1) - 1);
    actions.set(row.verdict, (actions.get(row.verdict) ?? 0) + 1);
    const moved = row.verdict === 'moved';
    return {
      line: row.line,
      key: row.key,
      field: other,
      code: moved ? 'IDENTITY_SWAP' : other === 'email' ? 'EMAIL_IN_USE' : 'EMPLOYEE_ID_IN_USE',
      message: moved
        ? `The ${label} ${row.value} belongs to ${key} ${row.holder}, who is given another ${label} in this file: ${label}s passing between people are not applied (one person would get another's account). Check with the customer`
        : `The ${label} ${row.value} belongs to ${key} ${row.holder}, who stays active; two active people cannot share it, so the row is not applied. Check with the customer which person it belongs to`,
    };
  });
}

export interface SqlUserStoreOptions {
  /**
   * Up to how many rows taking an identifier are checked by index lookups rather than one hash join
   * (sync-statements.ts `IDENTITY_LOOKUPS_UP_TO`); tests set it to reach both ways.
   */
  readonly identityLookupsUpTo?: number;
  /** Rows staged between two full garbage collections (default {@link OLD_GARBAGE_EVERY_ROWS}). */
  readonly oldGarbageEveryRows?: number;
}

/**
 * What a first load's rows do: with nobody stored to compare with, every valid row creates its person,
 * or is ignored when it is inactive — what the comparison would say of each, without building its
 * table of every row (at 100k rows that table, its statistics and its count were ~0.3 s of a first
 * load's database time in `pnpm bench --profile`).
 */
async function firstLoadActions(
  session: SqlSession,
): Promise<{ actions: Map<string, number>; readdressed: number }> {
  const { rows } = await session.query<{ action: string; n: number }>(statements.FIRST_LOAD_ACTIONS);
  return { actions: new Map(rows.map((row) => [row.action, row.n])), readdressed: 0 };
}

/** `plan`'s examples for a first load: the first people it creates; nobody is updated or deactivated. */
async function firstLoadExamples(session: SqlSession, key: KeyField, limit: number): Promise<PlanExamples> {
  const created = await session.query<{ line: number; key: string; email: string | null; name: string }>(
    statements.exampleCreated(key, 'first load'),
    [limit],
  );
  return { created: created.rows, updated: [], reactivated: [], deactivated: [] };
}

export class SqlUserStore implements UserStore {
  readonly #database: RosterDatabase;
  readonly #identityLookupsUpTo: number;
  readonly #oldGarbageEveryRows: number;

  constructor(database: RosterDatabase, options: SqlUserStoreOptions = {}) {
    this.#database = database;
    this.#identityLookupsUpTo = options.identityLookupsUpTo ?? statements.IDENTITY_LOOKUPS_UP_TO;
    this.#oldGarbageEveryRows = options.oldGarbageEveryRows ?? OLD_GARBAGE_EVERY_ROWS;
  }

  async startRun(start: Parameters<UserStore['startRun']>[0]): Promise<number> {
    try {
      const row = await this.#database.db
        .insertInto('sync_runs')
        .values({
          tenant_id: start.tenantId,
          trigger: start.trigger,
          status: 'running',
          file_name: start.fileName ?? null,
          file_size: start.fileSize ?? null,
          file_sha256: start.fileSha256 ?? null,
          config_sha256: start.configSha256 ?? null,
          runner: thisRunner(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const runId = Number(row.id);
      // Also here, not only when staging: a run killed while downloading stayed "running" in history
      // through every run skipped by checksum after it (a lifecycle sweep). Only runs of this machine,
      // whose process can be checked: without the tenant's lock, a long run elsewhere may be alive.
      await markAbandonedRuns(this.#plainSession, start.tenantId, runId, 'checked only');
      return runId;
    } catch (error) {
      throw toDatabaseError(error, 'recording the run');
    }
  }

  /** Statements outside any transaction, for the helpers that take a session. */
  get #plainSession(): SqlSession {
    const database = this.#database;
    return {
      async query(text, values = []) {
        const { rows } = await database.executeSql(text, values);
        return { rows: rows as never[], affectedRows: rows.length };
      },
      copyFrom() {
        throw new Error('COPY runs only inside a sync transaction');
      },
    };
  }

  async describeRunFile(runId: number, file: RunFile): Promise<void> {
    await this.#database.db
      .updateTable('sync_runs')
      .set({
        file_name: file.name,
        file_size: file.size,
        file_sha256: file.sha256 ?? null,
        file_modified_at: file.modifiedAt ?? null,
      })
      .where('id', '=', runId)
      .execute()
      .catch((error: unknown) => {
        throw toDatabaseError(error, 'recording the run');
      });
  }

  async finishRun(runId: number, finish: RunFinish): Promise<void> {
    const transaction = await this.#database.begin();
    try {
      await recordFinish(transaction.session, runId, finish);
      await transaction.commit();
    } catch (error) {
      await transaction.rollback();
      throw toDatabaseError(error, 'recording the end of the run');
    }
  }

  async lastSucceededRun(tenantId: string): Promise<RunRecord | undefined> {
    return (await this.#newestRuns(tenantId, 'succeeded', 1, (query) => query))[0];
  }

  async refusalsSinceLastSuccess(tenantId: string): Promise<readonly RunRecord[]> {
    return this.#newestRuns(tenantId, 'refused', 50, (query) =>
      query.where(({ eb, selectFrom }) =>
        eb(
          'id',
          '>',
          selectFrom('sync_runs as succeeded')
            .select(({ fn }) => fn.coalesce(fn.max('succeeded.id'), eb.val(0)).as('since'))
            .where('succeeded.tenant_id', '=', tenantId)
            .where('succeeded.status', '=', 'succeeded'),
        ),
      ),
    );
  }

  async lastSourceRun(tenantId: string): Promise<RunRecord | undefined> {
    return (
      await this.#newestRuns(tenantId, 'succeeded', 1, (query) =>
        query.where('file_modified_at', 'is not', null),
      )
    )[0];
  }

  /** The tenant's newest runs of `status` that `narrow` also keeps, newest first, at most `limit`. */
  async #newestRuns(
    tenantId: string,
    status: RunRecord['status'],
    limit: number,
    narrow: (query: RunQuery) => RunQuery,
  ): Promise<RunRecord[]> {
    const rows = await narrow(
      this.#database.db
        .selectFrom('sync_runs')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('status', '=', status),
    )
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
      .catch((error: unknown) => {
        throw toDatabaseError(error, 'reading the run history');
      });
    return rows.map((row) => toRunRecord(row as unknown as RunRow));
  }

  async history(tenantId: string, limit: number): Promise<readonly RunRecord[]> {
    const rows = await this.#database.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => toRunRecord(row as unknown as RunRow));
  }

  async rejectionsOf(runId: number, limit: number): Promise<readonly Rejection[]> {
    const rows = await this.#database.db
      .selectFrom('sync_rejections')
      .select(['line', 'key', 'field', 'code', 'message'])
      .where('run_id', '=', runId)
      .orderBy('line')
      .limit(limit)
      .execute();
    return rows as Rejection[];
  }

  async stage(request: StageRequest): Promise<PendingSync> {
    const { tenantId, key, rejectionDetailLimit } = request;
    const transaction = await this.#database.begin();
    const { session } = transaction;
    try {
      const { rows: lock } = await session.query<{ locked: boolean }>(statements.TRY_TENANT_LOCK, [tenantId]);
      if (!lock[0]?.locked) {
        throw new RosterError('RUN_IN_PROGRESS', `Another run of tenant ${tenantId} is in progress`, {
          transient: true,
          hint: 'Wait for it to finish; runs of one tenant never overlap',
        });
      }
      await markAbandonedRuns(session, tenantId, request.runId);
      await session.query(statements.BULK_PLANS_ONLY);
      if (this.#database.kind === 'postgres') {
        await session.query(statements.syncWorkMem());
        await session.query(statements.NO_JIT);
      }
      const rekey = await rekeyIfChanged(session, tenantId, key);
      // Nobody yet (a first load): everyone staged will be created, so their ids are made as they are
      // staged, by the client (uuid-v7.ts says why), and there is nobody to compare the file with.
      const { rows: tenant } = await session.query<{ empty: boolean }>(statements.TENANT_IS_EMPTY, [
        tenantId,
      ]);
      const firstLoad = tenant[0]?.empty === true;
      await session.query(statements.CREATE_STAGING);
      let staged: StagingTally;
      {
        using encoder = new StagingEncoder(
          key,
          rejectionDetailLimit,
          firstLoad ? new UuidV7Source() : undefined,
        );
        await session.copyFrom(
          statements.COPY_STAGING,
          encoded(request.rows, encoder, this.#oldGarbageEveryRows),
        );
        staged = encoder.finish();
      }

      const rejections: Rejection[] = [...staged.rejections];
      const duplicates = await rejectDuplicates<{
        line: number;
        key: string;
        occurrences: number;
        total: number;
      }>(
        session,
        staged.repeatedKeys,
        (among) => statements.rejectDuplicateKeys(key, among),
        rejectionDetailLimit,
      );
      for (const row of duplicates.rows) rejections.push(duplicateKeyRejection(key, row));
      const duplicateOthers = await rejectDuplicates<{
        line: number;
        key: string;
        other: string;
        total: number;
      }>(
        session,
        staged.repeatedOthers,
        (among) => statements.rejectDuplicateOthers(key, among),
        rejectionDetailLimit,
      );
      for (const row of duplicateOthers.rows) rejections.push(duplicateOtherRejection(key, row));
      // A first load compares with nobody: what each row does follows from the row alone.
      const { actions, readdressed } = firstLoad
        ? await firstLoadActions(session)
        : await this.#compare(
            session,
            { tenantId, key, deactivateMissing: request.deactivateMissing },
            staged.namedByOther > 0 || duplicates.total > 0 || duplicateOthers.total > 0,
            rejections,
          );
      const count = (action: string) => actions.get(action) ?? 0;
      const missing = count('missing');
      const changed = [...actions.values()].reduce((sum, n) => sum + n, 0) - missing;
      const swaps = count('swap');
      const other = otherIdentifier(key);
      if (swaps > 0) {
        const { rows } = await session.query<{
          line: number;
          key: string;
          before_other: string;
          after_other: string;
        }>(statements.swapsOf(key), [rejectionDetailLimit]);
        for (const row of rows) {
          rejections.push({
            line: row.line,
            key: row.key,
            field: other,
            code: 'IDENTITY_SWAP',
            message: `The ${key} "${row.key}" belonged to another person (${other} ${row.before_other}, now ${row.after_other}, and a different name); the row is not applied. Check the ids with the customer`,
          });
        }
      }
      const deactivated = count('deactivate') + missing;
      // Only a run that deactivates someone, or gives someone another identifier, is held against the
      // tenant's active users (maxDeactivations; maxIdentityChanges when the file is a short list of
      // changes): counting them (a scan of all, 0.13 s at a million) would otherwise be wasted.
      const activeBefore =
        deactivated > 0 || readdressed > 0
          ? ((await session.query<{ active: number }>(statements.COUNT_ACTIVE, [tenantId])).rows[0]?.active ??
            0)
          : undefined;
      const duplicatesRejected = duplicates.total + duplicateOthers.total;
      // Asked only when the run both creates and deactivates someone: rare, and the join is small then.
      const renumbered =
        count('create') > 0 && missing > 0 ? await renumberedPeople(session, key) : undefined;

      let settled = false;
      const settle = () => {
        if (settled) throw new Error('This staged sync was already committed or discarded');
        settled = true;
      };
      return {
        plan: {
          created: count('create'),
          updated: count('update'),
          unchanged: staged.users - duplicatesRejected - changed,
          reactivated: count('reactivate'),
          deactivated,
          ignoredInactive: count('ignore'),
          readdressed,
          activeBefore,
          rejections: rejections.sort((a, b) => a.line - b.line),
          rejectedCount: duplicatesRejected + swaps + count('moved') + count('taken') + staged.rejectedCount,
          rekeyed: rekey.moved,
          ...(rekey.kept > 0 && { keptAsHistory: rekey.kept }),
          ...(renumbered && { renumbered }),
        },
        examples: (limit) =>
          firstLoad ? firstLoadExamples(session, key, limit) : this.#examples(session, key, limit),
        async commit(runId, finish) {
          settle();
          try {
            const updating = count('update') + count('reactivate') + count('deactivate');
            if (firstLoad) {
              await session.query(statements.insertFirstLoad(key), [tenantId]);
            } else if (missing + updating + count('create') > 0) {
              // Only the changed rows are touched, each by its primary key; a statement with no row to
              // touch is not sent (a run of an unchanged file, `--force`, sends none of them).
              await session.query(statements.ANALYZE_CHANGES);
              await session.query(statements.INDEXED_PLANS_AGAIN);
              if (missing > 0) await session.query(statements.DEACTIVATE_MISSING);
              if (updating > 0) await session.query(statements.UPDATE_CHANGED);
              if (count('create') > 0)
                await session.query(statements.insertCreated(key), [
                  tenantId,
                  randomBytes(32).toString('hex'),
                ]);
            }
            if (runId > 0) await recordFinish(session, runId, finish);
            await transaction.commit();
          } catch (error) {
            await transaction.rollback().catch(() => {});
            throw toDatabaseError(error, 'applying the changes');
          }
        },
        async discard() {
          settle();
          await transaction.rollback();
        },
      };
    } catch (error) {
      await transaction.rollback().catch(() => {});
      throw toDatabaseError(error, 'staging the file');
    }
  }

  /**
   * The one comparison of the staged rows with the tenant's users (statements.createChanges), and what
   * follows from it: people named by rejected rows kept (`namedByRejected`: such rows were staged),
   * identifiers another person holds refused (added to `rejections`). Returns the rows per action,
   * and how many would give a stored person another identifier (counted before the identity check,
   * which may still hold some back).
   */
  async #compare(
    session: SqlSession,
    { tenantId, key, deactivateMissing }: { tenantId: string; key: KeyField; deactivateMissing: boolean },
    namedByRejected: boolean,
    rejections: Rejection[],
  ): Promise<{ actions: Map<string, number>; readdressed: number }> {
    await session.query(statements.createChanges(key), [tenantId, deactivateMissing]);
    const counted = (
      await session.query<{ action: string; n: number; takers: number; readdressed: number }>(
        statements.countChanges(key),
      )
    ).rows;
    const actions = new Map(counted.map((row) => [row.action, row.n]));
    const unapplied = { rejected: namedByRejected, swaps: (actions.get('swap') ?? 0) > 0 };
    if ((actions.get('missing') ?? 0) > 0 && (unapplied.rejected || unapplied.swaps)) {
      const kept = await session.query(statements.keepNamedByUnapplied(key, unapplied));
      actions.set('missing', (actions.get('missing') ?? 0) - kept.affectedRows);
    }
    const takers = counted.reduce((sum, row) => sum + row.takers, 0);
    if (takers > 0) {
      const lookup = takers <= this.#identityLookupsUpTo ? 'index' : 'hash';
      rejections.push(...(await rejectTakenIdentifiers(session, { tenantId, key, lookup }, actions)));
    }
    return { actions, readdressed: counted.reduce((sum, row) => sum + row.readdressed, 0) };
  }

  async #examples(session: SqlSession, key: KeyField, limit: number): Promise<PlanExamples> {
    const values = [limit];
    const created = await session.query<{ line: number; key: string; email: string | null; name: string }>(
      statements.exampleCreated(key),
      values,
    );
    const updated = await session.query<{
      line: number;
      key: string;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }>(statements.exampleUpdated(key), values);
    const reactivated = await session.query<{ line: number; key: string; email: string | null }>(
      statements.exampleReactivated(key),
      values,
    );
    const deactivated = await session.query<{
      key: string;
      email: string | null;
      reason: 'missing' | 'inactive';
    }>(statements.exampleDeactivated(key), values);
    return {
      created: created.rows,
      updated: updated.rows.map((row) => ({
        line: row.line,
        key: row.key,
        changes: diff(row.before, row.after),
      })),
      reactivated: reactivated.rows,
      deactivated: deactivated.rows.map(({ key: value, email, reason }) => ({ key: value, email, reason })),
    };
  }
}
