/**
 * Turning one cell into a value of the type its mapping asks for. Pure and allocation-light: this
 * runs for every cell of every row, a million rows a run.
 */
import {
  booleanOfText,
  type CompiledDateFormat,
  type DecimalSeparator,
  dateOfText,
  EXCEL_SERIAL_FORMAT,
  INVISIBLE_CHARACTERS,
  isInvisibleCharacter,
  isoFromExcelSerial,
  numberOfText,
} from '@roster/config';
import type { Cell } from '../ports/table.ts';

/** Largest integer written as digits without loss; beyond it Excel ids lose precision anyway. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/**
 * Invisible characters at either end of a value (a ZWSP, a BOM, a right-to-left mark, a soft hyphen:
 * config's INVISIBLE_CHARACTERS), with the spaces around them.
 */
const INVISIBLE_ENDS = new RegExp(`^[\\s${INVISIBLE_CHARACTERS}]+|[\\s${INVISIBLE_CHARACTERS}]+$`, 'g');

/**
 * A fraction to the 15 significant digits Excel keeps and shows: a formula's cached 0.1 + 0.2 is
 * stored as 0.30000000000000004, which Excel shows as 0.3 (an XLSX sweep found the long form stored).
 */
function asExcelShowsIt(value: number): number {
  return Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(15));
}

/** Trimmed text without INVISIBLE_ENDS. */
function withoutInvisibleEnds(text: string): string {
  // Checked by code before any regular expression: this runs for every cell of a file.
  return text.length > 0 &&
    (isInvisibleCharacter(text.charCodeAt(0)) || isInvisibleCharacter(text.charCodeAt(text.length - 1)))
    ? text.replace(INVISIBLE_ENDS, '')
    : text;
}

const EQUALS_SIGN = 0x3d;

/** A whole cell `="…"`, where a quote inside is doubled: Excel's formula for a text constant. */
const EXCEL_TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

/**
 * The text of Excel's text-keeping form `="00123"`, which Excel users write, and some exports
 * produce, to keep an id's leading zeros: a CSV holds it as `="001"`, or quoted as `"=""002"""`,
 * which the CSV reader turns into `="002"`. Kept as it was, `="001"` was nobody's id. Any other
 * formula (`=SUM(A1)`, `="a"&"b"`) is left as it is: only a text constant means one value without
 * Excel to work it out.
 */
function excelTextOf(text: string): string {
  const inner = EXCEL_TEXT_FORMULA.exec(text)?.[1];
  return inner === undefined ? text : withoutInvisibleEnds(inner.replaceAll('""', '"').trim());
}

/**
 * A cell as text, trimmed — of the invisible characters HR exports and pasted values carry too, which
 * `trim` leaves: `00105` + U+200B, or `00005` after the U+200F a right-to-left Excel adds when copying,
 * would be another person's id. (Inside a value they stay: a zero-width joiner is part of Persian and
 * Indic names.) Numbers from spreadsheets become their digits without `.0` or an exponent (`123`,
 * `1.5E+5` → `150000`) so that ids read the same from CSV and Excel, and so does Excel's text-keeping
 * `="00123"` (see excelTextOf).
 *
 * @example cellText(' \u200F="00123" ') // '00123'
 */
export function cellText(cell: Cell): string {
  if (typeof cell === 'string') {
    const text = withoutInvisibleEnds(cell.trim());
    return text.charCodeAt(0) === EQUALS_SIGN ? excelTextOf(text) : text;
  }
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (Number.isInteger(cell)) {
      return Math.abs(cell) <= MAX_EXACT ? String(cell) : BigInt(cell).toString();
    }
    return String(asExcelShowsIt(cell));
  }
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return isoFromDate(cell);
}

const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

/**
 * The calendar day of a spreadsheet date. exceljs gives dates as UTC instants of local midnight.
 * Built from the UTC parts: `toISOString()` showed up at 8% of a workbook run's main thread.
 */
export function isoFromDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return date.toISOString().slice(0, 10);
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
}

/**
 * A date cell as `YYYY-MM-DD`, or undefined when it is not one. A spreadsheet's date cells are dates,
 * and its numeric cells serial day numbers, whatever the format; text is read as config's dateOfText
 * reads it.
 */
export function cellDate(
  cell: Cell,
  text: string,
  formats: readonly CompiledDateFormat[],
  date1904 = false,
): string | undefined {
  if (cell instanceof Date) {
    // Years past 9999 (a huge serial under a date format) have no YYYY-MM-DD form: not a date here.
    const year = cell.getUTCFullYear();
    return Number.isNaN(year) || year < 1 || year > 9999 ? undefined : isoFromDate(cell);
  }
  if (typeof cell === 'number') return dateOfNumber(cell, formats, date1904);
  return dateOfText(text, formats);
}

