import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../src/index.ts';
import { linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';

const folder = testFolder('roster-csv-stray-quote-');

const HEADER = 'employee_id,email,first_name,last_name,start_date,status';

/** An HR export of `count` people, `001,u1@x.com,Ann,Lee,2020-01-02,Active` …, with some lines replaced (by file line). */
function peopleFile(count: number, replaced: Record<number, string>): string {
  const lines = [HEADER];
  for (let person = 1; person <= count; person++) {
    const id = String(person).padStart(3, '0');
    lines.push(`${id},u${person}@x.com,Ann,Lee,2020-01-02,Active`);
  }
  for (const [line, text] of Object.entries(replaced)) lines[Number(line) - 1] = text;
  return `${lines.join('\n')}\n`;
}

describe('csv stray quotes', () => {
  // Line 4 has a typo'd opening quote; a later line's `5'11"` closes it. Read as one field, the rows
  // between vanished and the run deactivated their people as missing, with no rejection.
  it.each([
    {
      name: 'closed in the same column',
      closedAt: 13,
      closing: `012,u12@x.com,Rob 5'11",Lee,2020-01-02,Active`,
      people: 200,
    },
    {
      name: 'closed in another column',
      closedAt: 13,
      closing: `012,u12@x.com,Rob,Lee 5'11",2020-01-02,Active`,
      people: 200,
    },
    {
      name: 'closed past the first 64 KiB chunk',
      closedAt: 1900,
      closing: `1899,u1899@x.com,Rob 5'11",Lee,2020-01-02,Active`,
      people: 2000,
    },
  ])(
    'fails with CSV_MALFORMED when a stray quote swallows whole records: $name',
    async ({ closedAt, closing, people }) => {
      const path = join(folder.path, `swallowed-${closedAt}.csv`);
      await writeFile(
        path,
        peopleFile(people, { 4: '003,u3@x.com,"Bob,Lee,2020-01-02,Active', [closedAt]: closing }),
      );
      const error = await rejectionOf(readTable(csvReader(), path));
      expect(error.code).toBe('CSV_MALFORMED');
      expect(error.line).toBe(4);
      expect(error.message).toContain(`swallowed-${closedAt}.csv`);
      expect(error.message).toContain('CSV_QUOTE_SPANS_RECORDS');
      expect(error.hint).toBe(
        `A quote opened at line 4 is closed only at line ${closedAt}: a stray quote? Double a quote that is part of a value (""), and check both lines`,
      );
    },
  );

  it('still reads quoted multi-line values (an address with a comma, "Ann\\nMarie") beside the check', async () => {
    // Each half alone: the legitimate file reads, and the same columns with a swallowed record fail.
    const header = 'employee_id,email,first_name,address,status';
    const legitimate = join(folder.path, 'multi-line.csv');
    await writeFile(
      legitimate,
      `${header}\n1,a@x.com,"Ann\nMarie","12 Main St,\nApt 4",Active\n` +
        `2,b@x.com,Bob,"Flat 2, 3 High St,\nLeeds, LS1 4AB,\nUK",Active\n`,
    );
    const table = await readTable(csvReader(), legitimate);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'a@x.com', 'Ann\nMarie', '12 Main St,\nApt 4', 'Active']],
      [5, ['2', 'b@x.com', 'Bob', 'Flat 2, 3 High St,\nLeeds, LS1 4AB,\nUK', 'Active']],
    ]);
    expect(table.rows.every((row) => row.problem === undefined)).toBe(true);

    const swallowed = join(folder.path, 'multi-line-swallowed.csv');
    await writeFile(
      swallowed,
      `${header}\n1,a@x.com,"Ann\nMarie","12 Main St,\nApt 4",Active\n` +
        `2,b@x.com,"Bob,Main St,Active\n3,c@x.com,Cy,Elm St,Active\n4,d@x.com,Dee 5'11",Oak St,Active\n`,
    );
    const error = await rejectionOf(readTable(csvReader(), swallowed));
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.line).toBe(5);
    expect(error.hint).toContain('A quote opened at line 5 is closed only at line 7');
  });

  it('reads a three-column file whose quoted address has a line break and two commas', async () => {
    const narrow = join(folder.path, 'narrow-address.csv');
    await writeFile(
      narrow,
      'employee_id,email,address\n001,a@x.com,"Acme Corp\n12 Main St, Springfield, IL 62704"\n',
    );
    const table = await readTable(csvReader(), narrow);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['001', 'a@x.com', 'Acme Corp\n12 Main St, Springfield, IL 62704']],
    ]);
  });

  it('marks each row that lies on one line of the file, so the mapper need not look for line breaks', async () => {
    const path = join(folder.path, 'one-line.csv');
    await writeFile(
      path,
      'employee_id,email,first_name,address\r\n' +
        '1,a@x.com,Ann,Elm St\r\n' + // no quote: cut whole
        '2,b@x.com,"Bo, Jr.",Oak St\r\n' + // quoted, on one line
        '3,c@x.com,"Cy\r\nRo",Pine St\r\n' + // a quoted line break
        '4,d@x.com,"Di",Lone\rCR\r\n' + // a lone CR in a CRLF file, in a record read character by character
        '5,e@x.com,Ed\rNa,Elm St\r\n' + // a lone CR in a line without a quote, cut whole
        '6,f@x.com,Flo,Elm St\r\n',
    );
    const table = await readTable(csvReader(), path);
    expect(table.rows.map((row) => [row.line, row.oneLine])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [6, false],
      [7, false],
      [8, true],
    ]);
    expect(table.rows[3]?.cells[3]).toBe('Lone\rCR');
    expect(table.rows[4]?.cells[2]).toBe('Ed\rNa');
  });
});
