/** Which sheet is read: the configured one, hidden or not; else the first visible worksheet. */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';
import { writeWorkbook } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-xlsx-sheets-');
let files = 0;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const sheet = (header: string, value: string) =>
  `<row r="1">${inline('A1', header)}</row><row r="2">${inline('A2', value)}</row>`;

describe('xlsx sheet choice', () => {
  it('reads the first visible sheet when none is configured, past hidden and very hidden ones', async () => {
    const path = await writeWorkbook(join(folder.path, `s${files++}.xlsx`), {
      sheets: [
        { name: 'Lookup', xml: sheet('Code', 'X1'), state: 'hidden' },
        { name: 'Raw', xml: sheet('Dump', 'x'), state: 'veryHidden' },
        { name: 'Employees', xml: sheet('Email', 'ann@x.io') },
        { name: 'Later', xml: sheet('Other', 'y') },
      ],
    });
    const table = await readTable(xlsxReader(), path);
    expect(table.header).toEqual(['Email']);
    expect(linesAndCells(table.rows)).toEqual([[2, ['ann@x.io']]]);
  });

  it('reads a configured sheet even when it is hidden', async () => {
    const path = await writeWorkbook(join(folder.path, `s${files++}.xlsx`), {
      sheets: [
        { name: 'Lookup', xml: sheet('Code', 'X1'), state: 'hidden' },
        { name: 'Employees', xml: sheet('Email', 'ann@x.io') },
      ],
    });
    const table = await readTable(xlsxReader({ sheet: 'lookup' }), path);
    expect(linesAndCells(table.rows)).toEqual([[2, ['X1']]]);
  });

  it('hides a sheet as Excel does (exceljs state: hidden)', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Config', { state: 'hidden' }).addRows([['Key'], ['tenant']]);
    workbook.addWorksheet('People').addRows([['Employee ID'], [104]]);
    const path = join(folder.path, `s${files++}.xlsx`);
    await workbook.xlsx.writeFile(path);
    const table = await readTable(xlsxReader(), path);
    expect(table.header).toEqual(['Employee ID']);
  });

  it('names the sheet it read, and how it chose it, when its header is missing', async () => {
    const path = await writeWorkbook(join(folder.path, `s${files++}.xlsx`), {
      sheets: [
        { name: 'Lookup', xml: sheet('Code', 'X1'), state: 'hidden' },
        { name: 'Cover', xml: '' },
      ],
    });
    const error = await rejectionOf(readTable(xlsxReader(), path));
    expect(error.code).toBe('HEADER_NOT_FOUND');
    expect(error.message).toContain(
      'sheet "Cover" (the first visible one; `xlsx.sheet` is not set) has no header row at row 1 or below',
    );
    expect(error.message).toContain('set `xlsx.sheet` to the sheet to read: "Lookup" (hidden), "Cover"');
    const configured = await rejectionOf(readTable(xlsxReader({ sheet: 'Cover' }), path));
    expect(configured.message).toContain('sheet "Cover" has no header row');
    expect(configured.message).not.toContain('xlsx.sheet` to');
  });

  it('finds a configured sheet whatever its case, Turkish İ and ı included, as column names are found', async () => {
    const path = await writeWorkbook(join(folder.path, `s${files++}.xlsx`), {
      sheets: [
        { name: 'Kapak', xml: sheet('Başlık', 'x') },
        { name: 'PERSONEL LİSTESİ', xml: sheet('E-posta', 'ayse@x.io') },
        { name: 'İZİNLİ PERSONEL', xml: sheet('E-posta', 'ali@x.io') },
      ],
    });
    // SHEET_NOT_FOUND before: toLowerCase makes `İ` an `i` with a combining dot and leaves `ı` alone.
    const listed = await readTable(xlsxReader({ sheet: 'Personel Listesi' }), path);
    expect(linesAndCells(listed.rows)).toEqual([[2, ['ayse@x.io']]]);
    const onLeave = await readTable(xlsxReader({ sheet: 'izinli personel' }), path);
    expect(linesAndCells(onLeave.rows)).toEqual([[2, ['ali@x.io']]]);
  });

  it('lists hidden sheets as such when the configured one is not found', async () => {
    const path = await writeWorkbook(join(folder.path, `s${files++}.xlsx`), {
      sheets: [
        { name: 'Lookup', xml: sheet('Code', 'X1'), state: 'hidden' },
        { name: 'Employees', xml: sheet('Email', 'ann@x.io') },
      ],
    });
    const error = await rejectionOf(readTable(xlsxReader({ sheet: 'Staff' }), path));
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toContain('no sheet named "Staff", found "Lookup" (hidden), "Employees"');
  });

  it('reports SHEET_NOT_FOUND for a workbook without sheets', async () => {
    const path = await writeWorkbook(join(folder.path, `s${files++}.xlsx`), { sheets: [] });
    const error = await rejectionOf(readTable(xlsxReader(), path));
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toContain('the workbook has no sheets');
  });

  it('falls back to the first worksheet when none is visible', async () => {
    const path = await writeWorkbook(join(folder.path, `s${files++}.xlsx`), {
      sheets: [
        { name: 'A', xml: sheet('First', '1'), state: 'hidden' },
        { name: 'B', xml: sheet('Second', '2'), state: 'hidden' },
      ],
    });
    const table = await readTable(xlsxReader(), path);
    expect(table.header).toEqual(['First']);
  });
});
