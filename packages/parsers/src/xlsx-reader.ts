import { closeSync, fstat, open } from 'node:fs';
import { promisify } from 'node:util';
import type { XlsxOptions } from '@roster/config';
import type { TableReader } from '@roster/engine';
import { RosterError } from '@roster/engine';
import { unpackRows } from './packed-rows.ts';
import { ReaderWorkers, WorkerSession } from './worker-session.ts';
import { mappedColumnFlags, mergedMappedCells, rejectCellErrors } from './xlsx-cell-errors.ts';
import type { XlsxEnd, XlsxHeader, XlsxRowsExtras, XlsxWorkerInput } from './xlsx-protocol.ts';

export interface XlsxLimits {
  /** The largest workbook accepted, in bytes (default 100 MiB). */
  readonly maxFileBytes?: number;
  /** The most data rows accepted (default 1,000,000). */
  readonly maxRows?: number;
  /** How long reading may take from start to end, in milliseconds (default 120,000). */
  readonly timeoutMs?: number;
}

const DEFAULT_LIMITS = { maxFileBytes: 100 * 1024 * 1024, maxRows: 1_000_000, timeoutMs: 120_000 };
/** Batches (of 1000 rows) the worker may send before the consumer takes them. */
const WINDOW = 4;
/** The worker's heap cap: a zip bomb or a giant shared-strings table stops here, not at the machine's. */
const WORKER_HEAP_MB = 1024;
/**
 * Chosen when exceljs read the rows (it made a Row and cell objects per row): with V8's default young
 * generation, 100k rows peaked at ~335 MB RSS; capped at 32 MB, ~245 MB in the same time (8 MB: ~40% slower).
 */
const WORKER_YOUNG_MB = 32;

/**
 * A {@link TableReader} for Excel workbooks (.xlsx): a streaming SpreadsheetML reader in a worker thread, with
 * limits on file size, rows and time (the worker is terminated when the time is up: `XLSX_LIMIT`). The
 * sheet is chosen by name (case-insensitive, hidden or not; `SHEET_NOT_FOUND` lists the sheets) or is
 * the first visible worksheet (`xlsx-sheet-choice.ts`).
 * `line` is the sheet row. Cells (see `xlsx-cells.ts`): dates as UTC-midnight `Date`s, integer numbers
 * as text, other numbers as numbers.
 *
 * @example
 * const table = await xlsxReader({ sheet: 'Employees' }, { timeoutMs: 60_000 })('/tmp/acme.xlsx', {
 *   fileName: 'acme.xlsx', columns: [],
 * });
 */
export function xlsxReader(options: XlsxOptions = {}, limits: XlsxLimits = {}): TableReader {
  const { maxFileBytes, maxRows, timeoutMs } = { ...DEFAULT_LIMITS, ...limits };
  const workers = new ReaderWorkers({
    url: new URL('./xlsx-worker-entry.mjs', import.meta.url),
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  const read: TableReader = async (path, { fileName, columns, signal }) => {
    signal?.throwIfAborted();
    const fd = await openFile(path, fileName);
    let input: XlsxWorkerInput;
    try {
      const { size } = await promisify(fstat)(fd);
      if (size > maxFileBytes) {
        throw new RosterError(
          'XLSX_LIMIT',
          `Invalid workbook ${fileName}: ${size} bytes, more than the limit of ${maxFileBytes}`,
          {
            file: fileName,
            hint: 'Split the workbook, or send the data as CSV',
          },
        );
      }
      input = {
        path,
        fd,
        fileName,
        sheet: options.sheet,
        headerRow: options.headerRow ?? 1,
        maxRows,
        window: WINDOW,
      };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    /** Set from the header: its sheet, and which of its columns are mapped. */
    let context: { header: string[]; mapped: boolean[]; sheet: string; line: number } | undefined;
    const session = new WorkerSession<XlsxWorkerInput, XlsxHeader, XlsxRowsExtras, XlsxEnd>(
      workers.take(),
      input,
      {
        fileName,
        signal,
        timeoutMs,
        timedOut: () => timeout(fileName, timeoutMs),
        failure: (error) => workerFailure(error, fileName),
        onHeader: (header) => {
          context = {
            header: header.cells,
            mapped: mappedColumnFlags(header.cells, columns),
            sheet: header.sheet,
            line: header.line,
          };
        },
        rows: (message) => {
          const rows = unpackRows(message.rows);
          if (message.cellErrors && context) rejectCellErrors(rows, message.cellErrors, context);
          return rows;
        },
        end: (message) => context && mergedMappedCells(message.merges, context, context.line, fileName),
        // Closed only once the worker cannot read it any more (a reused descriptor would be another file).
        stopped: () => closeSync(fd),
      },
    );
    const header = await session.header;
    return {
      header: header.cells,
      headerLine: header.line,
      sheet: header.sheet,
      ...(header.date1904 && { date1904: true }),
      batches: session,
      missingColumns: () => [],
    };
  };
  read.warmUp = () => workers.warmUp();
  return read;
}

/** A plain descriptor, not a FileHandle: nothing closes it behind our back when it is collected. */
async function openFile(path: string, fileName: string): Promise<number> {
  try {
    return await promisify(open)(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new RosterError('FILE_NOT_FOUND', `File ${fileName} not found at ${path}`, {
      cause: error,
      file: fileName,
      hint: 'The file was removed before it could be read; run again',
    });
  }
}

function timeout(fileName: string, timeoutMs: number): RosterError {
  return new RosterError(
    'XLSX_LIMIT',
    `Invalid workbook ${fileName}: reading took longer than ${timeoutMs} ms and was stopped`,
    {
      file: fileName,
      hint: 'The workbook is too large or too complex: split it, or send the data as CSV',
    },
  );
}

function workerFailure(error: Error, fileName: string): RosterError {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new RosterError(
      'XLSX_LIMIT',
      `Invalid workbook ${fileName}: reading it needs more than ${WORKER_HEAP_MB} MB of memory`,
      {
        cause: error,
        file: fileName,
        hint: 'Split the workbook, or send the data as CSV',
      },
    );
  }
  return new RosterError('XLSX_UNREADABLE', `Invalid workbook ${fileName}: ${error.message}`, {
    cause: error,
    file: fileName,
    hint: 'Open it in Excel and save it as "Excel Workbook (.xlsx)"',
  });
}
