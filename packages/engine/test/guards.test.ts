import { describe, expect, it } from 'vitest';
import {
  evaluateGuards,
  type RunCounts,
  summarizeRefusals,
  thresholdLimit,
  ZERO_COUNTS,
} from '../src/index.ts';

const counts = (changes: Partial<RunCounts>): RunCounts => ({ ...ZERO_COUNTS, ...changes });

describe('guards', () => {
  it('reads thresholds as counts or percentages of a total', () => {
    expect(thresholdLimit(25, 1000)).toBe(25);
    expect(thresholdLimit('10%', 400)).toBe(40);
    expect(thresholdLimit('2.5%', 1000)).toBe(25);
    // At least one for a percentage above zero: a small tenant's single leaver is no mass deactivation.
    expect(thresholdLimit('10%', 9)).toBe(1);
    expect(thresholdLimit('10%', 25)).toBe(2);
    expect(thresholdLimit('0%', 9)).toBe(0);
    expect(thresholdLimit('10%', 0)).toBe(0);
  });

  it('passes an ordinary day', () => {
    expect(
      evaluateGuards({
        counts: counts({ rows: 1000, valid: 998, rejected: 2, deactivated: 5 }),
        activeBefore: 990,
        lifecycle: undefined,
        previousRows: 995,
      }),
    ).toEqual([]);
  });

  it('needs no count of active users when nobody is deactivated', () => {
    expect(
      evaluateGuards({
        counts: counts({ rows: 1000, valid: 1000 }),
        activeBefore: undefined,
        lifecycle: undefined,
        previousRows: 1000,
      }),
    ).toEqual([]);
  });

  it('refuses too many deactivations, by default more than 10% of active users', () => {
    const refusals = evaluateGuards({
      counts: counts({ rows: 900, valid: 900, deactivated: 101 }),
      activeBefore: 1000,
      lifecycle: undefined,
      previousRows: undefined,
    });
    expect(refusals.map((r) => r.guard)).toEqual(['TOO_MANY_DEACTIVATIONS']);
    expect(refusals[0]?.message).toContain('101 of 1000 active users');
    expect(
      evaluateGuards({
        counts: counts({ rows: 900, valid: 900, deactivated: 101 }),
        activeBefore: 1000,
        lifecycle: { maxDeactivations: 150 },
        previousRows: undefined,
      }),
    ).toEqual([]);
  });

  it('refuses too many rejected rows, as a count or a percentage of rows', () => {
    expect(
      evaluateGuards({
        counts: counts({ rows: 100, valid: 94, rejected: 6 }),
        activeBefore: 100,
        lifecycle: undefined,
        previousRows: 100,
      }).map((r) => r.guard),
    ).toEqual(['TOO_MANY_REJECTED']);
    expect(
      evaluateGuards({
        counts: counts({ rows: 100, valid: 94, rejected: 6 }),
        activeBefore: 100,
        lifecycle: { maxRejected: 6 },
        previousRows: 100,
      }),
    ).toEqual([]);
  });

  it('never lets an empty or unusable file deactivate anyone', () => {
    const refusals = evaluateGuards({
      counts: counts({ rows: 0, deactivated: 3 }),
      activeBefore: 3,
      lifecycle: { maxDeactivations: '100%' },
      previousRows: undefined,
    });
    expect(refusals.map((r) => r.guard)).toEqual(['EMPTY_FILE']);
    // What --approve would do is said, not promised away.
    expect(refusals[0]?.message).toContain('run again with --approve, which deactivates them all');
    expect(refusals[0]?.message).not.toContain('never deactivates anyone');
  });

  it('says how many of the active users an empty file would deactivate', () => {
    const refusal = (deactivated: number, activeBefore: number | undefined) =>
      evaluateGuards({
        counts: counts({ rows: 1, rejected: 1, deactivated }),
        activeBefore,
        lifecycle: { maxDeactivations: '100%' },
        previousRows: undefined,
      })[0]?.message;
    expect(refusal(1, 2)).toContain('(1 rows, 1 rejected) and would deactivate 1 of 2 active users,');
    expect(refusal(2, 2)).toContain('would deactivate all 2 active users,');
    expect(refusal(1, 1)).toContain('would deactivate all 1 active user,');
    expect(refusal(3, undefined)).toContain('would deactivate 3 active users,');
  });

  it('refuses a file much shorter than the last accepted one (a truncated upload), unless turned off', () => {
    const input = { counts: counts({ rows: 400, valid: 400 }), activeBefore: 1000, previousRows: 1000 };
    expect(evaluateGuards({ ...input, lifecycle: { maxDeactivations: '100%' } }).map((r) => r.guard)).toEqual(
      ['ROW_COUNT_DROP'],
    );
    expect(evaluateGuards({ ...input, lifecycle: { maxDeactivations: '100%', minRowRatio: 0 } })).toEqual([]);
  });

  it("refuses a file that changes many people's e-mail at once (another customer's file with the same ids)", () => {
    const run = (count: number, lifecycle: Parameters<typeof evaluateGuards>[0]['lifecycle'] = undefined) =>
      evaluateGuards({
        counts: counts({ rows: 40, valid: 40, updated: count, unchanged: 40 - count }),
        activeBefore: undefined,
        lifecycle,
        previousRows: 40,
        identityChanges: { count, of: 'e-mail' },
      });
    expect(run(4)).toEqual([]); // 10% of the 40 the file names: a few marriages
    const [refusal] = run(40);
    expect(refusal?.guard).toBe('TOO_MANY_IDENTITY_CHANGES');
    expect(refusal?.message).toContain(
      'would change the e-mail of 40 of 40 people, more than lifecycle.maxIdentityChanges 10% (4)',
    );
    expect(run(40, { maxIdentityChanges: '100%' })).toEqual([]);
  });

  it('counts identity changes against the tenant, and lets a small tenant fix three addresses', () => {
    // Only changes sent (deactivateMissing off): ten rows, two new addresses, of a tenant of 1,000.
    const changes = evaluateGuards({
      counts: counts({ rows: 10, valid: 10, updated: 2, unchanged: 8 }),
      activeBefore: 1000,
      lifecycle: { deactivateMissing: false },
      previousRows: 1000,
      identityChanges: { count: 2, of: 'e-mail' },
    });
    expect(changes).toEqual([]);
    // A tenant of 12, three corrections in one day; a fourth is refused; a count threshold is exact.
    const small = (count: number, maxIdentityChanges?: number) =>
      evaluateGuards({
        counts: counts({ rows: 12, valid: 12, updated: count, unchanged: 12 - count }),
        activeBefore: 12,
        lifecycle: maxIdentityChanges === undefined ? undefined : { maxIdentityChanges },
        previousRows: 12,
        identityChanges: { count, of: 'e-mail' },
      }).map((refusal) => refusal.guard);
    expect(small(3)).toEqual([]);
    expect(small(4)).toEqual(['TOO_MANY_IDENTITY_CHANGES']);
    expect(small(2, 1)).toEqual(['TOO_MANY_IDENTITY_CHANGES']);
  });

  it('lets a short file through when missing people are not deactivated (a customer sending only changes)', () => {
    const changes = { counts: counts({ rows: 3, valid: 3 }), activeBefore: 40, previousRows: 40 };
    expect(evaluateGuards({ ...changes, lifecycle: { deactivateMissing: false } })).toEqual([]);
    expect(evaluateGuards({ ...changes, lifecycle: undefined }).map((r) => r.guard)).toEqual([
      'ROW_COUNT_DROP',
    ]);
  });
});

describe('summarizeRefusals', () => {
  it('keeps each refusal its own sentence', () => {
    const refusals = evaluateGuards({
      counts: counts({ rows: 40, valid: 30, rejected: 10, deactivated: 60 }),
      activeBefore: 100,
      lifecycle: undefined,
      previousRows: 100,
    });
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    const summary = summarizeRefusals(refusals);
    expect(summary.guard).toBe(refusals.map((r) => r.guard).join(','));
    const [first, second] = refusals;
    expect(summary.message).toContain(`${first?.message}. ${second?.message}`);
    expect(summary.message).not.toMatch(/\.\./);
    expect(summarizeRefusals([])).toEqual({});
  });
});
