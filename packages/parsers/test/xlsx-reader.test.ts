import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { fixture, isOpen, linesAndCells, readTable, rejectionOf } from './read-table.ts';

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
          '123', // 00123 stored as a number
          'ann@example.com',
          'Ann Lee', // rich text
          new Date(Date.UTC(2019, 6, 5)), // a real date cell, at UTC midnight of its day
          '43651', // a serial date in a General cell: an integer, so text; the mapper reads it as a date
          '150000', // shown as 1.5E+05
          0.5,
          true,
          '246', // formula result
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
          '123456789012',
          '1',
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
    expect(linesAndCells(table.rows)).toEqual([[2, ['May 2024', '3']]]);
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
});
