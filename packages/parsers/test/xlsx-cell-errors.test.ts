/**
 * Excel error cells (#N/A, #REF!): in a mapped column they reject the row (CELL_ERROR) instead of being
 * read as empty; in a column no mapping reads they change nothing.
 */
import { join } from 'node:path';
import { mapFile, type Rejection, type StagedRow } from '@roster/engine';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { columnLetters } from '../src/xlsx-cell-errors.ts';
import { linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';
import { writeWorkbook } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-xlsx-errors-');

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const error = (ref: string, text: string) =>
  `<c r="${ref}" t="e"><f>VLOOKUP(A1,X!A:B,2,0)</f><v>${text}</v></c>`;
const HEADER = `<row r="1">${inline('A1', 'Employee ID')}${inline('B1', 'Work Email')}${inline('C1', 'Lookup')}${inline('D1', 'Manager ID')}</row>`;
const ROWS = [
  `<row r="2">${inline('A2', 'E1')}${error('B2', '#N/A')}${inline('C2', 'x')}${inline('D2', 'E9')}</row>`,
  `<row r="3">${inline('A3', 'E2')}${inline('B3', 'b@x.io')}${error('C3', '#REF!')}${inline('D3', 'E9')}</row>`,
  `<row r="4">${inline('A4', 'E3')}${error('B4', '#VALUE!')}${inline('C4', 'x')}${error('D4', '#DIV/0!')}</row>`,
  // Every cell an error: a formula row dragged below the data, skipped like a blank row.
  `<row r="5">${error('A5', '#N/A')}${error('B5', '#N/A')}${error('C5', '#N/A')}${error('D5', '#N/A')}</row>`,
  // No `r` on the cells: the reference comes from the column.
  `<row r="6">${inline('A6', 'E4')}<c t="e"><v>#NAME?</v></c></row>`,
  // An optional field: read as empty, the manager would be removed from the person.
  `<row r="7">${inline('A7', 'E5')}${inline('B7', 'e@x.io')}${inline('C7', 'x')}${error('D7', '#N/A')}</row>`,
];
const COLUMNS = ['employee id', 'Work Email', 'Manager ID'];

async function workbook(): Promise<string> {
  return writeWorkbook(join(folder.path, 'errors.xlsx'), {
    sheets: [{ name: 'People', xml: HEADER + ROWS.join('') }],
  });
}

describe('xlsx error cells', () => {
  it('rejects a row whose mapped cell is an Excel error, naming the cell, its column and the error', async () => {
    const table = await readTable(xlsxReader(), await workbook(), COLUMNS);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['E1', '', 'x', 'E9']],
      [3, ['E2', 'b@x.io', '', 'E9']],
      [4, ['E3', '', 'x', '']],
      [6, ['E4', '', '', '']],
      [7, ['E5', 'e@x.io', 'x', '']],
    ]);
    expect(table.rows.map((row) => row.problem)).toEqual([
      {
        code: 'CELL_ERROR',
        message:
          'Invalid cell in sheet "People": B2 ("Work Email") holds #N/A, an Excel error, not a value. ' +
          'Fix the formula or the value in the workbook, or ask the customer for a corrected file',
        column: 1,
      },
      undefined, // #REF! in Lookup, which no mapping reads
      {
        code: 'CELL_ERROR',
        message:
          'Invalid cells in sheet "People": B4 ("Work Email") holds #VALUE!, D4 ("Manager ID") holds #DIV/0!, ' +
          'Excel errors, not values. Fix the formulas or the values in the workbook, or ask the customer for a corrected file',
        column: 1,
      },
      expect.objectContaining({
        code: 'CELL_ERROR',
        message: expect.stringContaining('B6 ("Work Email") holds #NAME?'),
      }),
      expect.objectContaining({
        code: 'CELL_ERROR',
        message: expect.stringContaining('D7 ("Manager ID") holds #N/A'),
        column: 3,
      }),
    ]);
  });

  it('reads error cells as empty when no mapping reads their column', async () => {
    const table = await readTable(xlsxReader(), await workbook(), ['Employee ID']);
    expect(table.rows.every((row) => row.problem === undefined)).toBe(true);
  });

  it('is a rejection with its key when mapped, so the person is neither blanked nor deactivated', async () => {
    const mapped = await mapFile({
      path: await workbook(),
      fileName: 'errors.xlsx',
      reader: xlsxReader(),
      mappings: { fields: { employee_id: 'Employee ID', email: 'Work Email', manager_id: 'Manager ID' } },
      key: 'employee_id',
      columns: COLUMNS,
      rejectionDetailLimit: 100,
    });
    const staged: StagedRow[] = [];
    for await (const batch of mapped.batches) staged.push(...batch);
    expect(
      mapped.stats.rejections.map((rejection: Rejection) => [
        rejection.line,
        rejection.key,
        rejection.field,
        rejection.code,
      ]),
    ).toEqual([
      [2, 'E1', 'email', 'CELL_ERROR'],
      [4, 'E3', 'email', 'CELL_ERROR'],
      [6, 'E4', 'email', 'CELL_ERROR'],
      [7, 'E5', 'manager_id', 'CELL_ERROR'],
    ]);
    expect(
      staged.map((row) =>
        row.kind === 'user'
          ? row.user.fields.email
          : row.kind === 'rejected'
            ? row.key
            : row.kind === 'rejected-unkeyed'
              ? row.other
              : row.keys,
      ),
    ).toEqual(['E1', 'b@x.io', 'E3', 'E4', 'E5']);
  });

  it('reads the errors exceljs writes, typed in or as a formula result', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('People');
    sheet.addRow(['Employee ID', 'Work Email', 'Note']);
    sheet.addRow([1, { formula: 'VLOOKUP(A2,X!A:B,2,0)', result: { error: '#N/A' } }, { error: '#REF!' }]);
    const path = join(folder.path, 'exceljs-errors.xlsx');
    await book.xlsx.writeFile(path);
    const table = await readTable(xlsxReader(), path, ['Employee ID', 'Work Email']);
    expect(table.rows[0]?.cells).toEqual([1, '', '']);
    expect(table.rows[0]?.problem?.message).toContain('B2 ("Work Email") holds #N/A');
    expect(table.rows[0]?.problem?.message).not.toContain('#REF!');
  });

  it('rejects a mapped formula cell saved without its result, which has no value either', async () => {
    const formula = (ref: string, extra = '') =>
      `<c r="${ref}"${extra}><f>LOWER(A${ref.slice(1)}&"@x.io")</f></c>`;
    const path = await writeWorkbook(join(folder.path, 'uncalculated.xlsx'), {
      sheets: [
        {
          name: 'People',
          xml:
            HEADER +
            `<row r="2">${inline('A2', 'E1')}${formula('B2', ' t="str"')}${inline('C2', 'x')}</row>` +
            // A shared formula's other cells are empty `<f>` elements: no value either.
            `<row r="3">${inline('A3', 'E2')}${inline('B3', 'b@x.io')}<c r="C3"><f t="shared" si="0"/></c><c r="D3"><f t="shared" si="0"/></c></row>` +
            // A formula whose saved result is the empty string is a value: ''.
            `<row r="4">${inline('A4', 'E3')}${inline('B4', 'c@x.io')}<c r="D4" t="str"><f>IF(1,"","x")</f><v></v></c></row>`,
        },
      ],
    });
    const table = await readTable(xlsxReader(), path, COLUMNS);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['E1', '', 'x', '']],
      [3, ['E2', 'b@x.io', '', '']],
      [4, ['E3', 'c@x.io', '', '']],
    ]);
    expect(table.rows.map((row) => row.problem)).toEqual([
      {
        code: 'CELL_ERROR',
        message:
          'Invalid cell in sheet "People": B2 ("Work Email") holds a formula whose result was never calculated: no value. ' +
          'The program that wrote the workbook saved its formulas without calculating them: open it in Excel and save it, or ask the customer for a file with values',
        column: 1,
      },
      // C3 is in Lookup, which no mapping reads; D3 is in Manager ID.
      expect.objectContaining({
        code: 'CELL_ERROR',
        message: expect.stringMatching(
          /^Invalid cell in sheet "People": D3 \("Manager ID"\) holds a formula/,
        ),
        column: 3,
      }),
      undefined,
    ]);
  });

  it('fails the file for merged cells below the header in a mapped column, not blanking the rows they cover', async () => {
    const rows = [
      `<row r="1">${inline('A1', 'Staff list')}</row>`,
      `<row r="2">${inline('A2', 'Employee ID')}${inline('B2', 'Work Email')}${inline('C2', 'Lookup')}${inline('D2', 'Manager ID')}</row>`,
      `<row r="3">${inline('A3', 'E1')}${inline('B3', 'a@x.io')}${inline('C3', 'x')}${inline('D3', 'E9')}</row>`,
      `<row r="4">${inline('A4', 'E2')}${inline('B4', 'b@x.io')}<c r="C4"/><c r="D4"/></row>`,
    ].join('');
    const sheetWith = (merges: string[]) =>
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData>` +
      `<mergeCells count="${merges.length}">${merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells></worksheet>`;
    const read = async (merges: string[]) => {
      const path = await writeWorkbook(join(folder.path, 'merged.xlsx'), {
        sheets: [{ name: 'People', xml: sheetWith(merges) }],
      });
      return readTable(xlsxReader({ headerRow: 2 }), path, COLUMNS);
    };
    // A title merged above the header, a merge in a column no mapping reads, and a mapped cell
    // merged to the right (its own value stays): nothing is blanked.
    const fine = await read(['A1:D1', 'C3:C4', 'D3:E3']);
    expect(linesAndCells(fine.rows)).toEqual([
      [3, ['E1', 'a@x.io', 'x', 'E9']],
      [4, ['E2', 'b@x.io', '', '']],
    ]);
    // The manager merged down over E2's row: read as empty, E2 would lose its manager.
    const error = await rejectionOf(read(['A1:D1', 'D3:D4', 'C3:D3']));
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toBe(
      'Invalid sheet "People" in merged.xlsx: merged cells D3:D4 ("Manager ID"), C3:D3 ("Manager ID") in a column the mappings read; only the first cell of a merge has the value, so the other rows would be read as empty. ' +
        "Unmerge the cells in the workbook and fill each row's value in (Excel: Merge & Center, then Unmerge Cells), or ask the customer for a file without merged cells",
    );
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16_383].map(columnLetters)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });
});
