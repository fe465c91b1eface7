import { describe, expect, it } from 'vitest';
import { findColumn, normalizeColumnName } from '../src/index.ts';
import { COPIED_MARKS } from './invisible-marks.ts';

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

  it('ignores bidirectional marks and soft hyphens, as in a header copied from a right-to-left Excel', () => {
    // `\u200FEmail` failed COLUMN_MISSING with a message showing two identical-looking names.
    expect(findColumn(['Employee ID', '\u200FEmail'], 'Email')).toEqual({ index: 1, ambiguous: [] });
    for (const mark of COPIED_MARKS) {
      const code = mark.codePointAt(0)?.toString(16);
      expect(normalizeColumnName(`${mark}Employee${mark} ID${mark}`), `U+${code}`).toBe('employeeid');
    }
  });

  it('treats the Turkish case pairs İ/i and I/ı as case', () => {
    expect(normalizeColumnName('KİMLİK NUMARASI')).toBe(normalizeColumnName('Kimlik Numarası'));
    expect(normalizeColumnName('E-POSTA ADRESİ')).toBe('epostaadresi');
    expect(findColumn(['Sicil No', 'KİMLİK NUMARASI'], 'Kimlik Numarası')).toEqual({
      index: 1,
      ambiguous: [],
    });
  });

  it('prefers the exact spelling and reports loose ties as ambiguous', () => {
    expect(findColumn(['Email', 'E-mail'], 'E-mail')).toEqual({ index: 1, ambiguous: [] });
    expect(findColumn(['E_mail', 'E-mail'], 'e mail')).toEqual({ index: 0, ambiguous: [0, 1] });
    expect(findColumn(['Name'], 'Email')).toEqual({ index: -1, ambiguous: [] });
  });

  it('reports a name the header repeats as ambiguous, exact spelling or not', () => {
    expect(findColumn(['id', 'email', 'email'], 'email')).toEqual({ index: 1, ambiguous: [1, 2] });
    expect(findColumn(['id', 'Email', 'email', 'email'], 'email')).toEqual({ index: 2, ambiguous: [2, 3] });
    expect(findColumn(['id', 'Email', 'Email'], 'email')).toEqual({ index: 1, ambiguous: [1, 2] });
    // A repeated column nobody maps is no concern of the mapped one.
    expect(findColumn(['id', 'note', 'note', 'email'], 'email')).toEqual({ index: 3, ambiguous: [] });
  });
});
