import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapFile, type Rejection, type StagedRow } from '@roster/engine';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { fixture, isOpen, linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';
import { writeWorkbook } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-xlsx-reader-');

const WORKBOOK = fixture('employees.xlsx');

describe('xlsx reader', () => {
  it('reads a sheet by name from its header row: dates, numeric ids, formulas, rich text, links, errors', async () => {
    const table = await readTable(xlsxReader({ sheet: 'Employees', headerRow: 2 }), WORKBOOK);
    expect(table.header).toEqual([
      'Employee ID',
      'Work Email',
      'Name',
      'Hire Date',
      'Start Serial',
      'Salary',
      'FTE',
      'Active',
      'Double ID',
      'Profile',
      'Lookup',
    ]);
    expect(table.headerLine).toBe(2);
    // Row 4 is empty and skipped; `line` is the sheet row.
    expect(linesAndCells(table.rows)).toEqual([
      [
        3,
        [
          123, // 00123 stored as a number: a number, whose digits a text field gets
          'ann@example.com',
          'Ann Lee', // rich text
          new Date(Date.UTC(2019, 6, 5)), // a real date cell, at UTC midnight of its day
          43651, // a serial date in a General cell: a number, which a date field reads as a date
          150000, // shown as 1.5E+05
          0.5,
          true,
          246, // formula result
          'Profile', // hyperlink text
          '', // #N/A
        ],
      ],
      [
        5,
        [
          '00124',
          'bob@example.com',
          'Bob Ray',
          new Date(Date.UTC(2020, 0, 31, 13, 45)),
          43651.5,
          123456789012,
          1,
          false,
          'BOB RAY',
          'plain text',
          '',
        ],
      ],
    ]);
  });

  it('reads the first sheet when none is named', async () => {
    const table = await readTable(xlsxReader(), WORKBOOK);
    expect(table.header).toEqual(['Report', 'Headcount']);
    expect(linesAndCells(table.rows)).toEqual([[2, ['May 2024', 3]]]);
  });

  it('matches the sheet name case-insensitively', async () => {
    const table = await readTable(xlsxReader({ sheet: 'employees', headerRow: 2 }), WORKBOOK);
    expect(table.rows).toHaveLength(2);
  });

  it('reports SHEET_NOT_FOUND listing the sheets', async () => {
    const error = await rejectionOf(readTable(xlsxReader({ sheet: 'Staff' }), WORKBOOK));
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toContain('found "Summary", "Employees"');
  });

  it('reports XLSX_UNREADABLE for a file that is not a workbook', async () => {
    const error = await rejectionOf(readTable(xlsxReader(), fixture('excel-utf8-bom.csv')));
    expect(error.code).toBe('XLSX_UNREADABLE');
  });

  it('stops the worker when the consumer stops iterating', async () => {
    const table = await xlsxReader({ sheet: 'Employees', headerRow: 2 })(WORKBOOK, {
      fileName: 'employees.xlsx',
      columns: [],
    });
    for await (const _ of table.batches) break;
    for (let attempt = 0; attempt < 50 && (await isOpen(WORKBOOK)); attempt++) await sleep(20);
    expect(await isOpen(WORKBOOK)).toBe(false);
  });

  it('rejects a date cell with no calendar day (a time alone, day 0, below it, past 9999) naming its number', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('People');
    sheet.addRow(['Employee ID', 'Work Email', 'Start']);
    const serials = [45_000, 0.5, 0, -1, 3_000_000, 1, 60, 61];
    serials.forEach((serial, index) => {
      const row = sheet.addRow([`E${index}`, `e${index}@x.io`, serial]);
      row.getCell(3).numFmt = index === 1 ? 'h:mm' : 'yyyy-mm-dd';
    });
    const path = join(folder.path, 'no-day.xlsx');
    await book.xlsx.writeFile(path);
    const table = await readTable(xlsxReader(), path, ['Employee ID', 'Work Email', 'Start']);
    expect(table.rows.map((row) => row.cells[2])).toEqual([
      new Date(Date.UTC(2023, 2, 15)),
      0.5,
      0,
      -1,
      3_000_000,
      new Date(Date.UTC(1900, 0, 1)), // as Excel shows 1 and 61, across its fictitious 1900-02-29 (60)
      60,
      new Date(Date.UTC(1900, 2, 1)),
    ]);
    const mapped = await mapFile({
      path,
      fileName: 'no-day.xlsx',
      reader: xlsxReader(),
      mappings: { fields: { employee_id: 'Employee ID', email: 'Work Email', hire_date: 'Start' } },
      key: 'employee_id',
      columns: ['Employee ID', 'Work Email', 'Start'],
      rejectionDetailLimit: 100,
    });
    for await (const _ of mapped.batches);
    expect(
      mapped.stats.rejections.map((rejection: Rejection) => [
        rejection.line,
        rejection.field,
        rejection.message,
      ]),
    ).toEqual(
      [
        [3, '0.5'],
        [4, '0'],
        [5, '-1'],
        [6, '3000000'],
        [8, '60'],
      ].map(([line, shown]) => [line, 'hire_date', expect.stringContaining(`"${shown}" is not a date`)]),
    );
  });
  it('maps a General-format number under a date field as the serial day it is, whatever the date format', async () => {
    const path = await writeWorkbook(join(folder.path, 'serials.xlsx'), {
      sheets: [
        {
          name: 'People',
          xml:
            '<row><c t="inlineStr"><is><t>Employee ID</t></is></c><c t="inlineStr"><is><t>Email</t></is></c><c t="inlineStr"><is><t>Hire Date</t></is></c></row>' +
            '<row><c><v>123</v></c><c t="inlineStr"><is><t>a@x.com</t></is></c><c><v>43651</v></c></row>' +
            '<row><c><v>124</v></c><c t="inlineStr"><is><t>b@x.com</t></is></c><c><v>43651.5</v></c></row>' +
            '<row><c><v>125</v></c><c t="inlineStr"><is><t>c@x.com</t></is></c><c t="inlineStr"><is><t>05/07/2019</t></is></c></row>',
        },
      ],
    });
    const mapped = await mapFile({
      path,
      fileName: 'serials.xlsx',
      reader: xlsxReader(),
      mappings: {
        fields: {
          employee_id: 'Employee ID',
          email: 'Email',
          hire_date: { from: 'Hire Date', type: 'date', format: 'dd/MM/yyyy' },
        },
      },
      key: 'employee_id',
      columns: ['Employee ID', 'Email', 'Hire Date'],
      rejectionDetailLimit: 10,
    });
    const rows: StagedRow[] = [];
    for await (const batch of mapped.batches) rows.push(...batch);
    expect(mapped.stats.rejections).toEqual([]);
    expect(
      rows.map((row) =>
        row.kind === 'user' ? [row.user.fields.employee_id, row.user.fields.hire_date] : row,
      ),
    ).toEqual([
      ['123', '2019-07-05'],
      ['124', '2019-07-05'],
      ['125', '2019-07-05'],
    ]);
  });
});
