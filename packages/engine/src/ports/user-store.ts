/**
 * The engine's view of the database: stage a file's people, see what applying them would change,
 * then apply or discard — all inside one transaction — and keep the history of runs.
 */
import type { KeyField, MappedUser, Rejection } from '../profile.ts';

export const RUN_STATUSES = ['running', 'succeeded', 'refused', 'failed', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TRIGGERS = ['manual', 'schedule'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** The contract's counts, plus the few more a person needs to read a run. */
export interface RunCounts {
  /** Data rows in the file. */
  readonly rows: number;
  readonly valid: number;
  readonly rejected: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly reactivated: number;
  readonly deactivated: number;
  /** New people already inactive in the file: never created. */
  readonly ignoredInactive: number;
}

export const ZERO_COUNTS: RunCounts = {
  rows: 0,
  valid: 0,
  rejected: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  reactivated: 0,
  deactivated: 0,
  ignoredInactive: 0,
};

/**
 * A row staged for the database: a mapped person, or what identifies the person of a rejected row,
 * which protects them from deactivation: the key, or, when the key itself is missing or invalid, the
 * other identifier (the e-mail; the employee id under an e-mail key), `other`. A row whose cells do
 * not line up with the header (FIELD_COUNT: a value with an unquoted delimiter shifted the columns
 * after it) cannot say which of its values is the key: every value that would be a valid key, or
 * other identifier, is staged (`keys`, `others`), so that its person is protected whichever it is.
 */
export type StagedRow =
  | { readonly kind: 'user'; readonly user: MappedUser }
  /**
   * A rejected row with a usable key, and its other identifier when it has one: both keep their people
   * from being deactivated (a renumbered row with a typo named its person only by the e-mail).
   */
  | { readonly kind: 'rejected'; readonly line: number; readonly key: string; readonly other?: string }
  | { readonly kind: 'rejected-unkeyed'; readonly line: number; readonly other: string }
  | {
      readonly kind: 'rejected-unaligned';
      readonly line: number;
      readonly keys: readonly string[];
      readonly others: readonly string[];
    };

export interface StageRequest {
  readonly tenantId: string;
  /** The run this staging belongs to (absent for `plan`). */
  readonly runId?: number;
  readonly key: KeyField;
  /** Rows in file order, in batches. */
  readonly rows: AsyncIterable<readonly StagedRow[]>;
  readonly deactivateMissing: boolean;
  /** How many rejections to keep with their details (the count is always exact). */
  readonly rejectionDetailLimit: number;
}

/** A field-level change, for `plan`. */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface PlanExamples {
  readonly created: ReadonlyArray<{
    readonly line: number;
    readonly key: string;
    readonly email: string | null;
    readonly name: string;
  }>;
  readonly updated: ReadonlyArray<{
    readonly line: number;
    readonly key: string;
    readonly changes: readonly FieldChange[];
  }>;
  readonly reactivated: ReadonlyArray<{
    readonly line: number;
    readonly key: string;
    readonly email: string | null;
  }>;
  readonly deactivated: ReadonlyArray<{
    readonly key: string;
    readonly email: string | null;
    readonly reason: 'missing' | 'inactive';
  }>;
}

/** What applying the staged file would do, computed inside the open transaction. */
export interface StagedPlan {
  /** Counts of the staged rows only: `rows`, `valid` and `rejected` are completed by the engine. */
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly reactivated: number;
  readonly deactivated: number;
  readonly ignoredInactive: number;
  /**
   * Stored people whose other identifier (the e-mail under an employee-id key, the employee id under
   * an e-mail key) the run changes, for the maxIdentityChanges guard.
   */
  readonly readdressed: number;
  /**
   * Active users of the tenant before the run, for the maxDeactivations guard; counted only when the
   * run deactivates someone (otherwise no guard reads it).
   */
  readonly activeBefore: number | undefined;
  /** Rows rejected by checks across the whole file (duplicates, identity swaps). */
  readonly rejections: readonly Rejection[];
  readonly rejectedCount: number;
  /** Users stored under the tenant's previous key, matched by its current key from this run on. */
  readonly rekeyed?: number;
  /**
   * Inactive users the re-key left under the previous key: without a value of the new key, or with
   * one another user holds. History no run matches again. Absent when none.
   */
  readonly keptAsHistory?: number;
  /**
   * People the file would create who carry the other identifier of a user it would deactivate as
   * missing: the same person under a new key (ids renumbered, leading zeros dropped by a spreadsheet,
   * a new e-mail under an e-mail key). Applied, each gets a new account and the old one is
   * deactivated. Absent when there are none.
   */
  readonly renumbered?: Renumbered;
}

export interface Renumbered {
  readonly total: number;
  /** The first few, in file order: the key stored, the key in the file, and the identifier they share. */
  readonly examples: readonly { readonly before: string; readonly after: string; readonly shared: string }[];
}

export interface RunFinish {
  readonly status: Exclude<RunStatus, 'running'>;
  readonly counts: RunCounts;
  readonly error?: string;
  /** The guard that refused the run, or that an operator's approval overrode. */
  readonly guard?: string;
  readonly approved?: boolean;
  readonly rejections: readonly Rejection[];
  /**
   * What the run says besides its counts and error, kept with it for `roster history`: how the file
   * was read, people it would give new accounts, users a change of key left as history.
   */
  readonly notes?: readonly string[];
}

/** A staged file inside an open transaction: apply it or discard it, exactly once. */
export interface PendingSync {
  readonly plan: StagedPlan;
  examples(limit: number): Promise<PlanExamples>;
  /** Applies the changes, records the run as finished, and commits. */
  commit(runId: number, finish: RunFinish): Promise<void>;
  /** Rolls back; nothing changes. */
  discard(): Promise<void>;
}

export interface RunStart {
  readonly tenantId: string;
  readonly trigger: RunTrigger;
  readonly fileName?: string;
  readonly fileSize?: number;
  readonly fileSha256?: string;
  /** The fingerprint of the config the run applies (config-fingerprint.ts). */
  readonly configSha256?: string;
}

/** What is known about a run's file once it has been picked (and, later, fetched). */
export interface RunFile {
  readonly name: string;
  readonly size: number;
  /** Unknown until the file is fetched; a run that skips an outdated file never fetches it. */
  readonly sha256?: string;
  /** When it was last modified at its source; absent for a file given with `--file`. */
  readonly modifiedAt?: Date;
}

export interface RunRecord {
  readonly id: number;
  readonly tenantId: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly fileName: string | null;
  readonly fileSize: number | null;
  readonly fileSha256: string | null;
  readonly fileModifiedAt: Date | null;
  /** Null for runs recorded before fingerprints were kept. */
  readonly configSha256: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly counts: RunCounts;
  readonly error: string | null;
  readonly guard: string | null;
  readonly approved: boolean;
  /** What the run said besides its counts and error (RunFinish.notes); empty when nothing. */
  readonly notes: readonly string[];
}

export interface UserStore {
  /** Records a run as started and returns its id. */
  startRun(start: RunStart): Promise<number>;
  /** Records how a run ended when it did not commit (refused, failed, skipped). */
  finishRun(runId: number, finish: RunFinish): Promise<void>;
  /** Updates what is known about the run's file once it has been picked or fetched. */
  describeRunFile(runId: number, file: RunFile): Promise<void>;
  /** The tenant's last succeeded run, for the checksum skip and the truncation guard. */
  lastSucceededRun(tenantId: string): Promise<RunRecord | undefined>;
  /**
   * The last succeeded run that took its file from the tenant's source (not a `--file`): what the
   * folder's files are compared with, by listing and by checksum, and what an older file is not.
   */
  lastSourceRun(tenantId: string): Promise<RunRecord | undefined>;
  /**
   * The tenant's refused runs since its last succeeded run, newest first (at most 50): the refusals an
   * operator's `--approve` may answer (approval.ts).
   */
  refusalsSinceLastSuccess(tenantId: string): Promise<readonly RunRecord[]>;
  /**
   * Opens a transaction, takes the tenant's lock (RUN_IN_PROGRESS if another run holds it), stages the
   * rows and computes the plan. The caller must commit or discard the result.
   */
  stage(request: StageRequest): Promise<PendingSync>;
  history(tenantId: string, limit: number): Promise<readonly RunRecord[]>;
  rejectionsOf(runId: number, limit: number): Promise<readonly Rejection[]>;
}
