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
