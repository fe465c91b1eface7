/** `--approve` covers the refusal the operator reviewed: its file, its mappings, its guards. */
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../src/ports/user-store.ts';
import { approvalGap } from '../src/sync/approval.ts';

const refusal = (fields: Partial<RunRecord>): RunRecord =>
  ({
    id: 7,
    fileName: 'employees.csv',
    fileSha256: 'a'.repeat(64),
    configSha256: 'c'.repeat(64),
    guard: 'TOO_MANY_REJECTED',
    status: 'refused',
    ...fields,
  }) as RunRecord;
const run = { sha256: 'a'.repeat(64), configSha256: 'c'.repeat(64), guards: ['TOO_MANY_REJECTED'] as const };

describe('approvalGap', () => {
  it('covers the same file, read the same way, refused for the same guards', () => {
    expect(approvalGap([refusal({})], run)).toBeUndefined();
    expect(approvalGap([refusal({ guard: 'ROW_COUNT_DROP,TOO_MANY_REJECTED' })], run)).toBeUndefined();
    // Runs recorded before config fingerprints: the file decides.
    expect(approvalGap([refusal({ configSha256: null })], run)).toBeUndefined();
    // The same file refused again by a scheduled run since: still one file to approve.
    expect(approvalGap([refusal({ id: 9 }), refusal({ id: 8 })], run)).toBeUndefined();
  });

  it('does not cover another file, changed mappings, a guard not reviewed, or no refusal at all', () => {
    expect(approvalGap([refusal({ fileSha256: 'b'.repeat(64) })], run)).toBe(
      '--approve applies the file that run 7 was refused for (employees.csv, sha256 bbbbbbbbbbbb…), and this run read another (sha256 aaaaaaaaaaaa…)',
    );
    expect(approvalGap([refusal({ configSha256: 'd'.repeat(64) })], run)).toContain(
      "run 7's refusal, and the tenant's mappings or settings have changed since",
    );
    expect(
      approvalGap([refusal({})], {
        ...run,
        guards: ['TOO_MANY_REJECTED', 'EMPTY_FILE', 'TOO_MANY_DEACTIVATIONS'],
      }),
    ).toContain('this run also trips EMPTY_FILE, TOO_MANY_DEACTIVATIONS');
    expect(approvalGap([], run)).toContain('no run of this tenant has been refused since its last success');
  });

  it('asks which refusal was reviewed when two files were refused since, and applies the one named', () => {
    // Run 17 refused the file the operator reviewed; a scheduled run 18 then refused a newer upload.
    const refusals = [refusal({ id: 18 }), refusal({ id: 17, fileSha256: 'b'.repeat(64) })];
    expect(approvalGap(refusals, run)).toBe(
      'runs 17 and 18 were refused for different files (sha256 bbbbbbbbbbbb…, sha256 aaaaaaaaaaaa…): name the refusal you reviewed, e.g. --approve-run 18',
    );
    expect(approvalGap(refusals, run, 18)).toBeUndefined();
    // Run 17's file is not the one this run read: naming it does not apply another.
    expect(approvalGap(refusals, run, 17)).toContain(
      '--approve applies the file that run 17 was refused for',
    );
    expect(approvalGap(refusals, run, 5)).toContain(
      '--approve-run 5: run 5 is not a refused run of this tenant',
    );
  });
});
