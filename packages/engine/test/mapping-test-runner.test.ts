import { describe, expect, it } from 'vitest';
import { runMappingTestCase } from '../src/index.ts';

const mappings = {
  fields: {
    employee_id: 'Employee ID',
    email: 'Email',
    hire_date: { from: 'Hire Date', type: 'date' as const },
  },
};
const testCase = (row: Record<string, string>) => ({
  file: 'tests/cases.yaml',
  line: 2,
  name: 'case',
  row,
  expect: { fields: { employee_id: '000103', email: 'a@x.com', hire_date: '2020-03-15' } },
});

describe('runMappingTestCase', () => {
  it('matches the case’s columns to the mappings as a run matches a header: by any case and spacing', () => {
    const result = runMappingTestCase(
      mappings,
      'employee_id',
      testCase({ 'employee id': '000103', EMAIL: 'A@x.com', ' hire date ': '2020-03-15' }),
    );
    expect(result.mismatches).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('still treats a column the case leaves out as an empty cell', () => {
    const result = runMappingTestCase(mappings, 'employee_id', testCase({ 'Employee ID': '000103' }));
    expect(result.passed).toBe(false);
    expect(result.mismatches[0]?.actual).toEqual([
      expect.stringContaining('MISSING_REQUIRED: Missing email (column "Email")'),
    ]);
  });
});
