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
  /**
   * Whether the text is in the format with a real month and year but a day its month does not have
   * (`2020-02-31`, `2021-04-31`): a message then says so rather than that it is not in the format,
   * which would send the reader looking for a wrong pattern. Off the hot path.
   */
  noSuchDay(text: string): boolean;
  /**
   * For a pattern of fixed-width digits only (`yyyyMMdd`, `ddMMyy`): its width. Spreadsheet exports
   * (SAP's among them) store such dates as numbers, which lose their leading zero (`050719` → 50719):
   * a number cell is read as its digits padded to this width.
   */
  readonly digits?: number;
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

/** `digits`: the token is exactly that many ASCII digits, which the fixed-width reader relies on. */
const TOKENS: ReadonlyArray<{ token: string; part: Part; regex: string; digits?: number }> = [
  { token: 'yyyy', part: 'year4', regex: '(\\d{4})', digits: 4 },
  { token: 'yy', part: 'year2', regex: '(\\d{2})', digits: 2 },
  { token: 'MMMM', part: 'monthName', regex: '([A-Za-z]{3,9})' },
  { token: 'MMM', part: 'monthName', regex: '([A-Za-z]{3,4}\\.?)' },
  { token: 'MM', part: 'month', regex: '(\\d{2})', digits: 2 },
  { token: 'M', part: 'month', regex: '(\\d{1,2})' },
  { token: 'dd', part: 'day', regex: '(\\d{2})', digits: 2 },
  { token: 'd', part: 'day', regex: '(\\d{1,2})' },
  // Time of day, accepted and ignored: exports often write "3/15/2021 0:00".
  { token: 'HH', part: 'ignore', regex: '(\\d{2})', digits: 2 },
  { token: 'H', part: 'ignore', regex: '(\\d{1,2})' },
  { token: 'hh', part: 'ignore', regex: '(\\d{2})', digits: 2 },
  { token: 'h', part: 'ignore', regex: '(\\d{1,2})' },
  { token: 'mm', part: 'ignore', regex: '(\\d{2})', digits: 2 },
  { token: 'ss', part: 'ignore', regex: '(\\d{2})', digits: 2 },
  { token: 'a', part: 'ignore', regex: '([AaPp][Mm])' },
];

type Token = (typeof TOKENS)[number];
/** A pattern read into its tokens and the literal characters between them. */
type Piece = Token | string;

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

const DAY_MS = 86_400_000;
// Excel's serial day 1 is 1900-01-01 and day 60 is 1900-02-29, a day that never was (Lotus 1-2-3's
// leap-year bug, which Excel keeps). From day 61 (1900-03-01) on, day 0 is in effect 1899-12-30.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_FICTITIOUS_DAY = 60;
/** 9999-12-31: the last day with a YYYY-MM-DD form. */
const EXCEL_LAST_DAY = 2_958_465;

/** Day 0 of Excel's 1904 date system (old Mac Excel) is 1904-01-01: the 1900 system's day 1462. */
export const EXCEL_1904_OFFSET_DAYS = 1462;

/**
 * The calendar day of an Excel serial in the 1900 date system (or, with `date1904`, the 1904 one), as `YYYY-MM-DD`: the time of day (the
 * fraction) is dropped, so `45000.5` is 2023-03-15. Undefined before day 1, past 9999-12-31, and for
 * day 60 (Excel's 1900-02-29, which no calendar has).
 *
 * @example isoFromExcelSerial(44562) // '2022-01-01'; isoFromExcelSerial(1) // '1900-01-01'
 */
export function isoFromExcelSerial(serial: number, date1904 = false): string | undefined {
  if (date1904) return isoFromExcelSerial(serial + EXCEL_1904_OFFSET_DAYS);
  if (!Number.isFinite(serial) || serial < 1 || serial >= EXCEL_LAST_DAY + 1) return undefined;
  const day = Math.floor(serial);
  if (day === EXCEL_FICTITIOUS_DAY) return undefined;
  const days = day < EXCEL_FICTITIOUS_DAY ? day + 1 : day;
  return new Date(EXCEL_EPOCH_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The `format` keyword for serial day numbers written as text: a CSV or JSON file exported from a
 * spreadsheet that showed its dates as numbers (`44562`, or `45000.5` with a time of day). Opt-in,
 * because a bare number is otherwise a year, a typo or a shifted column, not a date.
 */
export const EXCEL_SERIAL_FORMAT = 'excel-serial';

const SERIAL_TEXT = /^\d{1,7}(?:\.\d+)?$/;

const EXCEL_SERIAL: CompiledDateFormat = {
  pattern: EXCEL_SERIAL_FORMAT,
  parse: (text) => (SERIAL_TEXT.test(text) ? isoFromExcelSerial(Number(text)) : undefined),
  noSuchDay: () => false,
};

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
  return compile(pattern, true);
}

/** The same pattern read by its regular expression only: the definition the fast path is tested against. */
export function compileDateFormatRegex(pattern: string): CompiledDateFormat | { error: string } {
  return compile(pattern, false);
}

function compile(pattern: string, fast: boolean): CompiledDateFormat | { error: string } {
  if (pattern === EXCEL_SERIAL_FORMAT) return EXCEL_SERIAL;
  const pieces = readPattern(pattern);
  if ('error' in pieces) return pieces;
  const parts = pieces.flatMap((piece) => (typeof piece === 'string' ? [] : [piece.part]));
  const has = (part: Part) => parts.includes(part);
  if (!(has('year4') || has('year2')) || !(has('month') || has('monthName')) || !has('day')) {
    return { error: `date format "${pattern}" needs a year (yyyy), a month (MM) and a day (dd)` };
  }
  const pivot = (new Date().getUTCFullYear() % 100) + 1;
  const fixedWidth = fast ? fixedWidthParser(pieces, pivot) : undefined;
  const fields = fieldsReader(pieces, parts, pivot);
  const digits = pieces.every((piece) => typeof piece !== 'string' && piece.digits !== undefined)
    ? pieces.reduce((sum, piece) => sum + (typeof piece === 'string' ? 0 : (piece.digits ?? 0)), 0)
    : undefined;
  return {
    pattern,
    ...(digits !== undefined && { digits }),
    parse: fixedWidth ?? regexParser(fields),
    noSuchDay(text) {
      const date = fields(text);
      return (
        date !== undefined &&
        date.month !== undefined &&
        isoDate(date.year, date.month, 1) !== undefined &&
        isoDate(date.year, date.month, date.day) === undefined
      );
    },
  };
}

function readPattern(pattern: string): Piece[] | { error: string } {
  const pieces: Piece[] = [];
  let rest = pattern;
  while (rest.length > 0) {
    const token = TOKENS.find((candidate) => rest.startsWith(candidate.token));
    if (token) {
      pieces.push(token);
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
        error: `unknown letter \`${char}\` in date format "${pattern}"${hint}; tokens are yyyy, yy, MMMM, MMM, MM, M, dd, d (or the whole format \`${EXCEL_SERIAL_FORMAT}\` for serial day numbers)`,
      };
    }
    pieces.push(char);
    rest = rest.slice(1);
  }
  return pieces;
}

