import { describe, expect, it } from 'vitest';
import { type CompiledDateFormat, compileDateFormat } from '../src/index.ts';

function compiled(pattern: string): CompiledDateFormat {
  const result = compileDateFormat(pattern);
  if ('error' in result) throw new Error(result.error);
  return result;
}

describe('date formats', () => {
  it('rejects patterns with unknown letters or missing parts, naming the problem', () => {
    expect(compileDateFormat('YYYY-MM-DD')).toEqual({ error: expect.stringContaining('`Y`') });
    expect(compileDateFormat('MM/yyyy')).toEqual({
      error: expect.stringContaining('needs a year (yyyy), a month (MM) and a day (dd)'),
    });
  });

  it.each([
    ['MM/dd/yyyy', '03/15/2021', '2021-03-15'],
    ['M/d/yyyy', '3/5/2021', '2021-03-05'],
    ['dd.MM.yyyy', '05.03.2021', '2021-03-05'],
    ['yyyy-MM-dd', '2021-03-05', '2021-03-05'],
    ['d MMM yyyy', '5 Mar 2021', '2021-03-05'],
    ['MMMM d, yyyy', 'September 30, 2019', '2019-09-30'],
    ['M/d/yyyy H:mm', '3/15/2021 0:00', '2021-03-15'],
    ['dd/MM/yy', '01/02/99', '1999-02-01'],
    ['dd/MM/yy', '01/02/07', '2007-02-01'],
  ])('%s reads %s as %s', (pattern, text, iso) => {
    expect(compiled(pattern).parse(text)).toBe(iso);
  });

  it("knows the keyword excel-serial: serial day numbers written as text, Excel's 1900 leap day excepted", () => {
    const serial = compiled('excel-serial');
    expect(serial.pattern).toBe('excel-serial');
    expect(serial.parse('44562')).toBe('2022-01-01');
    expect(serial.parse('45000.5')).toBe('2023-03-15');
    expect(serial.parse('1')).toBe('1900-01-01');
    for (const text of ['60', '0', '-5', '1e5', '45 000', '', 'x'])
      expect(serial.parse(text), text).toBeUndefined();
    expect(compileDateFormat('excel_serial')).toEqual({ error: expect.stringContaining('`excel-serial`') });
  });

  it.each([
    ['MM/dd/yyyy', '02/30/2021'], // no such day
    ['MM/dd/yyyy', '13/01/2021'], // no such month
    ['MM/dd/yyyy', '2021-03-15'], // another format
    ['MM/dd/yyyy', '03/15/2021x'], // trailing text
    ['d MMM yyyy', '5 Foo 2021'],
  ])('%s refuses %s', (pattern, text) => {
    expect(compiled(pattern).parse(text)).toBeUndefined();
  });
});
