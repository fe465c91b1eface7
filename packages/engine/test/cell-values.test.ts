import { isoDate } from '@roster/config';
import { describe, expect, it } from 'vitest';
import { cellDate, cellText, isEmail, isoFromDate, isoFromExcelSerial } from '../src/index.ts';

describe('cell values', () => {
  it('accepts work e-mail addresses, ASCII or not, and refuses typos', () => {
    for (const good of [
      'ana.silva@example.com',
      "o'brien+hr@acme-corp.example",
      'jürgen.groß@beispiel.de',
      'ayşe@şirket.com.tr',
    ]) {
      expect(isEmail(good), good).toBe(true);
    }
    for (const bad of [
      'ana.silva',
      'ana@localhost',
      'ana@@example.com',
      '.ana@example.com',
      'ana..silva@example.com',
      'ana silva@example.com',
      'ana@-example.com',
    ]) {
      expect(isEmail(bad), bad).toBe(false);
    }
  });

  it('validates calendar days, leap years included', () => {
    expect(isoDate(2020, 2, 29)).toBe('2020-02-29');
    expect(isoDate(2021, 2, 29)).toBeUndefined();
    expect(isoDate(1900, 2, 29)).toBeUndefined();
    expect(isoDate(2000, 2, 29)).toBe('2000-02-29');
    expect(isoDate(2021, 4, 31)).toBeUndefined();
    expect(isoDate(2021, 12, 31)).toBe('2021-12-31');
  });

  it('reads spreadsheet values: serial days, UTC dates, ids without exponent', () => {
    expect(isoFromExcelSerial(44562)).toBe('2022-01-01');
    expect(isoFromExcelSerial(1)).toBe('1899-12-31');
    expect(isoFromDate(new Date(Date.UTC(2019, 6, 5, 13, 45)))).toBe('2019-07-05');
    expect(cellText(1.5e5)).toBe('150000');
    expect(cellText(123456789012)).toBe('123456789012');
    expect(cellText('  00123 ')).toBe('00123');
  });

  it('refuses spreadsheet dates without a four-digit year (a huge serial under a date format)', () => {
    expect(cellDate(new Date(Date.UTC(12000, 0, 1)), '', [])).toBeUndefined();
    expect(cellDate(new Date(Date.UTC(-5, 0, 1)), '', [])).toBeUndefined();
    expect(cellDate(new Date(Number.NaN), '', [])).toBeUndefined();
    expect(cellDate(new Date(Date.UTC(9999, 11, 31)), '', [])).toBe('9999-12-31');
    expect(cellDate(new Date(Date.UTC(900, 5, 1)), '', [])).toBe('0900-06-01');
  });
});
