import { normalizeColumnName } from '@roster/config';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../src/index.ts';
import { fixture, linesAndCells, readTable } from './read-table.ts';

describe('csv structure', () => {
  it('keeps commas, doubled quotes and CRLF line breaks inside quoted fields, with start lines', async () => {
    const table = await readTable(csvReader(), fixture('quoted-fields-crlf.csv'));
    expect(table.header).toEqual(['id', 'name', 'title', 'address']);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'Smith, John', 'Senior "Lead" Engineer', '12 Main St\r\nApt 4']],
      [4, ['2', 'Jane Doe', 'Engineer', 'Line 1\r\nLine 2\r\nLine 3']],
      [7, ['3', "O'Brien, Pat", 'Manager', 'Plain']],
    ]);
  });

  it('keeps leading zeros and empty cells as text', async () => {
    const table = await readTable(csvReader(), fixture('leading-zeros.csv'));
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['00123', '0001', 'Ann']],
      [3, ['000', '00042', 'Bob']],
      [4, ['0', '', 'Cid']],
    ]);
  });

  it("drops Excel's trailing unnamed columns, a value in them too: the row has the header's field count", async () => {
    const table = await readTable(csvReader(), fixture('trailing-empty-columns.csv'));
    expect(table.header).toEqual(['Employee ID', 'Email', 'Name']);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'a@example.com', 'Ann']],
      [3, ['2', 'b@example.com', 'Bob']],
      [4, ['3', 'c@example.com', 'Cid']],
    ]);
    expect(table.rows.every((row) => row.problem === undefined)).toBe(true);
  });

  it('skips blank lines, whitespace-only lines and rows of bare delimiters, counting them in line numbers', async () => {
    const table = await readTable(csvReader(), fixture('blank-lines.csv'));
    expect(table.header).toEqual(['id', 'name']);
    expect(linesAndCells(table.rows)).toEqual([
      [3, ['1', 'Ann']],
      [6, ['2', 'Bob']],
      [9, ['3', 'Cid']],
    ]);
    expect(table.rows.every((row) => row.problem === undefined)).toBe(true);
  });

  it('trims header cells and keeps their spelling; they match configured names once normalized', async () => {
    const table = await readTable(csvReader(), fixture('header-spacing.csv'));
    expect(table.header).toEqual(['EMPLOYEE id', 'work_email', 'First-Name', 'Last  Name']);
    expect(table.header.map(normalizeColumnName)).toEqual(
      ['Employee ID', 'Work Email', 'First Name', 'Last Name'].map(normalizeColumnName),
    );
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'a@example.com', 'Ann', 'Lee']],
      [3, ['2', 'b@example.com', 'Bob', 'Ray']],
    ]);
  });

  it('starts at headerRow, skipping title lines even when one has a stray quote', async () => {
    const table = await readTable(csvReader({ headerRow: 4 }), fixture('title-lines.csv'));
    expect(table.header).toEqual(['Employee ID', 'Email']);
    expect(table.headerLine).toBe(4);
    expect(linesAndCells(table.rows)).toEqual([
      [5, ['1', 'a@example.com']],
      [6, ['2', 'b@example.com']],
    ]);
  });

  it('reads classic Mac line endings (CR only)', async () => {
    const table = await readTable(csvReader(), fixture('old-mac-cr.csv'));
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'Ann']],
      [3, ['2', 'Bob\rRay']],
      [5, ['3', 'Cid']],
    ]);
  });

  it('uses the configured quote character, doubled to escape itself', async () => {
    const table = await readTable(csvReader({ quote: "'" }), fixture('pipe-single-quote.csv'));
    expect(table.header).toEqual(['id', 'name', 'note']);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'Smith | John', 'plain']],
      [3, ['2', "It's", 'multi\nline']],
      [5, ['3', 'Cid', '']],
    ]);
  });
});