const yearOf2Digits = (value: number, pivot: number) => value + (value <= pivot ? 2000 : 1900);

function patternRegex(pieces: readonly Piece[]): RegExp {
  const source = pieces
    .map((piece) => (typeof piece === 'string' ? escapeRegex(piece) : piece.regex))
    .join('');
  return new RegExp(`^${source}$`);
}

interface DateFields {
  year: number;
  month: number | undefined;
  day: number;
}

/**
 * The year, month and day the text gives in the pattern, real or not; undefined when it does not fit.
 * The result is one object per compiled pattern, overwritten by the next call: this parses every date
 * cell of a variable-width format (`M/d/yyyy`), and a new object per cell would be garbage per row.
 */
function fieldsReader(
  pieces: readonly Piece[],
  parts: readonly Part[],
  pivot: number,
): (text: string) => Readonly<DateFields> | undefined {
  const compiled = patternRegex(pieces);
  const fields: DateFields = { year: 0, month: 0, day: 0 };
  return (text) => {
    const match = compiled.exec(text);
    if (!match) return undefined;
    fields.year = 0;
    fields.month = 0;
    fields.day = 0;
    // A loop rather than forEach: no closure per row.
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index];
      const value = match[index + 1] ?? '';
      if (part === 'year4') fields.year = Number(value);
      else if (part === 'year2') fields.year = yearOf2Digits(Number(value), pivot);
      else if (part === 'month') fields.month = Number(value);
      else if (part === 'monthName') fields.month = monthFromName(value);
      else if (part === 'day') fields.day = Number(value);
    }
    return fields;
  };
}

function regexParser(
  fields: (text: string) => Readonly<DateFields> | undefined,
): (text: string) => string | undefined {
  return (text) => {
    const date = fields(text);
    return date?.month === undefined ? undefined : isoDate(date.year, date.month, date.day);
  };
}

/** Where a fixed-width field sits in the text. */
interface DigitField {
  readonly part: Part;
  readonly start: number;
  readonly digits: number;
}

/** A character the pattern requires at a position, as a UTF-16 code unit (what the regex compares). */
interface Literal {
  readonly at: number;
  readonly code: number;
}

/**
 * For patterns of fixed-width digit tokens and literal characters only (`MM/dd/yyyy`, `yyyy-MM-dd`),
 * a reader by character positions: the same answers as the regex, at a fraction of the cost per
 * row. Undefined for any other pattern.
 */
function fixedWidthParser(
  pieces: readonly Piece[],
  pivot: number,
): ((text: string) => string | undefined) | undefined {
  const fields: DigitField[] = [];
  const literals: Literal[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      literals.push({ at: length, code: piece.charCodeAt(0) });
      length += 1;
    } else if (piece.digits !== undefined) {
      fields.push({ part: piece.part, start: length, digits: piece.digits });
      length += piece.digits;
    } else {
      return undefined;
    }
  }
  return (text) => {
    if (text.length !== length || !hasLiterals(text, literals)) return undefined;
    let year = 0;
    let month = 0;
    let day = 0;
    for (const { part, start, digits } of fields) {
      const value = digitsAt(text, start, digits);
      if (value < 0) return undefined;
      if (part === 'year4') year = value;
      else if (part === 'year2') year = yearOf2Digits(value, pivot);
      else if (part === 'month') month = value;
      else if (part === 'day') day = value;
    }
    return isoDate(year, month, day);
  };
}

function hasLiterals(text: string, literals: readonly Literal[]): boolean {
  for (const { at, code } of literals) if (text.charCodeAt(at) !== code) return false;
  return true;
}

const ZERO = 0x30;

/** The number written by `digits` ASCII digits at start (what `\d{n}` matches), or -1. */
function digitsAt(text: string, start: number, digits: number): number {
  let value = 0;
  for (let i = start; i < start + digits; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}
