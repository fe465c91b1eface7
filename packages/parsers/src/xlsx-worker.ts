/**
 * The worker thread that reads a workbook, so that a huge or hostile file can be stopped (terminated on
 * timeout, capped in memory) without taking the main thread with it. Started by `xlsx-reader.ts`
 * through `xlsx-worker-entry.mjs`, which turns the compile cache on first.
 *
 * The reading is our own (`xlsx-zip.ts`, `xlsx-workbook.ts`, `xlsx-shared-strings.ts`, `xlsx-styles.ts`,
 * `xlsx-sheet-rows.ts`) rather than exceljs' streaming reader: exceljs builds a Row and cell objects per
 * row and keeps shared strings as objects; 100k rows took ~3.6 CPU-seconds, a million 31 s and 800 MB.
 */
import { parentPort } from 'node:worker_threads';
import type { Cell } from '@roster/engine';
import { headerText } from './xlsx-cells.ts';
import { RESAVE_HINT, XlsxError } from './xlsx-error.ts';
import { PackedRowsBuilder, transferablesOf } from './xlsx-packed-rows.ts';
import type { BatchCellError, XlsxCommand, XlsxWorkerInput, XlsxWorkerMessage } from './xlsx-protocol.ts';
import { readSharedStrings } from './xlsx-shared-strings.ts';
import { chooseSheet, type SheetChoice } from './xlsx-sheet-choice.ts';
import { type SheetRow, SheetRowScanner } from './xlsx-sheet-rows.ts';
import { numberFormats } from './xlsx-styles.ts';
import { MAX_SMALL_PART_BYTES, readWorkbook } from './xlsx-workbook.ts';
import { ZipArchive } from './xlsx-zip.ts';

const BATCH_ROWS = 1000;
/** The shared strings are held in memory (the worker's heap is capped too; this fails sooner, clearer). */
const MAX_SHARED_STRINGS_BYTES = 512 * 1024 * 1024;
/**
 * The sheet is streamed, so its size costs time, not memory, and the time limit stops a slow one; this
 * cap is for the zip-bomb case, far above a 1M-row, 50-column sheet of inline text (~2 GB would be odd).
 */
const MAX_SHEET_BYTES = 3 * 1024 * 1024 * 1024;

const port = parentPort;
if (!port) throw new Error('xlsx-worker.ts must run in a worker thread');
// One listener for both commands: `start` comes first, and no credit can come before it.
const started = Promise.withResolvers<XlsxWorkerInput>();
let credits = 0;
let wakeUp: (() => void) | undefined;
port.on('message', (message: XlsxCommand) => {
  if (message.type === 'start') {
    credits = message.input.window;
    started.resolve(message.input);
    return;
  }
  credits++;
  wakeUp?.();
});
// Loaded (modules compiled, ready) before this: a worker started early waits here for its file.
const input = await started.promise;

