import { describe, expect, it } from 'vitest';
import { findColumn, normalizeColumnName } from '../src/index.ts';

describe('column names', () => {
  it('match case-, space-, hyphen- and underscore-insensitively, ignoring a BOM', () => {
    for (const spelling of [
      'Employee ID',
      'employee_id',
      'EMPLOYEE-ID',
      ' Employee  Id ',
      '\uFEFFEmployeeID',
    ]) {
      expect(normalizeColumnName(spelling)).toBe('employeeid');
    }
  });

  it('prefers the exact spelling and reports loose ties as ambiguous', () => {
    expect(findColumn(['Email', 'E-mail'], 'E-mail')).toEqual({ index: 1, ambiguous: [] });
    expect(findColumn(['E_mail', 'E-mail'], 'e mail')).toEqual({ index: 0, ambiguous: [0, 1] });
    expect(findColumn(['Name'], 'Email')).toEqual({ index: -1, ambiguous: [] });
  });
});