/**
 * A number cell of a date field: a spreadsheet's serial day, unless the field's formats say the
 * customer writes dates as digits (`yyyyMMdd`, `ddMMyy`: SAP and other exports store them as
 * numbers, 20190705 or 50719 for 050719). Then the number's digits, padded to the pattern's width,
 * are read with those formats, and a serial only when `excel-serial` is among them too: reading
 * 50719 as a serial day gave 2038-11-10 without a word (an XLSX sweep).
 */
function dateOfNumber(
  cell: number,
  formats: readonly CompiledDateFormat[],
  date1904: boolean,
): string | undefined {
  let digitsFormats = false;
  for (const format of formats) {
    if (format.digits === undefined) continue;
    digitsFormats = true;
    if (!Number.isInteger(cell) || cell < 0) continue;
    const iso = format.parse(String(cell).padStart(format.digits, '0'));
    if (iso !== undefined) return iso;
  }
  if (digitsFormats && !formats.some((format) => format.pattern === EXCEL_SERIAL_FORMAT)) return undefined;
  return isoFromExcelSerial(cell, date1904);
}

/** A boolean cell, or text config's booleanOfText reads: true, false, or undefined. */
export function cellBoolean(cell: Cell, text: string): boolean | undefined {
  if (typeof cell === 'boolean') return cell;
  return booleanOfText(text);
}

/**
 * A numeric cell, or text config's numberOfText reads with `decimal` as the decimal separator
 * (`1,234.5`; `1.234,5` with `,`); undefined otherwise.
 */
export function cellNumber(cell: Cell, text: string, decimal: DecimalSeparator = '.'): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? asExcelShowsIt(cell) : undefined;
  return numberOfText(text, decimal);
}

// WHATWG's e-mail syntax, widened to Unicode letters, and requiring a dot in the domain: a work
// address without one is a typo in practice.
const EMAIL =
  /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)+$/u;

// The same rule over ASCII only: a non-Unicode regular expression is several times faster, and
// almost every work address is ASCII (the Unicode one was 13% of a 1M-row run's CPU).
const ASCII_EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is every non-ASCII character
const NON_ASCII = /[^\x00-\x7f]/;

// ASCII_EMAIL with isEmailByPattern's other checks folded in (no leading dot, no `..`): the local
// part is runs of allowed characters joined by single dots, a trailing dot allowed. One pass, not three.
const STRICT_ASCII_EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\.?@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** The definition of an e-mail address; {@link isEmail} gives the same answers, faster. */
export function isEmailByPattern(text: string): boolean {
  if (text.length > 254 || text.includes('..') || text.startsWith('.')) return false;
  return ASCII_EMAIL.test(text) || (NON_ASCII.test(text) && EMAIL.test(text));
}

/** Whether text is an e-mail address (see EMAIL): one regex pass for the usual ASCII address. */
export function isEmail(text: string): boolean {
  if (text.length > 254) return false;
  if (STRICT_ASCII_EMAIL.test(text)) return true;
  // The strict pattern matches only ASCII, so its no is final for ASCII text.
  return NON_ASCII.test(text) && isEmailByPattern(text);
}

// Every character toLowerCase may change: ASCII capitals, and anything beyond ASCII.
const MAY_CHANGE_CASE = /[A-Z\u0080-\uffff]/;

/**
 * text.toLowerCase(), except that `İ` (U+0130) becomes a plain `i`, as Turkish and Azeri lowercase it.
 * Unicode's default lowercase of `İ` is `i` followed by U+0307 COMBINING DOT ABOVE, which is no letter:
 * `İSTANBUL@x.com` (an address upper-cased under Turkish rules) failed the e-mail check, and an `i̇`
 * that no keyboard types would have been stored. `İ` is the only character whose lowercase is longer,
 * so a length comparison finds it for free. The call is skipped when it would change nothing: a cell
 * cut from a file with one non-Latin-1 letter anywhere is a two-byte string, which V8 lowercases
 * through ICU into a new copy.
 *
 * @example lowercase('İSTANBUL@X.COM') // 'istanbul@x.com'
 */
export function lowercase(text: string): string {
  if (!MAY_CHANGE_CASE.test(text)) return text;
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replaceAll('\u0130', 'i').toLowerCase();
}
