import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { fixture, isOpen, readTable, rejectionOf } from './read-table.ts';

let dir: string;
let big: string;
const ROWS = 5000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-xlsx-'));
  big = join(dir, 'big.xlsx');
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: big, useSharedStrings: true });
  const sheet = writer.addWorksheet('People');
  sheet.addRow(['Employee ID', 'Email', 'Start']).commit();
  for (let index = 1; index <= ROWS; index++) {
    sheet.addRow([index, `p${index}@example.com`, new Date(Date.UTC(2020, 0, 1 + (index % 365)))]).commit();
  }
  sheet.commit();
  await writer.commit();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('xlsx limits', () => {
  it('streams a larger sheet in batches, in order', async () => {
    const table = await readTable(xlsxReader(), big);
    expect(table.rows).toHaveLength(ROWS);
    expect(table.batches).toBe(5);
    expect(table.rows[ROWS - 1]).toEqual({
      line: ROWS + 1,
      cells: [ROWS, `p${ROWS}@example.com`, new Date(Date.UTC(2020, 0, 1 + (ROWS % 365)))],
    });
  });

  it('refuses a file larger than maxFileBytes before reading it', async () => {
    const error = await rejectionOf(
      readTable(xlsxReader({}, { maxFileBytes: 1000 }), fixture('employees.xlsx')),
    );
    expect(error.code).toBe('XLSX_LIMIT');
  });

  it('stops at maxRows', async () => {
    const error = await rejectionOf(readTable(xlsxReader({}, { maxRows: 1500 }), big));
    expect(error.code).toBe('XLSX_LIMIT');
    expect(error.message).toContain('more than 1500 rows');
  });

  it('terminates the worker when the time is up', async () => {
    // The error alone proves the timer beat the end of the sheet (the first ending wins); the file is
    // closed only once the worker is terminated, so a worker left running keeps it open.
    const error = await rejectionOf(readTable(xlsxReader({}, { timeoutMs: 30 }), big));
    expect(error.code).toBe('XLSX_LIMIT');
    expect(error.message).toContain('longer than 30 ms');
    await vi.waitFor(async () => expect(await isOpen(big)).toBe(false), { timeout: 30_000, interval: 20 });
  });
});
