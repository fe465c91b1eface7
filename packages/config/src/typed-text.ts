/**
 * How text is read as a number or a yes/no: shared by the mapping of rows (the engine) and by
 * `validate`, which checks a mapping's `default` the same way, so that a default no row could use is
 * reported in the pull request rather than blamed on every customer row with an empty cell.
 */

import { type CompiledDateFormat, isoDate, isoFromExcelSerial } from './date-format.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const WHOLE_SERIAL = /^\d{1,7}$/;

/**
 * Text as `YYYY-MM-DD`, or undefined when it is no date: read by the configured `formats` only (a
 * bare number is a serial only when they include `excel-serial`: "2024" under `dd.MM.yyyy` is no
 * date); with none, ISO 8601 or a whole serial number ("43651": a date column that lost its format
 * in a spreadsheet before it was saved as CSV).
 */
export function dateOfText(text: string, formats: readonly CompiledDateFormat[]): string | undefined {
  if (formats.length > 0) {
    for (const format of formats) {
      const parsed = format.parse(text);
      if (parsed !== undefined) return parsed;
    }
    return undefined;
  }
  const iso = ISO_DATE.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (WHOLE_SERIAL.test(text)) return isoFromExcelSerial(Number(text));
  return undefined;
}

/** The decimal separator of `type: number` text (mappings.yaml `decimal`). */
export type DecimalSeparator = '.' | ',';

/**
 * Grouped thousands, `.` decimals: `1,234.5`. A leading group of 0 (`0,750`) is no grouping: that is
 * a decimal comma, refused here rather than read as 750.
 */
const GROUPED_POINT = /^-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;
const PLAIN_POINT = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Grouped thousands, `,` decimals: `1.234,5`, `1 234,5` (also a no-break or thin space), `1'234,5`. */
const GROUPED_COMMA = /^-?[1-9]\d{0,2}([. \u00a0\u202f']\d{3})+(,\d+)?$/;
const PLAIN_COMMA = /^-?(\d+,?\d*|,\d+)(e[+-]?\d+)?$/i;

/**
 * The number `text` writes with `decimal` as its decimal separator, or undefined when it writes none,
 * or one beyond what a number holds: `1e400` (Infinity, which JSON cannot store) or `1e-400` (which
 * would be stored as 0).
 *
 * @example
 * numberOfText('1,234.5', '.') // 1234.5
 * numberOfText('0,750', '.') // undefined: a decimal comma
 * numberOfText('1.234,5', ',') // 1234.5
 */
export function numberOfText(text: string, decimal: DecimalSeparator = '.'): number | undefined {
  let plain: string;
  if (decimal === '.') {
    plain = GROUPED_POINT.test(text) ? text.replace(/,/g, '') : text;
    if (!PLAIN_POINT.test(plain)) return undefined;
  } else {
    plain = GROUPED_COMMA.test(text) ? text.replace(/[. \u00a0\u202f']/g, '') : text;
    if (!PLAIN_COMMA.test(plain)) return undefined;
    plain = plain.replace(',', '.');
  }
  const value = Number(plain);
  if (!Number.isFinite(value)) return undefined;
  if (value === 0 && /[1-9]/.test(plain.replace(/e.*$/i, ''))) return undefined;
  return value;
}

/** Whether `text` is a number written with a decimal comma (`38,5`, `0,750`, `1.234,5`). */
export function hasDecimalComma(text: string): boolean {
  return text.includes(',') && numberOfText(text, ',') !== undefined;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', 'x', 'on', '✓', 'checked']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', 'off', 'unchecked']);

/** yes/no, true/false, y/n, 1/0, x, on/off (any case): true, false, or undefined for other text. */
export function booleanOfText(text: string): boolean | undefined {
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}