function send(message: XlsxWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/** Sends a batch when the consumer has room for it: the worker never runs far ahead of the reader. */
async function sendRows(batch: PackedRowsBuilder, cellErrors: BatchCellError[]): Promise<void> {
  while (credits <= 0) await new Promise<void>((resolve) => (wakeUp = resolve));
  credits--;
  const rows = batch.take();
  send(
    cellErrors.length === 0 ? { type: 'rows', rows } : { type: 'rows', rows, cellErrors },
    transferablesOf(rows),
  );
}

/** Reads the sheet and sends its rows; gives the sheet's merged ranges (`B5:B9`). */
async function readFile(): Promise<readonly string[]> {
  const zip = await ZipArchive.fromDescriptor(input.fd);
  try {
    const workbook = await readWorkbook(zip);
    const choice = chooseSheet(workbook.sheets, input.sheet);
    const { sheet } = choice;
    const sheetEntry = zip.entry(sheet.part);
    if (!sheetEntry) {
      throw new XlsxError(
        'XLSX_UNREADABLE',
        `it cannot be read as .xlsx: sheet ${JSON.stringify(sheet.name)} is missing (${sheet.part})`,
        RESAVE_HINT,
      );
    }
    // Both optional: a workbook of numbers only may have no shared strings, a minimal one no styles.
    const stringsEntry = workbook.sharedStringsPart && zip.entry(workbook.sharedStringsPart);
    const stylesEntry = workbook.stylesPart && zip.entry(workbook.stylesPart);
    const scanner = new SheetRowScanner({
      sharedStrings: stringsEntry
        ? await readSharedStrings(zip.chunks(stringsEntry, MAX_SHARED_STRINGS_BYTES))
        : [],
      numberFormats: stylesEntry ? numberFormats(await zip.text(stylesEntry, MAX_SMALL_PART_BYTES)) : [],
      date1904: workbook.date1904,
      sheet: sheet.name,
    });
    const rows = new RowSink(choice, workbook.date1904);
    // The sheet is scanned chunk by chunk: it is never one string, nor one buffer.
    for await (const chunk of zip.chunks(sheetEntry, MAX_SHEET_BYTES)) {
      scanner.feed(chunk);
      for (const row of scanner.take()) await rows.add(row);
    }
    scanner.finish();
    for (const row of scanner.take()) await rows.add(row);
    await rows.end();
    return scanner.merges;
  } finally {
    await zip.close();
  }
}

/** Finds the header (the first non-blank row from `headerRow`), then batches the data rows. */
class RowSink {
  readonly #choice: SheetChoice;
  #count = 0;
  /** The rows to send next; made once the header row, found, gives their width. */
  #batch: PackedRowsBuilder | undefined;
  #cellErrors: BatchCellError[] = [];

  readonly #date1904: boolean;

  constructor(choice: SheetChoice, date1904: boolean) {
    this.#choice = choice;
    this.#date1904 = date1904;
  }

  async add(row: SheetRow): Promise<void> {
    if (row.line < input.headerRow) return;
    const { cells } = row;
    if (this.#batch === undefined) {
      const header = Array.from(cells, (cell) => headerText(cell ?? ''));
      while (header.length > 0 && header[header.length - 1] === '') header.pop();
      if (header.length === 0) return; // blank rows above the header
      this.#batch = new PackedRowsBuilder(header.length);
      send({
        type: 'header',
        sheet: this.#choice.sheet.name,
        line: row.line,
        cells: header,
        date1904: this.#date1904,
      });
      return;
    }
    // Cells right of the header have no column to go to; unlike CSV fields, they cannot shift others.
    const batch = this.#batch;
    const { width } = batch;
    let blank = true;
    for (let index = 0; index < width && blank; index++) blank = isBlank(cells[index] ?? '');
    if (blank) return;
    if (++this.#count > input.maxRows) {
      throw new XlsxError(
        'XLSX_LIMIT',
        `${this.#choice.label} has more than ${input.maxRows} rows`,
        'Split the file, or raise the row limit if the customer really has that many people',
      );
    }
    if (row.errors) {
      for (const { column, error } of row.errors) {
        if (column < width) this.#cellErrors.push({ row: batch.rows, column, line: row.line, error });
      }
    }
    batch.add(row.line, cells);
    if (batch.rows >= BATCH_ROWS) {
      await sendRows(batch, this.#cellErrors);
      this.#cellErrors = [];
    }
  }

  async end(): Promise<void> {
    if (this.#batch === undefined) {
      const other =
        input.sheet === undefined && this.#choice.count > 1
          ? `, or set \`xlsx.sheet\` to the sheet to read: ${this.#choice.names}`
          : '';
      throw new XlsxError(
        'HEADER_NOT_FOUND',
        `${this.#choice.label} has no header row at row ${input.headerRow} or below`,
        `Check the sheet, and \`xlsx.headerRow\` in tenant.yaml${other}`,
      );
    }
    if (this.#batch.rows > 0) await sendRows(this.#batch, this.#cellErrors);
  }
}

function isBlank(cell: Cell): boolean {
  return cell === '' || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

try {
  const merges = await readFile();
  send({ type: 'end', merges });
} catch (error) {
  if (error instanceof XlsxError) {
    send({
      type: 'error',
      code: error.code,
      message: `Invalid workbook ${input.fileName}: ${error.message}`,
      hint: error.hint,
    });
  } else {
    // Unexpected (an I/O error, a bug): still the user's file that could not be read.
    const detail = error instanceof Error ? error.message : String(error);
    send({
      type: 'error',
      code: 'XLSX_UNREADABLE',
      message: `Invalid workbook ${input.fileName}: it cannot be read as .xlsx (${detail})`,
      hint: RESAVE_HINT,
    });
  }
}
