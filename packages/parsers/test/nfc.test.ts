import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../src/csv-reader.ts';
import { CHUNK_BYTES } from '../src/file-chunks.ts';
import { jsonReader } from '../src/json-reader.ts';
import { xlsxReader } from '../src/xlsx-reader.ts';
import { readTable, testFolder } from './read-table.ts';
import { writeWorkbook } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-nfc-');

// "José Müller" as macOS writes it (NFD): a letter and then its combining accent.
const NFD_NAME = 'Jose\u0301 Mu\u0308ller';
const NFC_NAME = 'José Müller';
const NFD_EMAIL = 'jose\u0301@example.com';

async function written(name: string, text: string): Promise<string> {
  const path = join(folder.path, name);
  await writeFile(path, text);
  return path;
}

/** JSON with every non-ASCII character escaped, as Python's `json.dumps` writes it by default. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Every string cell of every row, to check that none is left in another form than NFC. */
function strings(rows: readonly { cells: readonly unknown[] }[]): string[] {
  return rows.flatMap((row) => row.cells.filter((cell): cell is string => typeof cell === 'string'));
}

describe('readers give NFC text', () => {
  it('CSV: decomposed accents become the composed letters, in the header and in the rows', async () => {
    const path = await written(
      'nfd.csv',
      `Employee ID,Full Name,Pre\u0301nom\nE1,${NFD_NAME},${NFD_EMAIL}\n`,
    );
    const table = await readTable(csvReader(), path);
    expect(table.header).toEqual(['Employee ID', 'Full Name', 'Prénom']);
    expect(table.rows[0]?.cells).toEqual(['E1', NFC_NAME, 'josé@example.com']);
  });

  it('CSV: an accent cut from its letter by a chunk boundary is still composed with it', async () => {
    const header = 'Employee ID,Name\n';
    // Filler rows up to the boundary, so that the 'e' is the chunk's last byte and U+0301 starts the next.
    const filler: string[] = [];
    let length = header.length;
    for (let index = 1; length < CHUNK_BYTES - 200; index++) {
      const row = `F${index},Filler Person\n`;
      filler.push(row);
      length += row.length;
    }
    // The row `E1,xxx…José`: its 'e' is the chunk's last byte.
    const padding = 'x'.repeat(CHUNK_BYTES - length - 'E1,Jose'.length);
    const text = `${header}${filler.join('')}E1,${padding}Jose\u0301\nE2,${NFC_NAME}\n`;
    expect(Buffer.byteLength(text.slice(0, text.indexOf('\u0301')))).toBe(CHUNK_BYTES);
    const table = await readTable(csvReader(), await written('boundary.csv', text));
    const last = table.rows.slice(-2).map((row) => row.cells[1]);
    expect(last).toEqual([`${padding}José`, NFC_NAME]);
  });

  it('CSV: a semicolon that NFC makes of U+037E stays inside its field', async () => {
    // U+037E GREEK QUESTION MARK is canonically a semicolon: normalizing the text before splitting it
    // would add a field; normalizing the fields keeps the row's shape.
    const path = await written('greek.csv', 'Employee ID;Title\nE1;Τι\u037E\n');
    const table = await readTable(csvReader(), path);
    expect(table.rows[0]).toEqual({ line: 2, cells: ['E1', 'Τι;'], oneLine: true });
  });

  it('CSV: text that is NFC already comes through as it is, Windows-1252 files included', async () => {
    const path = await written('nfc.csv', `Employee ID,Name\nE1,${NFC_NAME}\nE2,Ærø Øst\n`);
    const table = await readTable(csvReader(), path);
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['E1', NFC_NAME],
      ['E2', 'Ærø Øst'],
    ]);
    const latin = join(folder.path, 'latin.csv');
    await writeFile(latin, Buffer.from('Employee ID,Name\nE1,Jos\xe9\n', 'latin1'));
    expect((await readTable(csvReader(), latin)).rows[0]?.cells).toEqual(['E1', 'José']);
  });

  it('JSON: decomposed accents, raw or as \\u escapes, become composed, in arrays and JSON Lines', async () => {
    const columns = ['id', 'name', 'email', 'tags'];
    const records = [
      { id: 'E1', name: NFD_NAME, email: NFD_EMAIL, tags: ['Re\u0301seau'] },
      { id: 'E2', name: NFC_NAME, email: 'e2@example.com', tags: [] },
    ];
    const array = await written('nfd.json', JSON.stringify(records));
    // JSON.stringify keeps non-ASCII as it is; Python's json.dumps writes `\u0301` instead.
    const escaped = await written('escaped.jsonl', records.map(asciiJson).join('\n'));
    for (const path of [array, escaped]) {
      const table = await readTable(jsonReader(), path, columns);
      expect(table.rows.map((row) => row.cells)).toEqual([
        ['E1', NFC_NAME, 'josé@example.com', '["Réseau"]'],
        ['E2', NFC_NAME, 'e2@example.com', '[]'],
      ]);
    }
  });

  it('XLSX: shared strings, inline strings and character references become composed', async () => {
    const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const path = await writeWorkbook(join(folder.path, 'nfd.xlsx'), {
      sharedStrings: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${NFD_NAME}</t></si><si><t>Ange\u0301lique</t></si></sst>`,
      sheets: [
        {
          name: 'People',
          xml:
            `<row r="1">${inline('A1', 'Employee ID')}${inline('B1', 'Name')}${inline('C1', 'Email')}</row>` +
            `<row r="2">${inline('A2', 'E1')}<c r="B2" t="s"><v>0</v></c>${inline('C2', NFD_EMAIL)}</row>` +
            `<row r="3">${inline('A3', 'E2')}<c r="B3" t="s"><v>1</v></c>${inline('C3', 'zoe&#x308;@example.com')}</row>`,
        },
      ],
    });
    const table = await readTable(xlsxReader(), path, ['Employee ID', 'Name', 'Email']);
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['E1', NFC_NAME, 'josé@example.com'],
      ['E2', 'Angélique', 'zoë@example.com'],
    ]);
    expect(strings(table.rows).every((text) => text === text.normalize('NFC'))).toBe(true);
  });
});
