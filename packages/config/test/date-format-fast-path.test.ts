/**
 * The fixed-width reader of all-digit patterns must answer exactly as the pattern's regular
 * expression: same dates, same refusals (Feb 30, month 13, two-digit years, stray characters).
 */
import { describe, expect, it } from 'vitest';
import { type CompiledDateFormat, compileDateFormat, compileDateFormatRegex } from '../src/index.ts';

function compiled(result: CompiledDateFormat | { error: string }): CompiledDateFormat {
  if ('error' in result) throw new Error(result.error);
  return result;
}

const PATTERNS = [
  'MM/dd/yyyy',
  'dd/MM/yyyy',
  'dd.MM.yyyy',
  'yyyy-MM-dd',
  'yyyyMMdd',
  'dd/MM/yy',
  'yy-MM-dd',
  'dd-MM-yyyy HH:mm',
  'yyyy-MM-dd HH:mm:ss',
  'MM/dd/yyyy hh:mm',
  'dd|MM|yyyy', // literals that are special in a regular expression
  'yyyy(MM)[dd]',
  'dd\\MM\\yyyy',
  'yyyy–MM–dd', // a non-ASCII literal
  'ddMMyyyyyy', // the later year wins
  'yyMMddyyyy',
];

const PIVOT = (new Date().getUTCFullYear() % 100) + 1; // two-digit years up to it are 20xx
const YEARS = [999, 1000, 1899, 1900, 1999, 2000, 2004, 2020, 2023, 2024, 2100, 9999];
YEARS.push(2000 + PIVOT - 1, 2000 + PIVOT, 2000 + PIVOT + 1);
const pad = (value: number, width: number) => String(value).padStart(width, '0').slice(-width);

/** A date written with the pattern, for any numbers (month 0, day 32…), without validating them. */
function write(pattern: string, year: number, month: number, day: number): string {
  return pattern
    .replace(/yyyy/g, pad(year, 4))
    .replace(/yy/g, pad(year % 100, 2))
    .replace(/MM/g, pad(month, 2))
    .replace(/dd/g, pad(day, 2))
    .replace(/HH|hh/g, '07')
    .replace(/mm/g, '45')
    .replace(/ss/g, '09');
}

/** The text and close misses: other separators, spaces, extra or missing characters, other digits. */
function variants(text: string): string[] {
  const out = [
    text,
    ` ${text}`,
    `${text} `,
    `${text}x`,
    `x${text}`,
    text.slice(1),
    text.slice(0, -1),
    `${text}0`,
  ];
  for (let i = 0; i < text.length; i++) {
    for (const replacement of ['/', '-', '.', ' ', 'a', '٣', '３', '+', '']) {
      out.push(text.slice(0, i) + replacement + text.slice(i + 1));
    }
  }
  return out;
}

function* texts(pattern: string): Generator<string> {
  for (const year of YEARS) {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        const text = write(pattern, year, month, day);
        if (month === 2 || day === 15 || day >= 28) yield* variants(text);
        else yield text;
      }
    }
  }
  // Random strings of about the pattern's length over digits and separators.
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = '0123456789/-.: |()[]\\–x';
  for (let i = 0; i < 5000; i++) {
    const length = pattern.length - 2 + random(5);
    let text = '';
    for (let j = 0; j < length; j++) text += alphabet[random(alphabet.length)];
    yield text;
  }
}

describe('fixed-width date reading', () => {
  it.each(PATTERNS)('%s answers as its regular expression does', (pattern) => {
    const fast = compiled(compileDateFormat(pattern));
    const reference = compiled(compileDateFormatRegex(pattern));
    let dates = 0;
    let checked = 0;
    for (const text of texts(pattern)) {
      const expected = reference.parse(text);
      if (fast.parse(text) !== expected) expect(fast.parse(text), JSON.stringify(text)).toBe(expected);
      if (expected !== undefined) dates++;
      checked++;
    }
    // Both real dates and refusals were exercised.
    expect(dates).toBeGreaterThan(3000);
    expect(checked - dates).toBeGreaterThan(10_000);
  });

  it('knows leap years and month lengths', () => {
    const us = compiled(compileDateFormat('MM/dd/yyyy'));
    expect(us.parse('02/29/2024')).toBe('2024-02-29');
    expect(us.parse('02/29/2000')).toBe('2000-02-29');
    expect(us.parse('02/29/2023')).toBeUndefined();
    expect(us.parse('02/29/1900')).toBeUndefined();
    expect(us.parse('04/31/2021')).toBeUndefined();
    expect(us.parse('12/31/2021')).toBe('2021-12-31');
    expect(us.parse('00/10/2021')).toBeUndefined();
    expect(us.parse('01/00/2021')).toBeUndefined();
    expect(us.parse('01/10/0999')).toBeUndefined();
    expect(us.parse(' 01/10/2021')).toBeUndefined();
    expect(us.parse('01/10/２０２１')).toBeUndefined();
  });

  it('reads two-digit years around the same pivot', () => {
    const pivot = PIVOT;
    const short = compiled(compileDateFormat('dd/MM/yy'));
    expect(short.parse(`01/02/${pad(pivot, 2)}`)).toBe(`${2000 + pivot}-02-01`);
    expect(short.parse(`01/02/${pad(pivot + 1, 2)}`)).toBe(`${1901 + pivot}-02-01`);
    expect(short.parse('29/02/00')).toBe('2000-02-29');
  });

  it('keeps the regular expression for patterns of variable width or month names', () => {
    for (const [pattern, text, iso] of [
      ['M/d/yyyy', '3/5/2021', '2021-03-05'],
      ['d MMM yyyy', '5 Mar 2021', '2021-03-05'],
      ['dd MMM yyyy', '05 Mar 2021', '2021-03-05'],
      ['dd MMMM yyyy', '05 March 2021', '2021-03-05'],
      ['MM/dd/yyyy hh:mm a', '03/15/2021 09:30 PM', '2021-03-15'],
      ['M/d/yyyy h:mm a', '3/15/2021 9:30 PM', '2021-03-15'],
    ] as const) {
      expect(compiled(compileDateFormat(pattern)).parse(text)).toBe(iso);
      expect(compiled(compileDateFormatRegex(pattern)).parse(text)).toBe(iso);
    }
  });
});
