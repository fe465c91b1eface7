/**
 * The reader against the one it replaced: exceljs' streaming reader with the old cell rules, kept here
 * only for this comparison. Same files, same header and rows, cell for cell.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell, SourceRow } from '@roster/engine';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { integerText } from '../src/integer-text.ts';
import { excelSerialToDate, headerText, isDateFormat, wholeSeconds } from '../src/xlsx-cells.ts';
import { fixture, readTable } from './read-table.ts';

let dir: string;
let generated: string;
let streamed: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-xlsx-diff-'));
  generated = join(dir, 'generated.xlsx');
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes').addRows([
    ['Note', 'By'],
    ['not this one', 7],
  ]);
  const sheet = workbook.addWorksheet('People');
  sheet.addRow(['Title line']);
  sheet.addRow([]);
  sheet.addRow(['Id', 'Email', 'Name', 'Start', 'Rate', 'Active', 'Formula', 'Link', 'Time', 'Empty']);
  for (let index = 0; index < 300; index++) {
    const row = sheet.addRow([
      index % 7 === 0 ? `00${index}` : index,
      `p${index}@example.com & <co> "q" 'a'`,
      { richText: [{ text: 'Ann ' }, { font: { bold: true }, text: `Lee${index}` }] },
      new Date(Date.UTC(2000, 0, 1 + index, index % 2 ? 12 : 0)),
      index / 8,
      index % 3 === 0,
      { formula: `A${index + 4}*2`, result: index * 2 },
      { text: `link ${index}`, hyperlink: 'https://example.com' },
      index % 5 === 0 ? { error: '#N/A' } : 1.5e5 + index,
      index % 4 === 0 ? null : ' ',
    ]);
    row.getCell(9).numFmt = index % 2 ? 'hh:mm' : '[Red]0.00;"h"0';
    row.getCell(5).numFmt = index % 10 === 0 ? 'yyyy-mm-dd' : '0.00';
  }
  sheet.getCell('L350').value = 'far right and below';
  await workbook.xlsx.writeFile(generated);

  streamed = join(dir, 'streamed.xlsx');
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: streamed, useSharedStrings: true });
  const people = writer.addWorksheet('People');
  people.addRow(['Employee ID', 'Email', 'Start']).commit();
  for (let index = 1; index <= 2500; index++) {
    people
      .addRow([index, `p${index % 40}@example.com`, new Date(Date.UTC(2020, 0, 1 + (index % 365)))])
      .commit();
  }
  people.commit();
  await writer.commit();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('xlsx reader against exceljs', () => {
  it.each([
    ['employees.xlsx, Employees from row 2', () => fixture('employees.xlsx'), 'Employees', 2],
    ['employees.xlsx, first sheet', () => fixture('employees.xlsx'), undefined, 1],
    ['a generated workbook, People from row 1', () => generated, 'People', 1],
    ['a generated workbook, first sheet', () => generated, undefined, 1],
    ['a streamed workbook with shared strings', () => streamed, undefined, 1],
  ])('%s', async (_, path, sheet, headerRow) => {
    const table = await readTable(
      xlsxReader(sheet === undefined ? { headerRow } : { sheet, headerRow }),
      path(),
    );
    const expected = await readWithExceljs(path(), sheet, headerRow);
    expect(table.header).toEqual(expected.header);
    expect(table.headerLine).toBe(expected.headerLine);
    expect(table.rows.length).toBeGreaterThan(0);
    expect(table.rows).toEqual(expected.rows);
  });
});

/** The replaced worker's reading, in this thread. */
async function readWithExceljs(
  path: string,
  wanted: string | undefined,
  headerRow: number,
): Promise<{ header: string[]; headerLine: number; rows: SourceRow[] }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as AsyncIterable<
    AsyncIterable<{
      number: number;
      eachCell(callback: (cell: { value: unknown; numFmt?: string }, column: number) => void): void;
    }> & { name: string }
  > & { model?: { sheets?: { name: string }[] } };
  for await (const sheet of workbook) {
    const name = wanted ?? workbook.model?.sheets?.[0]?.name ?? sheet.name;
    if (sheet.name.toLowerCase() !== name.toLowerCase()) continue;
    let header: string[] | undefined;
    let headerLine = 0;
    const rows: SourceRow[] = [];
    for await (const row of sheet) {
      if (row.number < headerRow) continue;
      const cells: Cell[] = [];
      row.eachCell((cell, column) => {
        cells[column - 1] = exceljsCell(cell.value, cell.numFmt);
      });
      if (!header) {
        const texts = Array.from(cells, (cell) => headerText(cell ?? ''));
        while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
        if (texts.length > 0) [header, headerLine] = [texts, row.number];
        continue;
      }
      const aligned = Array.from({ length: header.length }, (__, index) => cells[index] ?? '');
      if (aligned.every((cell) => cell === '' || (typeof cell === 'string' && cell.trim() === ''))) continue;
      rows.push({ line: row.number, cells: aligned });
    }
    return { header: header ?? [], headerLine, rows };
  }
  throw new Error(`no sheet ${wanted}`);
}

/** The replaced `xlsxCell`: an exceljs cell value as a Cell. */
function exceljsCell(value: unknown, numberFormat: string | undefined): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return wholeSeconds(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (isDateFormat(numberFormat)) return wholeSeconds(excelSerialToDate(value));
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? integerText(value) : value;
  }
  if (typeof value !== 'object') return String(value);
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('');
  }
  if ('formula' in value || 'sharedFormula' in value) {
    return 'result' in value ? exceljsCell(value.result, numberFormat) : '';
  }
  if ('error' in value) return '';
  if ('text' in value) return exceljsCell(value.text, undefined);
  return '';
}
