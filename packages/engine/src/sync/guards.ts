/**
 * The safety guards: a file that would do something drastic is refused as a whole, changing nothing,
 * until an operator approves it. Pure: a function of the planned counts and the tenant's settings.
 */
import { DEFAULT_LIFECYCLE, type Lifecycle, thresholdLimit } from '@roster/config';
import type { RunCounts } from '../ports/user-store.ts';

export const GUARD_CODES = [
  'EMPTY_FILE',
  'ROW_COUNT_DROP',
  'TOO_MANY_DEACTIVATIONS',
  'TOO_MANY_IDENTITY_CHANGES',
  'TOO_MANY_REJECTED',
] as const;
export type GuardCode = (typeof GUARD_CODES)[number];

/** A percentage maxIdentityChanges allows at least this many: see evaluateGuards. */
const MIN_IDENTITY_CHANGES = 3;

export interface Refusal {
  readonly guard: GuardCode;
  readonly message: string;
}

export { DEFAULT_LIFECYCLE, thresholdLimit };

export interface GuardInput {
  readonly counts: RunCounts;
  /** Active users before the run; may be left out when the run deactivates no one. */
  readonly activeBefore: number | undefined;
  readonly lifecycle: Lifecycle | undefined;
  /** Data rows of the last succeeded run's file, when there was one. */
  readonly previousRows: number | undefined;
  /**
   * Stored people whose other identifier the run changes (StagedPlan.readdressed), and what the file
   * is called by (`e-mail` or `employee id`); 0 when not known.
   */
  readonly identityChanges?: { readonly count: number; readonly of: 'e-mail' | 'employee id' };
}

const describe = (threshold: number | string, limit: number) =>
  typeof threshold === 'number' ? `${threshold}` : `${threshold} (${limit})`;

/** `all 2 active users`, `1 of 2 active users`, or `1 active user` when the total is unknown. */
function ofActive(deactivated: number, activeBefore: number | undefined): string {
  const users = (n: number) => `${n} active ${n === 1 ? 'user' : 'users'}`;
  if (activeBefore === undefined) return users(deactivated);
  return deactivated >= activeBefore
    ? `all ${users(deactivated)}`
    : `${deactivated} of ${users(activeBefore)}`;
}

/** Every guard the planned run trips, in a stable order. */
export function evaluateGuards(input: GuardInput): Refusal[] {
  const { counts, activeBefore, previousRows } = input;
  const lifecycle = { ...DEFAULT_LIFECYCLE, ...input.lifecycle };
  const refusals: Refusal[] = [];
  const approve = 'Check the file with the customer; if it is right, run again with --approve';

  if (counts.valid === 0 && counts.deactivated > 0) {
    refusals.push({
      guard: 'EMPTY_FILE',
      // Said plainly: --approve does deactivate them (a sweep read "never deactivates anyone" as a
      // promise that held even with --approve).
      message: `The file has no usable rows (${counts.rows} rows, ${counts.rejected} rejected) and would deactivate ${ofActive(counts.deactivated, activeBefore)}, so an empty or header-only file is never applied unasked. Check the file with the customer; only if they really have nobody left, run again with --approve, which deactivates them all`,
    });
  }
  // A short file is dangerous for what it leaves out: without deactivateMissing it leaves out nobody
  // (a customer sending only changes sends short files, and every one was refused as truncated).
  if (
    lifecycle.deactivateMissing &&
    previousRows !== undefined &&
    previousRows > 0 &&
    lifecycle.minRowRatio > 0 &&
    counts.rows < previousRows * lifecycle.minRowRatio
  ) {
    refusals.push({
      guard: 'ROW_COUNT_DROP',
      message: `The file has ${counts.rows} rows, fewer than ${Math.round(lifecycle.minRowRatio * 100)}% of the last accepted file's ${previousRows}: it looks truncated. ${approve}, or lower lifecycle.minRowRatio`,
    });
  }
  const deactivationLimit = thresholdLimit(lifecycle.maxDeactivations, activeBefore ?? 0);
  if (counts.deactivated > deactivationLimit) {
    refusals.push({
      guard: 'TOO_MANY_DEACTIVATIONS',
      message: `The run would deactivate ${counts.deactivated} of ${activeBefore} active users, more than lifecycle.maxDeactivations ${describe(lifecycle.maxDeactivations, deactivationLimit)}. ${approve}`,
    });
  }
  // Out of the stored people the file names (those it changes, leaves alone or brings back), or the
  // tenant's active users when more: a customer sending only changes sends a short list, and two
  // address changes in ten rows were refused (a review). And never fewer than three: a small tenant's
  // few corrections on one day are no other customer's file, which changes everyone.
  const matched = counts.updated + counts.unchanged + counts.reactivated;
  const identityBase = Math.max(matched, activeBefore ?? 0);
  const identityLimit = Math.max(
    thresholdLimit(lifecycle.maxIdentityChanges, identityBase),
    typeof lifecycle.maxIdentityChanges === 'number' ? 0 : MIN_IDENTITY_CHANGES,
  );
  const identityChanges = input.identityChanges;
  if (identityChanges !== undefined && identityChanges.count > identityLimit) {
    refusals.push({
      guard: 'TOO_MANY_IDENTITY_CHANGES',
      message: `The run would change the ${identityChanges.of} of ${identityChanges.count} of ${identityBase} people, more than lifecycle.maxIdentityChanges ${describe(lifecycle.maxIdentityChanges, identityLimit)}: another customer's file with the same ids, or a shifted column, looks like this (their accounts would be handed to strangers), and so does a company-wide address change. ${approve}`,
    });
  }
  const rejectedLimit = thresholdLimit(lifecycle.maxRejected, counts.rows);
  if (counts.rejected > rejectedLimit) {
    refusals.push({
      guard: 'TOO_MANY_REJECTED',
      message: `${counts.rejected} of ${counts.rows} rows were rejected, more than lifecycle.maxRejected ${describe(lifecycle.maxRejected, rejectedLimit)}. Fix the file or the mappings (see the rejections), or run again with --approve to apply the valid rows`,
    });
  }
  return refusals;
}

/**
 * The refusals as the run records them: guard codes joined by commas, and the messages as sentences.
 * Each message ends without a full stop (the CLI adds one), so a plain join ran the first one into the
 * next ("…with --approve5 of 40 rows were rejected").
 */
export function summarizeRefusals(refusals: readonly Refusal[]): { guard?: string; message?: string } {
  if (refusals.length === 0) return {};
  return {
    guard: refusals.map((refusal) => refusal.guard).join(','),
    message: refusals.map((refusal) => refusal.message.replace(/\.?$/, '')).join('. '),
  };
}
