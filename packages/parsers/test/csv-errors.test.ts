import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../src/index.ts';
import { fixture, linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';

const folder = testFolder('roster-csv-errors-');

describe('csv errors', () => {
  it('marks rows with too few or too many fields as FIELD_COUNT, with line and counts, keeping their cells', async () => {
    const table = await readTable(csvReader(), fixture('field-count.csv'));
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'Ann', 'ann@example.com']],
      [3, ['2', 'Bob']],
      [4, ['3', 'Cid', 'cid@example.com', 'extra']],
      [5, ['4', 'Dee', 'dee@example.com', '', '']],
    ]);
    expect(table.rows.map((row) => row.problem?.code)).toEqual([
      undefined,
      'FIELD_COUNT',
      'FIELD_COUNT',
      'FIELD_COUNT',
    ]);
    expect(table.rows[1]?.problem?.message).toBe(
      'Invalid row at line 3: expected 3 fields like the header, got 2. ' +
        'A value or a separator is missing, or an unquoted line break splits the row',
    );
    expect(table.rows[2]?.problem?.message).toContain('line 4: expected 3 fields like the header, got 4');
    // Empty fields past the header's width are no trailing delimiters Excel wrote (it writes rows as
    // wide as the header row): a comma in a value would make the same row when the last column is
    // empty. The message says what to do if every row really ends so.
    expect(table.rows[3]?.problem?.message).toBe(
      'Invalid row at line 5: expected 3 fields like the header, got 5. A value probably contains a comma (,); put such values in double quotes (if every row ends with a comma (,) that the header line lacks, end the header line with one too)',
    );
  });

  it('never takes a value split by an unquoted comma for a trailing delimiter when the last column is empty', async () => {
    const path = join(folder.path, 'split-value.csv');
    // "Jones, Jr." unquoted, and no termination date: one empty field more than the header has.
    await writeFile(
      path,
      'id,email,first,last,title,termination_date\n1,a@x.com,A,Lee,Analyst,\n2,b@x.com,B,Jones, Jr.,Engineer,\n',
    );
    const table = await readTable(csvReader(), path);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'a@x.com', 'A', 'Lee', 'Analyst', '']],
      [3, ['2', 'b@x.com', 'B', 'Jones', ' Jr.', 'Engineer', '']],
    ]);
    expect(table.rows.map((row) => row.problem?.code)).toEqual([undefined, 'FIELD_COUNT']);
  });

  it('reads the values of an unnamed trailing column as that column, dropped: no field count problem', async () => {
    const path = join(folder.path, 'unnamed-notes.csv');
    // A notes column without a heading, then one more field than the whole header has.
    await writeFile(
      path,
      'Employee ID,Email,First Name,\n1,a@x.com,Ann,\n2,b@x.com,Bob,call back Monday\n3,c@x.com,Cy,x,y\n',
    );
    const table = await readTable(csvReader(), path);
    expect(table.header).toEqual(['Employee ID', 'Email', 'First Name']);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'a@x.com', 'Ann']],
      [3, ['2', 'b@x.com', 'Bob']],
      [4, ['3', 'c@x.com', 'Cy', 'x', 'y']],
    ]);
    expect(table.rows.map((row) => row.problem?.message)).toEqual([
      undefined,
      undefined,
      'Invalid row at line 4: expected 4 fields like the header, got 5. A value probably contains a comma (,); put such values in double quotes',
    ]);
  });

  it('fails with CSV_MALFORMED at the line where an unclosed quote opens, after the rows before it', async () => {
    const table = await csvReader()(fixture('unclosed-quote.csv'), {
      fileName: 'unclosed-quote.csv',
      columns: [],
    });
    const seen: number[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const batch of table.batches) seen.push(...batch.map((row) => row.line));
      })(),
    );
    expect(seen).toEqual([2]);
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.line).toBe(3);
    expect(error.message).toContain('unclosed-quote.csv');
    expect(error.message).toContain('CSV_QUOTE_NOT_CLOSED');
  });

  it('fails with CSV_MALFORMED naming the line when a record exceeds the maximum size', async () => {
    const path = join(folder.path, 'huge-record.csv');
    await writeFile(path, `id,note\n1,short\n2,"${'x'.repeat(500)}"\n`);
    const error = await rejectionOf(readTable(csvReader({}, { maxRecordBytes: 100 }), path));
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.line).toBe(3);
    expect(error.message).toContain('CSV_MAX_RECORD_SIZE');
  });

  it('reads a quote inside an unquoted field as part of the value, as Excel does', async () => {
    const path = join(folder.path, 'stray-quote.csv');
    await writeFile(
      path,
      'id,name,height,city\n1,Dwayne "The Rock",5\'11",Miami\n2,Ann,5\'2","Austin, TX"\n3,Bo "B,6\',Reno\n',
    );
    const table = await readTable(csvReader(), path);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'Dwayne "The Rock"', '5\'11"', 'Miami']],
      [3, ['2', 'Ann', '5\'2"', 'Austin, TX']],
      [4, ['3', 'Bo "B', "6'", 'Reno']],
    ]);
    expect(table.rows.every((row) => row.problem === undefined)).toBe(true);
  });

  it('reports HEADER_NOT_FOUND for an empty file or one with nothing at headerRow', async () => {
    const empty = join(folder.path, 'empty.csv');
    await writeFile(empty, '');
    expect((await rejectionOf(readTable(csvReader(), empty))).code).toBe('HEADER_NOT_FOUND');
    const short = join(folder.path, 'short.csv');
    await writeFile(short, 'title\n\n');
    expect((await rejectionOf(readTable(csvReader({ headerRow: 3 }), short))).code).toBe('HEADER_NOT_FOUND');
  });

  it('reports FILE_NOT_FOUND for a missing file', async () => {
    expect((await rejectionOf(readTable(csvReader(), join(folder.path, 'nope.csv')))).code).toBe(
      'FILE_NOT_FOUND',
    );
  });
});
