import { compileDateFormat, isoDate, isoFromExcelSerial } from '@roster/config';
import { describe, expect, it } from 'vitest';
import { COPIED_MARKS } from '../../config/test/invisible-marks.ts';
import { cellDate, cellNumber, cellText, isEmail, isoFromDate } from '../src/index.ts';

const formats = (...patterns: string[]) =>
  patterns.map((pattern) => {
    const compiled = compileDateFormat(pattern);
    if ('error' in compiled) throw new Error(compiled.error);
    return compiled;
  });

describe('cell values', () => {
  it('trims the zero-width characters exports leave at either end of a value, and keeps those inside', () => {
    expect(cellText('00105\u200b')).toBe('00105');
    expect(cellText('\ufeff 00105 \u2060\u200c')).toBe('00105');
    expect(cellText('\u200d')).toBe('');
    expect(cellText('می\u200cخواهم')).toBe('می\u200cخواهم'); // a zero-width non-joiner in a Persian word
    expect(cellText(' plain ')).toBe('plain');
  });

  it('trims the bidirectional marks and soft hyphens that right-to-left Excel and Outlook add when copying', () => {
    // U+200F before a number: `\u200F00005` was another person than `00005`.
    expect(cellText('\u200F00005')).toBe('00005');
    for (const mark of COPIED_MARKS) {
      const code = mark.codePointAt(0)?.toString(16);
      expect(cellText(`${mark}00005`), `U+${code} before`).toBe('00005');
      expect(cellText(`00005${mark}`), `U+${code} after`).toBe('00005');
      expect(cellText(` ${mark} 00005 ${mark}\u200b `), `U+${code} among spaces`).toBe('00005');
      expect(cellText(mark), `U+${code} alone`).toBe('');
    }
    // An isolate around a number, as Outlook pastes it; a soft hyphen inside a name stays.
    expect(cellText('\u2066\u200E00005\u200E\u2069')).toBe('00005');
    expect(cellText('Donau\u00ADdampf')).toBe('Donau\u00ADdampf');
  });

  it('reads Excel\'s text-keeping form ="00123" as its text, and leaves other formulas as they are', () => {
    expect(cellText('="001"')).toBe('001');
    expect(cellText(' ="002" ')).toBe('002');
    expect(cellText('="O""Brien"')).toBe('O"Brien'); // a doubled quote inside stands for one
    expect(cellText('=" Ana Lima "')).toBe('Ana Lima');
    expect(cellText('=""')).toBe('');
    expect(cellText('\u200F="00005"')).toBe('00005');
    for (const other of ['=SUM(A1)', '="a"&"b"', '="a"b"', '=001', '="001', '= "001"', 'x="001"']) {
      expect(cellText(other), other).toBe(other);
    }
  });

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

  it("reads a fraction to the 15 digits Excel shows, not a formula's floating-point noise", () => {
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellNumber(0.1 + 0.2, '')).toBe(0.3);
    expect(cellText(1234.5678)).toBe('1234.5678');
    expect(cellText(1 / 3)).toBe('0.333333333333333');
    expect(cellNumber(2.5e-7, '')).toBe(2.5e-7);
  });

  it('reads a number cell under a digits date format as its digits, never as a serial day unless asked', () => {
    expect(cellDate(20190705, '20190705', formats('yyyyMMdd'))).toBe('2019-07-05');
    // 050719 stored as a number loses its zero: padded to the pattern's width again.
    expect(cellDate(50719, '50719', formats('ddMMyy'))).toBe('2019-07-05');
    expect(cellDate(190705, '190705', formats('yyyyMMdd', 'ddMMyy'))).toBe('2005-07-19');
    // Not a date in those formats: rejected, not read as serial day 50719 (2038-11-10).
    expect(cellDate(50719, '50719', formats('yyyyMMdd'))).toBeUndefined();
    expect(cellDate(44562.5, '44562.5', formats('yyyyMMdd'))).toBeUndefined();
    // Serials where the formats allow them, or say nothing of digits.
    expect(cellDate(44562, '44562', formats('yyyyMMdd', 'excel-serial'))).toBe('2022-01-01');
    expect(cellDate(44562, '44562', formats('dd.MM.yyyy'))).toBe('2022-01-01');
    expect(cellDate(44562, '44562', [])).toBe('2022-01-01');
  });

  it("counts a plain number's serial days from 1904 in a workbook of that date system", () => {
    expect(cellDate(42189, '42189', [], true)).toBe('2019-07-05');
    expect(cellDate(42189, '42189', [], false)).toBe('2015-07-04');
    expect(cellDate(0, '0', [], true)).toBe('1904-01-01');
  });

  it('reads Excel serials as Excel shows them, across its fictitious 1900-02-29', () => {
    expect(isoFromExcelSerial(1)).toBe('1900-01-01');
    expect(isoFromExcelSerial(59)).toBe('1900-02-28');
    expect(isoFromExcelSerial(60)).toBeUndefined(); // Excel's 1900-02-29: no such day
    expect(isoFromExcelSerial(61)).toBe('1900-03-01');
    expect(isoFromExcelSerial(45000.5)).toBe('2023-03-15'); // a date and time: the day
    expect(isoFromExcelSerial(2_958_465.75)).toBe('9999-12-31');
    expect(isoFromExcelSerial(2_958_466)).toBeUndefined();
    expect(isoFromExcelSerial(0.5)).toBeUndefined();
  });

  it('reads text only by the configured formats: a bare number is no date unless excel-serial is listed', () => {
    const german = formats('dd.MM.yyyy');
    expect(cellDate('15.03.2024', '15.03.2024', german)).toBe('2024-03-15');
    for (const text of ['2024', '5', '45000', '2024-03-15'])
      expect(cellDate(text, text, german), text).toBeUndefined();
    const withSerials = formats('dd.MM.yyyy', 'excel-serial');
    expect(cellDate('45000', '45000', withSerials)).toBe('2023-03-15');
    expect(cellDate('45000.5', '45000.5', withSerials)).toBe('2023-03-15');
    expect(cellDate('15.03.2024', '15.03.2024', withSerials)).toBe('2024-03-15');
    expect(cellDate('60', '60', withSerials)).toBeUndefined();
    expect(cellDate('1e5', '1e5', withSerials)).toBeUndefined();
  });

  it("reads a spreadsheet's numeric and date cells as dates whatever the format", () => {
    const german = formats('dd.MM.yyyy');
    expect(cellDate(45000.5, '45000.5', german)).toBe('2023-03-15');
    expect(cellDate(1.25, '1.25', german)).toBe('1900-01-01');
    expect(cellDate(new Date(Date.UTC(2023, 2, 15, 12)), '', german)).toBe('2023-03-15');
  });

  it('reads text as ISO 8601 or a whole serial when no format is configured', () => {
    expect(cellDate('2019-07-05', '2019-07-05', [])).toBe('2019-07-05');
    expect(cellDate('43651', '43651', [])).toBe('2019-07-05'); // a General-format cell of a workbook
    expect(cellDate('45000.5', '45000.5', [])).toBeUndefined();
    expect(cellDate('07/05/2019', '07/05/2019', [])).toBeUndefined();
  });

  it('reads numbers as written, and refuses text beyond what a number holds rather than store Infinity or 0', () => {
    const read = (text: string) => cellNumber(text, text);
    expect(['42', '-1.5', '1,234.5', '.5', '1e3', '0', '0.000e-400', '1e-300'].map(read)).toEqual([
      42, -1.5, 1234.5, 0.5, 1000, 0, 0, 1e-300,
    ]);
    expect(['1e400', '-1e400', '1e-400', '2.5E-999', 'abc', '1.2.3'].map(read)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("never takes a decimal comma for a thousands separator, and reads one with decimal: ','", () => {
    const point = (text: string) => cellNumber(text, text);
    const comma = (text: string) => cellNumber(text, text, ',');
    // "0,750" is no thousands grouping (a group of 0): under the default it is refused, not 750.
    expect(['0,750', '38,5', '0,5', '1,234.5', '12,345,678', '1,000'].map(point)).toEqual([
      undefined,
      undefined,
      undefined,
      1234.5,
      12345678,
      1000,
    ]);
    expect(
      ['0,750', '38,5', '1.234,5', '1 234,5', '1\u00a0234', "1'234,5", '-2,5', '1,000', '7'].map(comma),
    ).toEqual([0.75, 38.5, 1234.5, 1234.5, 1234, 1234.5, -2.5, 1, 7]);
    expect(['1,234.5', '1.5', '1.23.4', ',', ''].map(comma)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(cellNumber(0.75, '0.75', ',')).toBe(0.75); // a numeric cell is a number whatever the separator
  });
});
