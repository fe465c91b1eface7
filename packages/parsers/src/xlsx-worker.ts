/**
 * The worker thread that reads a workbook, so that a huge or hostile file can be stopped (terminated on
 * timeout, capped in memory) without taking the main thread with it. Started by `xlsx-reader.ts`
 * through `xlsx-worker-entry.mjs`, which turns the compile cache on first.
 *
 * The reading is our own (`xlsx-zip.ts`, `xlsx-workbook.ts`, `xlsx-shared-strings.ts`, `xlsx-styles.ts`,
 * `xlsx-sheet-rows.ts`) rather than exceljs' streaming reader: exceljs builds a Row and cell objects per
 * row and keeps shared strings as objects; 100k rows took ~3.6 CPU-seconds, a million 31 s and 800 MB.
 */
import type { Cell } from '@roster/engine';
import { PackedRowsBuilder } from './packed-rows.ts';
import { workerPort } from './worker-port.ts';
import type { WorkerError } from './worker-protocol.ts';
import { headerText } from './xlsx-cells.ts';
import { RESAVE_HINT, XlsxError } from './xlsx-error.ts';
import type { BatchCellError, XlsxEnd, XlsxHeader, XlsxWorkerInput } from './xlsx-protocol.ts';
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

const port = workerPort<XlsxWorkerInput>();
// Loaded (modules compiled, ready) before this: a worker started early waits here for its file.
const input = await port.input;

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
  /** The rows to send next; made once the header row is found. */
  #batch: PackedRowsBuilder | undefined;
  /** The header's cells: every row is sent with as many. */
  #width = 0;
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
      this.#batch = new PackedRowsBuilder();
      this.#width = header.length;
      port.send({
        type: 'header',
        sheet: this.#choice.sheet.name,
        line: row.line,
        cells: header,
        date1904: this.#date1904,
      } satisfies XlsxHeader & { type: 'header' });
      return;
    }
    // Cells right of the header have no column to go to; unlike CSV fields, they cannot shift others.
    const batch = this.#batch;
    const width = this.#width;
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
    batch.add(row.line, cells, width);
    if (batch.rows >= BATCH_ROWS) {
      await this.#send(batch);
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
    if (this.#batch.rows > 0) await this.#send(this.#batch);
  }

  /** The batch, with its error cells: the main thread turns those in mapped columns into problems. */
  async #send(batch: PackedRowsBuilder): Promise<void> {
    const cellErrors = this.#cellErrors;
    this.#cellErrors = [];
    await port.sendRows(batch, cellErrors.length === 0 ? {} : { cellErrors });
  }
}

function isBlank(cell: Cell): boolean {
  return cell === '' || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

try {
  const merges = await readFile();
  port.send({ type: 'end', merges } satisfies XlsxEnd & { type: 'end' });
} catch (error) {
  const file = input.fileName;
  if (error instanceof XlsxError) {
    port.send({
      type: 'error',
      code: error.code,
      message: `Invalid workbook ${file}: ${error.message}`,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      file,
    } satisfies WorkerError);
  } else {
    // Unexpected (an I/O error, a bug): still the user's file that could not be read.
    const detail = error instanceof Error ? error.message : String(error);
    port.send({
      type: 'error',
      code: 'XLSX_UNREADABLE',
      message: `Invalid workbook ${file}: it cannot be read as .xlsx (${detail})`,
      hint: RESAVE_HINT,
      file,
    } satisfies WorkerError);
  }
}
