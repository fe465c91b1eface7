import type { ErrorCode } from '@roster/engine';

/**
 * An error the xlsx worker reports with a stable code; the main thread turns it into a `RosterError`.
 * (The worker does not import @roster/engine at run time: its index loads the config package, ~0.2 s.)
 */
export class XlsxError extends Error {
  readonly code: Extract<
    ErrorCode,
    'XLSX_UNREADABLE' | 'XLSX_LIMIT' | 'SHEET_NOT_FOUND' | 'HEADER_NOT_FOUND'
  >;
  readonly hint: string;
  constructor(code: XlsxError['code'], message: string, hint: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/** The hint for a file that is not a readable workbook. */
export const RESAVE_HINT =
  'Open it in Excel and save it as "Excel Workbook (.xlsx)"; older .xls files are not supported';
