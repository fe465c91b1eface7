import type { Cell } from '@roster/engine';
import { integerText } from './integer-text.ts';
import type { NumberFormat } from './xlsx-styles.ts';

/**
 * A numeric cell (`<v>` of a cell without a type, or of type `n`) as a {@link Cell}:
 * - with a date format → a `Date` at UTC midnight of the calendar day (with the time, if any),
 *   rounded to the second so that a float error like 23:59:59.9996 cannot move the day; a serial with
 *   no calendar day (below 1, Excel's fictitious 1900-02-29, past year 9999) stays a number;
 * - an integer with a digits format (`000000`, `"E"0000`) → the text Excel shows ('000104', 'E0104');
 * - an integer beyond 2^53 → the digits the file wrote, not the nearest double's (Excel itself keeps
 *   15 digits, but programs that write .xlsx write an id such as 12345678901234567890 in full);
 * - another number → a number: the mapper writes an integer as its digits for a text field (`00123`
 *   typed into a General cell is '123', 1.5E+5 is '150000') and reads any number as an Excel serial
 *   date for a date field, whatever its `format` (a General-format hire date of 43651 is 2019-07-05,
 *   as 43651.5 was; as digits it was text that a `dd/MM/yyyy` format refused); with a digits format
 *   too: Excel would show it rounded, and an id is not to be rounded;
 * - not a number → ''.
 * Parsed with `parseFloat`, as exceljs did, so that the cells stay what they were.
 */
export function numberCell(text: string, format: NumberFormat | undefined, date1904: boolean): Cell {
  const value = Number.parseFloat(text);
  if (!Number.isFinite(value)) return '';
  if (format === 'date') {
    // No calendar day before day 1 (Excel's "1900-01-00", or a time of day alone: 0.5 is 12:00) nor
    // past 9999-12-31: the number stays a number, which a date field rejects with it in the message
    // (a Date would be 1899-12-30, or print as "+010000-01-01").
    // Excel's 1900 system counts a fictitious 1900-02-29 (day 60): the days before it are one day
    // later than the epoch arithmetic says, and day 60 itself is no day.
    const early = !date1904 && value < 61;
    const date = excelSerialToDate(early ? value + 1 : value, date1904);
    const year = date.getUTCFullYear();
    const noDay = value < (date1904 ? 0 : 1) || (early && value >= 60) || !(year <= 9999);
    return noDay ? value : wholeSeconds(date);
  }
  if (!Number.isInteger(value)) return value;
  // Beyond 2^53 the number has lost digits: the ones written in the cell are the id's.
  if (format !== undefined)
    return format.format(value, Number.isSafeInteger(value) ? undefined : writtenDigits(text));
  return Number.isSafeInteger(value) ? value : (writtenDigits(text) ?? integerText(value));
}

/** A long integer's digits as written (`-0012345678901234567890` → '-12345678901234567890'), else undefined. */
function writtenDigits(text: string): string | undefined {
  const match = /^\s*(-?)0*(\d+)\s*$/.exec(text);
  return match ? `${match[1]}${match[2]}` : undefined;
}

/**
 * A cell of type `d` (an ISO 8601 date, written by some libraries instead of a serial) as a `Date` of
 * the day and time as written, in UTC as serial dates are. A zone offset is dropped, not applied: it
 * says where the cell was written, and `2019-07-05T22:00:00-05:00` is the 5th of July in the sheet,
 * which moved to the 6th when converted to UTC. Text that is not a date stays text.
 */
export function isoDateCell(text: string): Cell {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const local = trimmed.replace(/(?:Z|[+-]\d\d:?\d\d)$/, '');
  const date = new Date(local.includes('T') ? `${local}Z` : local);
  return Number.isNaN(date.getTime()) ? trimmed : wholeSeconds(date);
}

/** Header cells as text: trimmed, dates as `YYYY-MM-DD`. */
export function headerText(cell: Cell): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cell === null ? '' : String(cell).trim();
}

/**
 * Whether a number format shows a date or time: a date or time letter (any case) left once quoted
 * literals (`"h"`), escaped characters (`\h`, as in `0.00 \h` for hours worked), padding and fill
 * characters (`_)`, `*-`) and bracketed parts (colours, conditions, locales) are taken out; the
 * elapsed-time brackets `[h]`, `[mm]`, `[ss]` count as time.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const code = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?![hms]+\])[^\]]*]/gi, '');
  return /[ymdhsb]/i.test(code);
}

/** Excel's serial (days since 1899-12-30, or since 1904-01-01 in the 1904 system) as a UTC `Date`. */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  // 1462: config's EXCEL_1904_OFFSET_DAYS, written out because the worker does not load @roster/config.
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

export function wholeSeconds(date: Date): Date {
  return new Date(Math.round(date.getTime() / 1000) * 1000);
}
