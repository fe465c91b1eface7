import { closeSync, fstat, open } from 'node:fs';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { XlsxOptions } from '@roster/config';
import type { SourceRow, TableReader } from '@roster/engine';
import { RosterError } from '@roster/engine';
import { mappedColumnFlags, mergedMappedCells, rejectCellErrors } from './xlsx-cell-errors.ts';
import { unpackRows } from './xlsx-packed-rows.ts';
import type { XlsxCommand, XlsxWorkerInput, XlsxWorkerMessage } from './xlsx-protocol.ts';

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
  let spare: SpareWorker | undefined;
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
    const worker = spare?.take() ?? startWorker();
    spare = undefined;
    const session = new XlsxSession(worker, input, { fileName, timeoutMs, signal, fd, columns });
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
  read.warmUp = () => {
    spare ??= new SpareWorker();
    const started = spare;
    return {
      [Symbol.dispose]() {
        // Only the worker this warm-up started, and only while no read has taken it.
        if (spare !== started) return;
        spare = undefined;
        started.discard();
      },
    };
  };
  return read;
}

/** A worker thread that loads the reader's modules, then waits for its `start` message. */
function startWorker(): Worker {
  return new Worker(new URL('./xlsx-worker-entry.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
}

/**
 * A worker started before the file is there (`TableReader.warmUp`): its start-up, 45–125 ms of
 * module loading on the benchmark's machines, overlaps the download instead of following it. It
 * never keeps the process alive while idle, and one that failed or stopped meanwhile is replaced by
 * a new worker at the read, which then reports its own failure.
 */
class SpareWorker {
  readonly #worker = startWorker();
  #failed = false;
  readonly #onFailure = () => {
    this.#failed = true;
  };

  constructor() {
    this.#worker.unref();
    // A listener for 'error' also keeps an early failure from being an uncaught exception.
    this.#worker.on('error', this.#onFailure).on('exit', this.#onFailure);
  }

  /** The worker for a read (kept alive from now on, as a new one is), or undefined when it failed. */
  take(): Worker | undefined {
    this.#worker.off('error', this.#onFailure).off('exit', this.#onFailure);
    if (this.#failed) {
      this.discard();
      return undefined;
    }
    this.#worker.ref();
    return this.#worker;
  }

  discard(): void {
    this.#worker.off('error', this.#onFailure).off('exit', this.#onFailure);
    // An 'error' after this must not become an uncaught exception.
    this.#worker.on('error', () => {});
    void this.#worker.terminate();
  }
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

interface SessionOptions {
  readonly fileName: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** The workbook, read by the worker through this descriptor; closed when the worker has stopped. */
  readonly fd: number;
  /** The columns the mappings read: an error cell in one of them rejects its row (`CELL_ERROR`). */
  readonly columns: readonly string[];
}

/**
 * The main thread's side of one worker: the header as a promise, then the rows as an async iterable.
 * The worker sends at most {@link WINDOW} batches ahead; each batch taken returns a credit. The worker
 * keeps the process alive only while someone waits for it, and ends (terminated) on the last message, on
 * an error, on timeout, on abort, or when the consumer stops iterating.
 */
/** The header row the worker found: its row number, cells, the sheet it is on, and the date system. */
interface SheetHeader {
  readonly line: number;
  readonly cells: string[];
  readonly sheet: string;
  readonly date1904: boolean;
}

class XlsxSession implements AsyncIterable<readonly SourceRow[]> {
  readonly #worker: Worker;
  readonly #options: SessionOptions;
  readonly #header = Promise.withResolvers<SheetHeader>();
  /** Set from the header: its sheet, and which of its columns are mapped. */
  #cellErrorContext: { header: string[]; mapped: boolean[]; sheet: string } | undefined;
  #headerLine = 0;
  readonly #queue: (readonly SourceRow[])[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #onAbort = () => this.#finish(this.#options.signal?.reason);

  constructor(worker: Worker, input: XlsxWorkerInput, options: SessionOptions) {
    this.#options = options;
    // A failure before the header rejects `header`; one after it, the next batch.
    this.#header.promise.catch(() => {});
    this.#worker = worker;
    this.#worker.postMessage({ type: 'start', input } satisfies XlsxCommand);
    this.#worker.on('message', (message: XlsxWorkerMessage) => this.#receive(message));
    this.#worker.on('error', (error) => this.#finish(workerFailure(error, options.fileName)));
    this.#worker.on('exit', () =>
      this.#finish(workerFailure(new Error('the reader stopped'), options.fileName)),
    );
    this.#timer = setTimeout(() => this.#finish(timeout(options)), options.timeoutMs).unref();
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get header(): Promise<SheetHeader> {
    return this.#header.promise;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly SourceRow[]> {
    try {
      for (;;) {
        if (this.#error !== undefined) throw this.#error;
        const batch = this.#queue.shift();
        if (batch) {
          if (!this.#ended) this.#worker.postMessage({ type: 'credit' } satisfies XlsxCommand);
          yield batch;
          continue;
        }
        if (this.#ended) return;
        this.#worker.ref(); // someone is waiting: keep the process alive for the worker
        await new Promise<void>((wake) => (this.#wake = wake));
        this.#worker.unref();
      }
    } finally {
      this.#finish(undefined);
    }
  }

  #receive(message: XlsxWorkerMessage): void {
    switch (message.type) {
      case 'header':
        this.#cellErrorContext = {
          header: message.cells,
          mapped: mappedColumnFlags(message.cells, this.#options.columns),
          sheet: message.sheet,
        };
        this.#headerLine = message.line;
        this.#header.resolve({
          line: message.line,
          cells: message.cells,
          sheet: message.sheet,
          date1904: message.date1904,
        });
        this.#worker.unref();
        return;
      case 'rows': {
        const rows = unpackRows(message.rows);
        if (message.cellErrors && this.#cellErrorContext) {
          rejectCellErrors(rows, message.cellErrors, this.#cellErrorContext);
        }
        this.#queue.push(rows);
        break;
      }
      case 'end':
        this.#finish(
          this.#cellErrorContext &&
            mergedMappedCells(
              message.merges,
              this.#cellErrorContext,
              this.#headerLine,
              this.#options.fileName,
            ),
        );
        break;
      case 'error': {
        const { code, message: text, hint, line } = message;
        const { fileName } = this.#options;
        this.#finish(
          new RosterError(code, text, {
            file: fileName,
            ...(hint === undefined ? {} : { hint }),
            ...(line === undefined ? {} : { line }),
          }),
        );
        break;
      }
    }
    this.#wake?.();
  }

  /** Ends the session once: stops the worker, and keeps the first error for the consumer. */
  #finish(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    clearTimeout(this.#timer);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    // Closed only once the worker cannot read it any more (a reused descriptor would be another file).
    const { fd } = this.#options;
    void this.#worker.terminate().finally(() => closeSync(fd));
    this.#header.reject(error ?? new RosterError('INTERNAL', 'The workbook reader ended before the header'));
    this.#wake?.();
  }
}

function timeout(options: SessionOptions): RosterError {
  return new RosterError(
    'XLSX_LIMIT',
    `Invalid workbook ${options.fileName}: reading took longer than ${options.timeoutMs} ms and was stopped`,
    {
      file: options.fileName,
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
