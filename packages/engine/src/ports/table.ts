/**
 * The engine's view of a customer file once it has been opened: a header and a stream of rows.
 * Readers (CSV, Excel, JSON) live in adapters and implement {@link TableReader}; the engine never
 * imports csv-parse, exceljs or a JSON parser.
 */

/** One cell as a reader found it. Text formats give strings; Excel may give numbers, dates and booleans. */
export type Cell = string | number | boolean | Date | null;

/** A problem that makes one row unusable, found while reading it (before mapping). */
export interface RowProblem {
  /** Stable upper-snake-case code, e.g. `FIELD_COUNT`. */
  readonly code: RowProblemCode;
  /** What is wrong and what to do, e.g. "Row has 7 fields, the header has 9: …". */
  readonly message: string;
  /** The header index of the cell at fault, when one cell is (the first of several): names the field. */
  readonly column?: number;
}

export const ROW_PROBLEM_CODES = [
  'FIELD_COUNT',
  'RECORD_TOO_LARGE',
  'NOT_AN_OBJECT',
  'CELL_ERROR',
  'KEY_AMBIGUOUS',
] as const;
export type RowProblemCode = (typeof ROW_PROBLEM_CODES)[number];

/**
 * A row of the file. `line` is where the row starts: the 1-based line of a CSV or JSON Lines file,
 * the sheet row of a workbook, or the line on which a record of a JSON array starts (records sharing
 * a line take the next free number: `line` grows from row to row, and is the row's number in a run).
 * `cells` are aligned with {@link Table.header}; a row with a `problem` is rejected as a whole.
 */
export interface SourceRow {
  readonly line: number;
  readonly cells: readonly Cell[];
  readonly problem?: RowProblem;
  /**
   * True when the reader knows that no cell holds a line break (a CSV record on one line of the file):
   * the mapper then need not look for one in fields that must be one line (row-mapper.ts).
   */
  readonly oneLine?: boolean;
}

/** An opened file: its header and its rows, in file order, in batches to keep per-row overhead low. */
export interface Table {
  /** Column names exactly as the file spells them (the BOM removed). */
  readonly header: readonly string[];
  /** Where the header is: line of a CSV file, row of a sheet; 0 when the format has no header row (JSON). */
  readonly headerLine: number;
  /** The worksheet the rows come from, for workbooks: messages about the header name it. */
  readonly sheet?: string;
  /**
   * For workbooks in the 1904 date system (old Mac Excel): their serial day numbers count from
   * 1904-01-01, so a plain number in a date column is read so too. Date cells arrive as dates already.
   */
  readonly date1904?: boolean;
  /** Rows in batches (typically a few hundred to a few thousand rows each). Iterate once. */
  readonly batches: AsyncIterable<readonly SourceRow[]>;
  /**
   * Columns that were asked for but never seen, known once `batches` is exhausted. Only JSON, whose
   * records have no common header, can report them; CSV and Excel report missing columns up front.
   */
  missingColumns(): readonly string[];
  /**
   * Optional: what the operator should know about how the file was read, though nothing is wrong with
   * it (a configured encoding the file's text overruled). Known once the table is open; shown as warnings.
   */
  readonly notes?: readonly string[];
}

/** What a reader needs to know about the file besides its bytes. */
export interface TableReadOptions {
  /** The file's name, used in messages. */
  readonly fileName: string;
  /**
   * The source columns the mappings use, in their configured spelling. JSON readers use them as the
   * header (records are objects); CSV and Excel readers ignore them.
   */
  readonly columns: readonly string[];
  /** Aborts reading; the reader releases the file and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Opens a local file (already downloaded) as a {@link Table}. */
export interface TableReader {
  (path: string, options: TableReadOptions): Promise<Table>;
  /**
   * Optional: starts, before the file is there, what reading will need (the Excel reader's worker
   * thread), so that its start-up overlaps the download. The next read uses it; disposing the
   * handle releases it if no read has (the run was skipped or failed first).
   */
  warmUp?(): Disposable;
}
