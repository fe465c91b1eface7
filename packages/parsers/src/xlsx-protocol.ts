/** What the main thread tells the xlsx worker, in its first message (`start`). */
export interface XlsxWorkerInput {
  readonly path: string;
  /**
   * The file, opened by the main thread, which closes it once the worker has stopped: a worker that is
   * terminated (timeout, consumer gone) cannot close a file it opened itself.
   */
  readonly fd: number;
  /** The file's name, for messages. */
  readonly fileName: string;
  readonly sheet: string | undefined;
  readonly headerRow: number;
  readonly maxRows: number;
  /** Batches the worker may send ahead of the consumer; each consumed batch returns one credit. */
  readonly window: number;
}

/** The workbook reader's `header` message (worker-protocol.ts), beyond its type. */
export interface XlsxHeader {
  readonly sheet: string;
  readonly line: number;
  readonly cells: string[];
  /** The workbook counts serial days from 1904 (engine's Table.date1904). */
  readonly date1904: boolean;
}

/** What a `rows` message carries beside the rows. */
export interface XlsxRowsExtras {
  /** Error cells of these rows, by index in `rows`; only there when some row has one. */
  readonly cellErrors?: readonly BatchCellError[];
}

/** `merges`: the sheet's merged ranges (`B5:B9`), checked by the main thread against the mapped columns. */
export interface XlsxEnd {
  readonly merges: readonly string[];
}

/**
 * An error cell (`#N/A`…) of a batch. The worker cannot tell whether its column is mapped (matching
 * configured names to the header needs @roster/config, which it does not load), so it reports every one,
 * and the main thread turns those in mapped columns into the row's `CELL_ERROR` problem.
 */
/**
 * The error of a formula cell saved without its result (`<c><f>…</f></c>`, no `<v>`): programs that
 * write workbooks without calculating them do this. It has no value, like an error cell.
 */
export const UNCALCULATED_FORMULA = 'a formula whose result was never calculated';

export interface BatchCellError {
  readonly row: number;
  readonly column: number;
  readonly line: number;
  readonly error: string;
}
