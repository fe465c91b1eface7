/**
 * Date patterns as the config language writes them (`MM/dd/yyyy`, `d.M.yy`, `MMM d, yyyy`),
 * compiled once into a regular expression so that a million rows parse quickly. date-fns' `parse`
 * reads the same tokens but re-interprets the pattern on every call, which costs seconds per million
 * rows; this covers exactly the tokens the schema documents.
 */

export interface CompiledDateFormat {
  readonly pattern: string;
  /** The calendar date as `YYYY-MM-DD`, or undefined when the text does not fit or is no real date. */
  parse(text: string): string | undefined;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

type Part = 'year4' | 'year2' | 'month' | 'monthName' | 'day' | 'ignore';

const TOKENS: ReadonlyArray<{ token: string; part: Part; regex: string }> = [
  { token: 'yyyy', part: 'year4', regex: '(\\d{4})' },
  { token: 'yy', part: 'year2', regex: '(\\d{2})' },
  { token: 'MMMM', part: 'monthName', regex: '([A-Za-z]{3,9})' },
  { token: 'MMM', part: 'monthName', regex: '([A-Za-z]{3,4}\\.?)' },
  { token: 'MM', part: 'month', regex: '(\\d{2})' },
  { token: 'M', part: 'month', regex: '(\\d{1,2})' },
  { token: 'dd', part: 'day', regex: '(\\d{2})' },
  { token: 'd', part: 'day', regex: '(\\d{1,2})' },
  // Time of day, accepted and ignored: exports often write "3/15/2021 0:00".
  { token: 'HH', part: 'ignore', regex: '(\\d{2})' },
  { token: 'H', part: 'ignore', regex: '(\\d{1,2})' },
  { token: 'hh', part: 'ignore', regex: '(\\d{2})' },
  { token: 'h', part: 'ignore', regex: '(\\d{1,2})' },
  { token: 'mm', part: 'ignore', regex: '(\\d{2})' },
  { token: 'ss', part: 'ignore', regex: '(\\d{2})' },
  { token: 'a', part: 'ignore', regex: '([AaPp][Mm])' },
];

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

/**
 * A real calendar date, as `YYYY-MM-DD`, or undefined (Feb 30, month 13…). Plain arithmetic rather
 * than a Date round trip: this runs for every date cell of every row.
 */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1000 || year > 9999) return undefined;
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > days) return undefined;
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}

function monthFromName(name: string): number | undefined {
  const wanted = name.toLowerCase().replace(/\.$/, '');
  const index = MONTHS.findIndex(
    (month) => month === wanted || (wanted.length >= 3 && month.startsWith(wanted)),
  );
  return index === -1 ? undefined : index + 1;
}

/**
 * Compiles a pattern, or explains why it is not one: it needs a year, a month and a day, and any
 * letter outside the tokens is a mistake (`YYYY` and `DD` are common ones).
 */
export function compileDateFormat(pattern: string): CompiledDateFormat | { error: string } {
  const parts: Part[] = [];
  let regex = '^';
  let rest = pattern;
  while (rest.length > 0) {
    const token = TOKENS.find((candidate) => rest.startsWith(candidate.token));
    if (token) {
      parts.push(token.part);
      regex += token.regex;
      rest = rest.slice(token.token.length);
      continue;
    }
    const char = rest[0] ?? '';
    if (/[A-Za-z]/.test(char)) {
      const hint =
        char === 'Y' || char === 'D'
          ? ` (use lower-case \`${char.toLowerCase()}\` for ${char === 'Y' ? 'years' : 'days'})`
          : '';
      return {
        error: `unknown letter \`${char}\` in date format "${pattern}"${hint}; tokens are yyyy, yy, MMMM, MMM, MM, M, dd, d`,
      };
    }
    regex += escapeRegex(char);
    rest = rest.slice(1);
  }
  const has = (part: Part) => parts.includes(part);
  if (!(has('year4') || has('year2')) || !(has('month') || has('monthName')) || !has('day')) {
    return { error: `date format "${pattern}" needs a year (yyyy), a month (MM) and a day (dd)` };
  }
  const compiled = new RegExp(`${regex}$`);
  const pivot = (new Date().getUTCFullYear() % 100) + 1;
  return {
    pattern,
    parse(text) {
      const match = compiled.exec(text);
      if (!match) return undefined;
      let year = 0;
      let month: number | undefined = 0;
      let day = 0;
      parts.forEach((part, index) => {
        const value = match[index + 1] ?? '';
        if (part === 'year4') year = Number(value);
        else if (part === 'year2') year = Number(value) + (Number(value) <= pivot ? 2000 : 1900);
        else if (part === 'month') month = Number(value);
        else if (part === 'monthName') month = monthFromName(value);
        else if (part === 'day') day = Number(value);
      });
      return month === undefined ? undefined : isoDate(year, month, day);
    },
  };
}
