/** The sample's rejected rows as validate reports them, and whether a run of such a file would be refused. */
import { describe, expect, it } from 'vitest';
import { type SampleRows, sampleRowDiagnostics } from '../src/checks/sample-rows.ts';

const rejectedRows = (rows: number, rejected: number): SampleRows => ({
  rows,
  rejected,
  rejections: Array.from({ length: rejected }, (_, index) => ({
    line: index + 2,
    field: 'hire_date',
    code: 'INVALID_DATE',
    message: 'Invalid hire_date',
  })),
});
const codes = (result: SampleRows, maxRejected: number | string) =>
  sampleRowDiagnostics('tenants/acme/sample.csv', 'sample.csv', result, maxRejected).map((d) => [
    d.level,
    d.code,
  ]);

describe('sampleRowDiagnostics', () => {
  it('says once that a file like the sample would be refused by maxRejected', () => {
    const found = sampleRowDiagnostics('tenants/acme/sample.csv', 'sample.csv', rejectedRows(4, 2), '5%');
    expect(found.map((d) => [d.level, d.code])).toEqual([
      ['warning', 'SAMPLE_WOULD_BE_REFUSED'],
      ['warning', 'SAMPLE_ROW_REJECTED'],
      ['warning', 'SAMPLE_ROW_REJECTED'],
    ]);
    expect(found[0]?.message).toBe(
      '2 of the 4 rows of sample.csv are rejected, more than lifecycle.maxRejected 5% (1 of 4): a run of a file like it would be refused. Fix the mappings for these rows, or raise maxRejected in tenant.yaml',
    );
  });

  it('says nothing more while the rejected rows stay within maxRejected', () => {
    expect(codes(rejectedRows(100, 2), '5%')).toEqual([
      ['warning', 'SAMPLE_ROW_REJECTED'],
      ['warning', 'SAMPLE_ROW_REJECTED'],
    ]);
    expect(codes(rejectedRows(4, 2), 2)).toEqual([
      ['warning', 'SAMPLE_ROW_REJECTED'],
      ['warning', 'SAMPLE_ROW_REJECTED'],
    ]);
  });

  it('leaves a sample none of whose rows maps to its own error', () => {
    expect(codes(rejectedRows(2, 2), '5%')).toEqual([
      ['error', 'SAMPLE_ROWS_ALL_REJECTED'],
      ['warning', 'SAMPLE_ROW_REJECTED'],
      ['warning', 'SAMPLE_ROW_REJECTED'],
    ]);
  });
});
