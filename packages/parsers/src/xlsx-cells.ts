import type { Cell } from '@roster/engine';
import { integerText } from './integer-text.ts';

/**
 * A cell of an exceljs row as a {@link Cell}:
 * - a date-formatted number → a `Date` at UTC midnight of the calendar day (with the time, if any),
 *   rounded to the second so that a float error like 23:59:59.9996 cannot move the day;
 * - an integer → its digits as text (`00123` stored as a number → '123', 1.5E+5 → '150000');
 * - another number → a number (the mapper reads it as an Excel serial date when the field is a date);
 * - rich text → its text; a formula → its result; a hyperlink → its text; an error (`#N/A`) → '';
 * - strings and booleans as they are; empty → ''.
 */
export function xlsxCell(value: unknown, numberFormat: string | undefined): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return wholeSeconds(value);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return numberCell(value, numberFormat);
    case 'object':
      return objectCell(value, numberFormat);
    default:
      return String(value);
  }
}

/** Header cells as text: trimmed, dates as `YYYY-MM-DD`. */
export function headerText(cell: Cell): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cell === null ? '' : String(cell).trim();
}

function objectCell(value: object, numberFormat: string | undefined): Cell {
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('');
  }
  // Formulas (also shared ones) carry their cached result; exceljs leaves a date result as a number.
  if ('formula' in value || 'sharedFormula' in value) {
    return 'result' in value ? xlsxCell(value.result, numberFormat) : '';
  }
  if ('error' in value) return '';
  // A hyperlink's text may itself be rich text.
  if ('text' in value) return xlsxCell(value.text, undefined);
  return '';
}

function numberCell(value: number, numberFormat: string | undefined): Cell {
  if (!Number.isFinite(value)) return '';
  if (isDateFormat(numberFormat)) return wholeSeconds(excelSerialToDate(value));
  return Number.isInteger(value) ? integerText(value) : value;
}

/** exceljs's own test: date letters outside `[…]` (colours, locales) and quoted literals. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel's 1900 serial (days since 1899-12-30) as a UTC `Date`. */
function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.round(date.getTime() / 1000) * 1000);
}
