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
    expect(approvalGap(refusal({}), run)).toBeUndefined();
    expect(approvalGap(refusal({ guard: 'ROW_COUNT_DROP,TOO_MANY_REJECTED' }), run)).toBeUndefined();
    // Runs recorded before config fingerprints: the file decides.
    expect(approvalGap(refusal({ configSha256: null }), run)).toBeUndefined();
  });

  it('does not cover another file, changed mappings, a guard not reviewed, or no refusal at all', () => {
    expect(approvalGap(refusal({ fileSha256: 'b'.repeat(64) }), run)).toBe(
      '--approve applies the file that run 7 was refused for (employees.csv, sha256 bbbbbbbbbbbb…), and this run read another (sha256 aaaaaaaaaaaa…)',
    );
    expect(approvalGap(refusal({ configSha256: 'd'.repeat(64) }), run)).toContain(
      "run 7's refusal, and the tenant's mappings or settings have changed since",
    );
    expect(
      approvalGap(refusal({}), {
        ...run,
        guards: ['TOO_MANY_REJECTED', 'EMPTY_FILE', 'TOO_MANY_DEACTIVATIONS'],
      }),
    ).toContain('this run also trips EMPTY_FILE, TOO_MANY_DEACTIVATIONS');
    expect(approvalGap(undefined, run)).toContain(
      'no run of this tenant has been refused since its last success',
    );
  });
});
