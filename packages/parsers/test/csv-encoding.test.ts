import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../src/index.ts';
import { fixture, linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';

const folder = testFolder('roster-csv-encoding-');

const HEADER = 'employee_id,email,first_name,last_name,start_date,status';

/** `count` lines of ASCII people, `00001,user00001@example.com,Ann,Lee,2020-01-02,Active` …, each ending a line. */
function asciiPeople(count: number): string {
  let text = '';
  for (let person = 1; person <= count; person++) {
    const id = String(person).padStart(5, '0');
    text += `${id},user${id}@example.com,Ann,Lee,2020-01-02,Active
`;
  }
  return text;
}

describe('csv encodings', () => {
  it('reads Excel "CSV UTF-8": the byte-order mark is not part of the first column name', async () => {
    const table = await readTable(csvReader(), fixture('excel-utf8-bom.csv'));
    expect(table.header).toEqual(['Employee ID', 'Work Email', 'First Name', 'Last Name', 'Start Date']);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['00123', 'ayse.yilmaz@example.com', 'Ayşe', 'Yılmaz', '07/05/2019']],
      [3, ['00124', 'zoe.muller@example.com', 'Zoë', 'Müller', '01/15/2020']],
    ]);
  });

  it('detects Windows-1252 when the bytes are not UTF-8 (auto), € included', async () => {
    const bytes = await readFile(fixture('semicolon-windows-1252.csv'));
    expect([...bytes.subarray(bytes.indexOf('Ren'), bytes.indexOf('Ren') + 4)]).toEqual([
      0x52, 0x65, 0x6e, 0xe9,
    ]);
    const table = await readTable(
      csvReader({ encoding: 'auto', delimiter: 'auto' }),
      fixture('semicolon-windows-1252.csv'),
    );
    expect(table.header).toEqual([
      'Personalnummer',
      'E-Mail',
      'Vorname',
      'Nachname',
      'Abteilung',
      'Ort',
      'Budget',
    ]);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1001', 'rene.dupre@example.de', 'René', 'Dupré', 'Straßenbau', 'Köln', '1.200 €']],
      [3, ['1002', 'juergen.gross@example.de', 'Jürgen', 'Groß', 'Planung; Süd', 'München', '']],
      [4, ['1003', 'soren.ostergaard@example.dk', 'Søren', 'Østergaard', 'Entwicklung', 'Århus', '0']],
    ]);
  });

  it('decodes iso-8859-1 as Windows-1252, as browsers do (WHATWG): € “ ” – are not C1 control characters', async () => {
    const table = await readTable(
      csvReader({ encoding: 'iso-8859-1' }),
      fixture('semicolon-windows-1252.csv'),
    );
    expect(table.rows[0]?.cells[6]).toBe('1.200 €');
    expect(table.rows[2]?.cells[2]).toBe('Søren');
    const path = join(folder.path, 'latin1-quotes.csv');
    // id;name / 1;“Ann” – Lee, in single bytes: 0x93 0x94 0x96 are quotes and a dash in Windows-1252.
    await writeFile(path, Buffer.from([...Buffer.from('id;name\n1;'), 0x93, 0x41, 0x94, 0x20, 0x96, 0x0a]));
    const quotes = await readTable(csvReader({ encoding: 'iso-8859-1' }), path);
    expect(quotes.rows[0]?.cells[1]).toBe('“A” –');
  });

  it('decodes iso-8859-15 as itself: € is 0xA4 there', async () => {
    const path = join(folder.path, 'latin9.csv');
    await writeFile(path, Buffer.from([...Buffer.from('id;budget\n1;5 '), 0xa4, 0x0a]));
    const table = await readTable(csvReader({ encoding: 'iso-8859-15' }), path);
    expect(table.rows[0]?.cells[1]).toBe('5 €');
  });

  it('reads Excel "Unicode text": UTF-16LE with a byte-order mark, tab-separated', async () => {
    const table = await readTable(csvReader(), fixture('utf16le-tab.txt'));
    expect(table.header).toEqual(['Employee ID', 'Work Email', 'First Name', 'Last Name', 'Department']);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['00123', 'ayse@example.com', 'Ayşe', 'Yılmaz', 'İnsan Kaynakları']],
      [3, ['00124', 'jose@example.com', 'José', 'García', 'Ventas, Norte']],
    ]);
  });

  it('reads UTF-16BE with a byte-order mark', async () => {
    const text = 'id;name\r\n1;Ayşe\r\n';
    const bytes = Buffer.from(text, 'utf16le').swap16();
    const path = join(folder.path, 'utf16be.csv');
    await writeFile(path, Buffer.concat([Buffer.from([0xfe, 0xff]), bytes]));
    const table = await readTable(csvReader(), path);
    expect(table.header).toEqual(['id', 'name']);
    expect(linesAndCells(table.rows)).toEqual([[2, ['1', 'Ayşe']]]);
  });

  it('recognizes UTF-16 that lost its byte-order mark by its zero bytes', async () => {
    const path = join(folder.path, 'utf16le-no-bom.txt');
    await writeFile(path, Buffer.from('id\tname\r\n1\tAyşe\r\n', 'utf16le'));
    const table = await readTable(csvReader(), path);
    expect(table.header).toEqual(['id', 'name']);
    expect(linesAndCells(table.rows)).toEqual([[2, ['1', 'Ayşe']]]);
  });

  it('fails with ENCODING_INVALID and the line when a Windows-1252 byte appears after a UTF-8-looking start', async () => {
    // 2,000 ASCII lines (~90 KiB, past the 64 KiB sample), then "Dupré" in Windows-1252 on line 2,002.
    const lines = ['id,name', ...Array.from({ length: 2000 }, (_, index) => `${index},${'x'.repeat(40)}`)];
    const path = join(folder.path, 'late-1252.csv');
    await writeFile(
      path,
      Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), Buffer.from([0x39, 0x2c, 0x44, 0xe9, 0x0a])]),
    );
    const table = await csvReader()(path, { fileName: 'late-1252.csv', columns: [] });
    const error = await rejectionOf(
      (async () => {
        for await (const _ of table.batches);
      })(),
    );
    expect(error.code).toBe('ENCODING_INVALID');
    expect(error.line).toBe(2002);
    expect(error.message).toContain('line 2002');
    expect(error.message).toContain('csv.encoding: windows-1252');
  });

  it('fails with ENCODING_INVALID and the line when a UTF-8 file has one Windows-1252 byte early on', async () => {
    // Line 3's "é" is UTF-8, line 4's is a Windows-1252 byte pasted in: read as Windows-1252, line 3
    // would silently become "RenÃ©".
    const path = join(folder.path, 'mixed.csv');
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from('id,name\n1,Zoë Müller\n2,René\n3,Dupr'),
        Buffer.from([0xe9]),
        Buffer.from('\n4,Łukasz\n'),
      ]),
    );
    const error = await rejectionOf(readTable(csvReader(), path));
    expect(error.code).toBe('ENCODING_INVALID');
    expect(error.line).toBe(4);
    expect(error.message).toContain('mixed.csv at line 4: byte 0xE9 is not UTF-8');
    expect(error.message).toContain('mixes two encodings');
    expect(error.message).toContain('export the file again as UTF-8');
  });

  it('still reads Windows-1252 whose accented capital happens to form a UTF-8 pair with the next byte', async () => {
    // "É©" (0xC9 0xA9) is valid UTF-8 ("ɩ"), but "Müller" and "Köln" are not: Windows-1252 it is.
    const path = join(folder.path, 'mostly-1252.csv');
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    await writeFile(path, latin1('id;name;city\n1;Müller;Köln\n2;CAFÉ© Süd;Zürich\n'));
    const table = await readTable(csvReader({ encoding: 'auto', delimiter: 'auto' }), path);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['1', 'Müller', 'Köln']],
      [3, ['2', 'CAFÉ© Süd', 'Zürich']],
    ]);
  });

  describe('Windows-1252 whose only accents form UTF-8 pairs by chance', () => {
    // "QUALITÉ" and a no-break space (C9 A0) is valid UTF-8 for "ɠ", "RÉ–" (C9 96) for "ɖ", "Â€" (C2 80)
    // for a control character: no HR file holds those, so they are no evidence of UTF-8.
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const rows = '1,QUALITÉ\u00a0,Paris\n2,RÉ\u2013NOVATION,Lyon\n3,PRIX Â\u20ac,Nice\n';
    const bytes = (text: string) =>
      Buffer.from(text.replace('\u2013', '\x96').replace('\u20ac', '\x80'), 'latin1');
    const expected = [
      ['1', 'QUALITÉ\u00a0', 'Paris'],
      ['2', 'RÉ\u2013NOVATION', 'Lyon'],
      ['3', 'PRIX Â\u20ac', 'Nice'],
    ];

    it('is read as Windows-1252 when they are in the sample (auto)', async () => {
      const early = join(folder.path, 'chance-pairs.csv');
      await writeFile(early, bytes(`id,department,city\n${rows}`));
      const auto = await readTable(csvReader({ encoding: 'auto' }), early);
      expect(auto.rows.map((row) => row.cells)).toEqual(expected);
      // A UTF-8 file whose only non-ASCII character is a no-break space (C2 A0) is still UTF-8.
      const nbsp = join(folder.path, 'utf8-nbsp.csv');
      await writeFile(nbsp, 'id,department\n1,Sales\u00a0\n');
      const utf8 = await readTable(csvReader({ encoding: 'auto' }), nbsp);
      expect(utf8.rows[0]?.cells).toEqual(['1', 'Sales\u00a0']);
    });

    it('raises no false alarm past the first 64 KiB of a file pinned to Windows-1252', async () => {
      const late = join(folder.path, 'chance-pairs-late.csv');
      const filler = asciiPeople(5000).replace(/^(\d+),[^,]+,(\w+),\w+,[^,]+,\w+$/gm, '$1,$2,Paris');
      await writeFile(late, Buffer.concat([latin1(`id,department,city\n${filler}`), bytes(rows)]));
      expect(filler.length).toBeGreaterThan(65_536);
      const pinned = await readTable(csvReader({ encoding: 'windows-1252' }), late);
      expect(pinned.rows.slice(-3).map((row) => row.cells)).toEqual(expected);
    });
  });

  it('fails with ENCODING_INVALID when a file configured as UTF-8 is not', async () => {
    const error = await rejectionOf(
      readTable(csvReader({ encoding: 'utf-8' }), fixture('semicolon-windows-1252.csv')),
    );
    expect(error.code).toBe('ENCODING_INVALID');
    expect(error.line).toBe(2);
  });

  it('reads UTF-8 with accents as UTF-8 under a configured Windows-1252, and says so', async () => {
    // The tenant was set to windows-1252 for an old export; the customer now sends UTF-8. Decoding it
    // as configured would store "RenÃ©".
    const path = join(folder.path, 'now-utf8.csv');
    await writeFile(path, 'id;name\n1;René Dupré\n2;Zoë\n');
    for (const encoding of ['windows-1252', 'iso-8859-1', 'iso-8859-15'] as const) {
      const table = await csvReader({ encoding })(path, { fileName: 'now-utf8.csv', columns: [] });
      const rows = [];
      for await (const batch of table.batches) rows.push(...batch);
      expect(linesAndCells(rows)).toEqual([
        [2, ['1', 'René Dupré']],
        [3, ['2', 'Zoë']],
      ]);
      expect(table.notes).toEqual([
        expect.stringContaining(`not as the configured csv.encoding ${encoding}`),
      ]);
    }
    // Real Windows-1252 and plain ASCII under the same setting are read as configured, without a note.
    const latin = await csvReader({ encoding: 'windows-1252' })(fixture('semicolon-windows-1252.csv'), {
      fileName: 'semicolon-windows-1252.csv',
      columns: [],
    });
    expect(latin.notes).toEqual([]);
    const ascii = join(folder.path, 'ascii.csv');
    await writeFile(
      ascii,
      Buffer.concat([Buffer.from('id;name\n1;Rene\n2;Dupr'), Buffer.from([0xe9, 0x0a])]),
    );
    const late = await readTable(csvReader({ encoding: 'windows-1252' }), ascii);
    expect(late.rows[1]?.cells).toEqual(['2', 'Dupré']);
  });

  it('fails with ENCODING_INVALID when such a file has a Windows-1252 byte past its UTF-8 sample', async () => {
    // UTF-8 with accents for 2,000 lines (past the 64 KiB sample), then "Dupré" in Windows-1252: a mixed
    // file, which no single encoding reads right.
    const lines = [
      'id;name',
      ...Array.from({ length: 2000 }, (_, index) => `${index};René ${'x'.repeat(40)}`),
    ];
    const path = join(folder.path, 'now-mixed.csv');
    await writeFile(
      path,
      Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), Buffer.from([0x39, 0x3b, 0x44, 0xe9, 0x0a])]),
    );
    const error = await rejectionOf(readTable(csvReader({ encoding: 'windows-1252' }), path));
    expect(error.code).toBe('ENCODING_INVALID');
    expect(error.line).toBe(2002);
    expect(error.message).toContain('mixes two encodings');
  });

  it('fails with ENCODING_INVALID and the line when a file configured as single-byte is UTF-8 past its first 64 KiB', async () => {
    // 1,499 ASCII rows (~80 KB: the sample that chose the encoding sees no accent), then José Müller in
    // UTF-8. Decoded as configured, "José" was stored as "JosÃ©" and the run succeeded.
    const path = join(folder.path, 'late-utf8.csv');
    const head = `${HEADER}\n${asciiPeople(1499)}`;
    expect(Buffer.byteLength(head)).toBeGreaterThan(65_536);
    await writeFile(path, `${head}01500,jose@x.com,José,Müller,2020-01-02,Active\n`);
    for (const encoding of ['windows-1252', 'iso-8859-1', 'iso-8859-15'] as const) {
      const error = await rejectionOf(readTable(csvReader({ encoding }), path));
      expect(error.code).toBe('ENCODING_INVALID');
      expect(error.line).toBe(1501);
      expect(error.message).toContain(
        `Invalid ${encoding} text in late-utf8.csv at line 1501: "é" is UTF-8 (bytes C3 A9), which ${encoding} would store as "Ã©"`,
      );
      expect(error.hint).toBe(
        `The file is UTF-8 though csv.encoding says ${encoding}: set \`csv.encoding: auto\` (or utf-8) in tenant.yaml`,
      );
    }
  });

  it('reads real Windows-1252 past its first 64 KiB, and fails when UTF-8 rows are pasted into it', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const head = latin1(`${HEADER}\n00000,rene@x.com,René,Dupré,2020-01-02,Active\n${asciiPeople(1499)}`);
    const real = join(folder.path, 'real-1252.csv');
    await writeFile(real, Buffer.concat([head, latin1('01500,jose@x.com,José,Müller,2020-01-02,Active\n')]));
    for (const encoding of ['windows-1252', 'auto'] as const) {
      const table = await readTable(csvReader({ encoding }), real);
      expect(table.rows.at(0)?.cells.slice(2, 4)).toEqual(['René', 'Dupré']);
      expect(table.rows.at(-1)?.cells.slice(2, 4)).toEqual(['José', 'Müller']);
    }
    // The same file with its last row in UTF-8: no one encoding reads both names right.
    const mixed = join(folder.path, 'mixed-1252.csv');
    await writeFile(
      mixed,
      Buffer.concat([head, Buffer.from('01500,jose@x.com,José,Müller,2020-01-02,Active\n')]),
    );
    for (const encoding of ['windows-1252', 'auto'] as const) {
      const error = await rejectionOf(readTable(csvReader({ encoding }), mixed));
      expect(error.code).toBe('ENCODING_INVALID');
      expect(error.line).toBe(1502);
      expect(error.message).toContain('it mixes two encodings');
    }
  });

  it('finds UTF-8 in a single-byte file when a character is split between two 64 KiB chunks, with no false alarm', async () => {
    // "é" straddles byte 65,536: C3 ends the first chunk, A9 starts the second. Checked chunk by chunk
    // without carrying C3 over, each half looks like Windows-1252 and "JosÃ©" is stored.
    const head = `${HEADER}\n${asciiPeople(1000)}01001,jose@x.com,`;
    const name = `${'J'.repeat(65_536 - 1 - Buffer.byteLength(head))}é`;
    const tail = `,Lee,2020-01-02,Active\n${asciiPeople(20)}`;
    const split = join(folder.path, 'split-utf8.csv');
    await writeFile(split, `${head}${name}${tail}`);
    expect(Buffer.byteLength(`${head}${name}`)).toBe(65_537);
    const error = await rejectionOf(readTable(csvReader({ encoding: 'windows-1252' }), split));
    expect(error.code).toBe('ENCODING_INVALID');
    expect(error.line).toBe(1002);
    expect(error.message).toContain('"é" is UTF-8 (bytes C3 A9)');
    // A Windows-1252 "é" (E9) as the first chunk's last byte, a letter after it: no alarm.
    const single = join(folder.path, 'split-1252.csv');
    await writeFile(single, Buffer.from(`${head}${name.slice(0, -1)}él${tail}`, 'latin1'));
    expect(Buffer.from(`${head}${name}`, 'latin1').length).toBe(65_536);
    const table = await readTable(csvReader({ encoding: 'windows-1252' }), single);
    expect(table.rows[1000]?.cells[2]).toMatch(/Jél$/);
    expect(table.rows).toHaveLength(1021);
  });

  it('does not mistake a UTF-8 character split between two 64 KiB chunks for an error', async () => {
    // "é" (0xC3 0xA9) straddles the chunk boundary at byte 65,536.
    const head = `id,name\n1,${'a'.repeat(65_536 - 11)}`;
    const path = join(folder.path, 'split-char.csv');
    await writeFile(path, `${head}é\n2,Zoë\n`);
    expect(Buffer.byteLength(head)).toBe(65_535);
    const table = await readTable(csvReader(), path);
    expect(table.rows.map((row) => row.cells[1]?.toString().slice(-2))).toEqual(['aé', 'oë']);
  });
});
