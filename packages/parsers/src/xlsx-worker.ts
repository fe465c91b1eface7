/**
 * The worker thread that reads a workbook with exceljs' streaming reader, so that a huge or hostile file
 * can be stopped (terminated on timeout, capped in memory) without taking the main thread with it.
 * Started by `xlsx-reader.ts`; Node 24 strips the types of a `.ts` worker as it does for the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Cell, SourceRow } from '@roster/engine';
import ExcelJS from 'exceljs';
import { headerText, xlsxCell } from './xlsx-cells.ts';
import type { XlsxCredit, XlsxWorkerInput, XlsxWorkerMessage } from './xlsx-protocol.ts';

/** The parts of exceljs' streaming API used here (its typings omit `name` and `model`). */
interface StreamedCell {
  readonly value: unknown;
  readonly numFmt?: string;
}
interface StreamedRow {
  readonly number: number;
  eachCell(callback: (cell: StreamedCell, column: number) => void): void;
}
interface StreamedSheet extends AsyncIterable<StreamedRow> {
  readonly name: string;
}
interface StreamedWorkbook extends AsyncIterable<StreamedSheet> {
  readonly model?: { readonly sheets?: readonly { readonly name: string }[] };
}

const BATCH_ROWS = 1000;

const port = parentPort;
if (!port) throw new Error('xlsx-worker.ts must run in a worker thread');
const input = workerData as XlsxWorkerInput;
let credits = input.window;
let wakeUp: (() => void) | undefined;
port.on('message', (message: XlsxCredit) => {
  if (message.type !== 'credit') return;
  credits++;
  wakeUp?.();
});

function send(message: XlsxWorkerMessage): void {
  port?.postMessage(message);
}

/** Sends a batch when the consumer has room for it: the worker never runs far ahead of the reader. */
async function sendRows(rows: SourceRow[]): Promise<void> {
  while (credits <= 0) await new Promise<void>((resolve) => (wakeUp = resolve));
  credits--;
  send({ type: 'rows', rows });
}

class SheetError extends Error {
  readonly code: 'SHEET_NOT_FOUND' | 'XLSX_LIMIT' | 'HEADER_NOT_FOUND';
  readonly hint: string;
  constructor(code: SheetError['code'], message: string, hint: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

async function readWorkbook(): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input.path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles give each cell its number format, which tells dates from numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as StreamedWorkbook;
  const emitted: string[] = [];
  for await (const sheet of workbook) {
    // Sheets stream in file order; "the first sheet" is the first tab, as workbook.xml lists them.
    const names = workbook.model?.sheets?.map((entry) => entry.name) ?? [];
    const wanted = input.sheet ?? names[0] ?? sheet.name;
    if (sameSheet(sheet.name, wanted)) {
      await readSheet(sheet);
      return;
    }
    emitted.push(sheet.name);
  }
  const names = workbook.model?.sheets?.map((entry) => entry.name) ?? emitted;
  throw new SheetError(
    'SHEET_NOT_FOUND',
    `Invalid workbook ${input.fileName}: no sheet named ${JSON.stringify(input.sheet)}, found ${names.map((name) => JSON.stringify(name)).join(', ') || 'none'}`,
    'Set `xlsx.sheet` in tenant.yaml to one of these names, or leave it out to read the first sheet',
  );
}

function sameSheet(name: string, wanted: string): boolean {
  return name.trim().toLowerCase() === wanted.trim().toLowerCase();
}

async function readSheet(sheet: StreamedSheet): Promise<void> {
  let width = -1;
  let count = 0;
  let batch: SourceRow[] = [];
  for await (const row of sheet) {
    if (row.number < input.headerRow) continue;
    const cells: Cell[] = [];
    row.eachCell((cell, column) => {
      cells[column - 1] = xlsxCell(cell.value, cell.numFmt);
    });
    if (width === -1) {
      const header = Array.from(cells, (cell) => headerText(cell ?? ''));
      while (header.length > 0 && header[header.length - 1] === '') header.pop();
      if (header.length === 0) continue; // blank rows above the header
      width = header.length;
      send({ type: 'header', sheet: sheet.name, line: row.number, cells: header });
      continue;
    }
    // Cells right of the header have no column to go to; unlike CSV fields, they cannot shift others.
    const aligned = Array.from({ length: width }, (_, index) => cells[index] ?? '');
    if (aligned.every(isBlank)) continue;
    if (++count > input.maxRows) {
      throw new SheetError(
        'XLSX_LIMIT',
        `Invalid workbook ${input.fileName}: sheet ${JSON.stringify(sheet.name)} has more than ${input.maxRows} rows`,
        'Split the file, or raise the row limit if the customer really has that many people',
      );
    }
    batch.push({ line: row.number, cells: aligned });
    if (batch.length >= BATCH_ROWS) {
      await sendRows(batch);
      batch = [];
    }
  }
  if (width === -1) {
    throw new SheetError(
      'HEADER_NOT_FOUND',
      `Invalid workbook ${input.fileName}: sheet ${JSON.stringify(sheet.name)} has no header row at row ${input.headerRow} or below`,
      'Check the sheet, and `xlsx.headerRow` in tenant.yaml',
    );
  }
  if (batch.length > 0) await sendRows(batch);
}

function isBlank(cell: Cell): boolean {
  return cell === '' || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

try {
  await readWorkbook();
  send({ type: 'end' });
} catch (error) {
  if (error instanceof SheetError) {
    send({ type: 'error', code: error.code, message: error.message, hint: error.hint });
  } else {
    const detail = error instanceof Error ? error.message : String(error);
    send({
      type: 'error',
      code: 'XLSX_UNREADABLE',
      message: `Invalid workbook ${input.fileName}: it cannot be read as .xlsx (${detail})`,
      hint: 'Open it in Excel and save it as "Excel Workbook (.xlsx)"; older .xls files are not supported',
    });
  }
}
// No exit here: exceljs may leave its file stream open after an early stop, and the main thread
// terminates the worker as soon as it has the last message, which closes everything.
