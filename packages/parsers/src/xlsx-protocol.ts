import type { ErrorCode } from '@roster/engine';
import type { PackedRows } from './xlsx-packed-rows.ts';

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

/** Messages from the worker, in this order: `header`, `rows`…, then `end` or `error`. */
export type XlsxWorkerMessage =
  | {
      readonly type: 'header';
      readonly sheet: string;
      readonly line: number;
      readonly cells: string[];
      /** The workbook counts serial days from 1904 (engine's Table.date1904). */
      readonly date1904: boolean;
    }
  | {
      readonly type: 'rows';
      readonly rows: PackedRows;
      /** Error cells of these rows, by index in `rows`; only there when some row has one. */
      readonly cellErrors?: readonly BatchCellError[];
    }
  /** `merges`: the sheet's merged ranges (`B5:B9`), checked by the main thread against the mapped columns. */
  | { readonly type: 'end'; readonly merges: readonly string[] }
  | {
      readonly type: 'error';
      readonly code: ErrorCode;
      readonly message: string;
      readonly hint?: string;
      readonly line?: number;
    };

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

/**
 * The main thread's messages to the worker: `start` once, first (the worker may have been started
 * before the file was there, see `TableReader.warmUp`), then a `credit` for each batch taken: more
 * batches may be sent.
 */
export type XlsxCommand = XlsxStart | XlsxCredit;

export interface XlsxStart {
  readonly type: 'start';
  readonly input: XlsxWorkerInput;
}

export interface XlsxCredit {
  readonly type: 'credit';
}
