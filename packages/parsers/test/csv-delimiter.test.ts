import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../src/index.ts';
import { fixture, linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';

const folder = testFolder('roster-csv-delimiter-');

async function written(text: string): Promise<string> {
  const path = join(folder.path, 'sniff.csv');
  await writeFile(path, text);
  return path;
}

async function headerOf(
  text: string,
  options: Parameters<typeof csvReader>[0] = {},
): Promise<readonly string[]> {
  return (await readTable(csvReader(options), await written(text))).header;
}

describe('csv delimiter', () => {
  it('sniffs comma, semicolon, tab and pipe from the header', async () => {
    expect(await headerOf('a,b,c\n1,2,3\n')).toEqual(['a', 'b', 'c']);
    expect(await headerOf('a;b;c\n1;2;3\n')).toEqual(['a', 'b', 'c']);
    expect(await headerOf('a\tb\tc\n1\t2\t3\n')).toEqual(['a', 'b', 'c']);
    expect(await headerOf('a|b|c\n1|2|3\n')).toEqual(['a', 'b', 'c']);
  });

  it('ignores candidates inside quotes (csv-parse 7.0.3 delimiter_auto throws on these)', async () => {
    expect(await headerOf('"Name, full";"City, Country";Email\n"Doe, J";"Rome, IT";j@x.io\n')).toEqual([
      'Name, full',
      'City, Country',
      'Email',
    ]);
  });

  it('settles a tie with the next row', async () => {
    expect(await headerOf('a;b,c\n1;2\n')).toEqual(['a', 'b,c']);
    expect(await headerOf('a;b,c\n1,2\n')).toEqual(['a;b', 'c']);
  });

  it('settles a tie by the field count the sampled rows agree on, quotes respected', async () => {
    // `;` and `,` occur twice each in the header (no spaces to tell them apart); only `;` splits every
    // row into three fields.
    const text = [
      'email;name,full;dept,unit',
      'ann@x.io;Lee,Ann;Sales,EMEA',
      'bob@x.io;Ray,Bob;Ops',
      '"cid@x.io";"Poe, Cid, Jr";"R&D, Lab 1, ""North"""',
      'dan@x.io;"Fox,\nDan";IT',
    ].join('\n');
    const table = await readTable(csvReader(), await written(`${text}\n`));
    expect(table.header).toEqual(['email', 'name,full', 'dept,unit']);
    expect(table.rows.map((row) => row.cells[2])).toEqual(['Sales,EMEA', 'Ops', 'R&D, Lab 1, "North"', 'IT']);
    expect(table.rows.every((row) => row.problem === undefined)).toBe(true);
  });

  it('settles a tie that every row repeats by the candidate not followed by a space', async () => {
    expect(await headerOf('email;name, full;dept, unit\na@x.io;Lee, Ann;Sales, EMEA\n')).toEqual([
      'email',
      'name, full',
      'dept, unit',
    ]);
    expect(await headerOf('id,name; full\n1,Lee; Ann\n')).toEqual(['id', 'name; full']);
  });

  it('sniffs from the header row, not from title lines above it', async () => {
    expect(await headerOf('Report; May, 2024\nid,name\n1,Ann\n', { headerRow: 2 })).toEqual(['id', 'name']);
  });

  it('reads a one-column file', async () => {
    expect(await headerOf('email\na@x.io\n')).toEqual(['email']);
  });

  it('uses an explicit delimiter as given', async () => {
    const table = await readTable(csvReader({ delimiter: ';' }), fixture('semicolon-windows-1252.csv'));
    expect(table.header).toHaveLength(7);
    expect(await headerOf('a,b;c\n', { delimiter: ',' })).toEqual(['a', 'b;c']);
  });
});

describe("csv delimiter: Excel's sep= line", () => {
  it('takes the delimiter from a sep= first line and skips it, counting it in line numbers', async () => {
    // Sniffed, this header would be read with `,` (a tie that nothing settles but the order).
    const table = await readTable(
      csvReader(),
      await written('sep=;\r\nid,name;dept\r\n1,Ann;Ops\r\n2;x\r\n'),
    );
    expect(table.header).toEqual(['id,name', 'dept']);
    expect(table.headerLine).toBe(2);
    expect(linesAndCells(table.rows)).toEqual([
      [3, ['1,Ann', 'Ops']],
      [4, ['2', 'x']],
    ]);
  });

  it('reads the hint after a byte-order mark, in any case, and for tab', async () => {
    const bom = await readTable(csvReader(), await written('\uFEFFSEP=|\nid|name\n1|Ann\n'));
    expect(bom.header).toEqual(['id', 'name']);
    expect(linesAndCells(bom.rows)).toEqual([[3, ['1', 'Ann']]]);
    expect(await headerOf('sep=\t\nid\tname, full\n1\tAnn\n')).toEqual(['id', 'name, full']);
  });

  it('counts headerRow in file lines, the sep= line included', async () => {
    const text = 'sep=;\nHeadcount report\nid;name\n1;Ann;extra\n';
    const table = await readTable(csvReader({ headerRow: 3 }), await written(text));
    expect(table.header).toEqual(['id', 'name']);
    expect(table.headerLine).toBe(3);
    expect(table.rows[0]?.line).toBe(4);
    expect(table.rows[0]?.problem?.message).toContain('line 4');
  });

  it('skips the sep= line but keeps a configured delimiter', async () => {
    const table = await readTable(csvReader({ delimiter: ',' }), await written('sep=;\nid,name\n1,Ann\n'));
    expect(table.header).toEqual(['id', 'name']);
    expect(linesAndCells(table.rows)).toEqual([[3, ['1', 'Ann']]]);
  });

  it('reports HEADER_NOT_FOUND at the line after a sep= line in a file with nothing else', async () => {
    const error = await rejectionOf(readTable(csvReader(), await written('sep=;\n\n')));
    expect(error.code).toBe('HEADER_NOT_FOUND');
    expect(error.line).toBe(2);
    expect(error.message).toContain('no header row at line 2 or below');
  });

  it('reads a header cell that only starts like a hint as a header', async () => {
    expect(await headerOf('sep=;x,y\n1,2\n')).toEqual(['sep=;x', 'y']);
  });
});
