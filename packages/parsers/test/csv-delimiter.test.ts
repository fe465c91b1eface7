import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvReader } from '../src/index.ts';
import { fixture, readTable } from './read-table.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-csv-delimiter-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(text: string): Promise<string> {
  const path = join(dir, 'sniff.csv');
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
