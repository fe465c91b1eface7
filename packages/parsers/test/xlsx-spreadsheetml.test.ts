import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { decodeExcelEscapes } from '../src/xlsx-xml.ts';
import { ZipArchive } from '../src/xlsx-zip.ts';
import { linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';
import { type WorkbookParts, workbookParts, writeWorkbook, zipOf } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-sml-');

let files = 0;
const HEADER_17 = Array.from(
  { length: 17 },
  (_, index) => `<c t="inlineStr"><is><t>c${index}</t></is></c>`,
).join('');
const write = (workbook: WorkbookParts) => writeWorkbook(join(folder.path, `w${files++}.xlsx`), workbook);

const STYLES = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt formatCode='"Day" 0' numFmtId="165"/></numFmts>
  <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
  <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="31"/></cellXfs>
</styleSheet>`;

describe('SpreadsheetML as other writers make it', () => {
  it('reads prefixed elements, any attribute order and quotes, missing and sparse references', async () => {
    const path = await write({
      sheets: [
        {
          name: 'Data',
          xml: `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
            <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t='s' r='B1'><x:v>1</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Start</x:t></x:is></x:c></x:row>
            <x:row r="3"><x:c><x:v>7</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c s="1"><x:v>43651</x:v></x:c></x:row>
            <x:row><x:c r="C4" s='2' ><x:v>43652.5</x:v></x:c><x:c r="A4"/></x:row>
            <x:row r="9"/>
          </x:sheetData></x:worksheet>`,
        },
      ],
      sharedStrings: `<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>Id</x:t></x:si><x:si><x:t>Name</x:t></x:si><x:si><x:t>Ann</x:t></x:si></x:sst>`,
      styles: STYLES,
    });
    const table = await readTable(xlsxReader(), path);
    expect(table.header).toEqual(['Id', 'Name', 'Start']);
    // Row 3 has no cell references: A, B, C in order. The next row has no `r`: it is row 4.
    expect(linesAndCells(table.rows)).toEqual([
      [3, [7, 'Ann', new Date(Date.UTC(2019, 6, 5))]],
      [4, ['', '', new Date(Date.UTC(2019, 6, 6, 12))]],
    ]);
  });

  it('reads every cell type, rich and phonetic text, entities and Excel escapes', async () => {
    const path = await write({
      sheets: [
        {
          name: 'Types',
          xml: `<row r="1">${HEADER_17}</row>
            <row r="2">
              <c r="A2" t="s"><v>0</v></c>
              <c r="B2" t="s"><v>1</v></c>
              <c r="C2" t="s"><v>2</v></c>
              <c r="D2" t="inlineStr"><is><r><rPr><b/></rPr><t>Jo</t></r><r><t xml:space="preserve"> Doe</t></r></is></c>
              <c r="E2" t="str"><f>UPPER(A2)</f><v>A &amp; B</v></c>
              <c r="F2" t="b"><v>1</v></c>
              <c r="G2" t="b"><v>0</v></c>
              <c r="H2" t="e"><f>NA()</f><v>#N/A</v></c>
              <c r="I2" t="d"><v>2020-01-31T13:45:00</v></c>
              <c r="J2" t="d"><v>2021-02-03</v></c>
              <c r="K2"><f>1+1</f><v>2</v></c>
              <c r="L2" s="3"><v>5</v></c>
              <c r="M2" s="4"><v>43651</v></c>
              <c r="N2"><v>1.5E+5</v></c>
              <c r="O2"><v>0.25</v></c>
              <c r="P2" t="s"><v>3</v></c>
              <c r="Q2" t="inlineStr"><is><t><![CDATA[<raw> & ok]]></t></is></c>
            </row>`,
        },
      ],
      sharedStrings: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <si><t>Tom &amp; &lt;Jerry&gt; &quot;T&quot; &apos;J&apos; &#233;&#x4E2D;</t></si>
        <si><r><t>Ri</t></r><r><rPr><i/></rPr><t>ch</t></r></si>
        <si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si>
        <si><t xml:space="preserve"> line_x000D_
two _x005F_x0041_ </t></si>
      </sst>`,
      styles: STYLES,
    });
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([
      [
        2,
        [
          `Tom & <Jerry> "T" 'J' é中`, // entities and character references
          'Rich', // runs concatenated
          '山田', // without its phonetic reading
          'Jo Doe', // rich inline text
          'A & B', // a formula's text result
          true,
          false,
          '', // #N/A
          new Date(Date.UTC(2020, 0, 31, 13, 45)), // ISO date without a zone: UTC
          new Date(Date.UTC(2021, 1, 3)),
          2, // a formula's cached number
          5, // a custom format without date letters outside quotes
          new Date(Date.UTC(2019, 6, 5)), // built-in East Asian date format 31
          150000,
          0.25,
          ' line\r\ntwo _x0041_ ', // spaces kept; _x000D_ is CR; _x005F_ escapes an underscore
          '<raw> & ok', // CDATA
        ],
      ],
    ]);
  });

  it('reads a date cell (t="d") as the day and time written in it, whatever its zone offset', async () => {
    const cell = (value: string) =>
      `<row><c t="inlineStr"><is><t>x</t></is></c><c t="d"><v>${value}</v></c></row>`;
    const path = await write({
      sheets: [
        {
          name: 'Dates',
          xml: `<row><c t="inlineStr"><is><t>Id</t></is></c><c t="inlineStr"><is><t>Start</t></is></c></row>
            ${cell('2019-07-05T00:00:00+03:00')}${cell('2019-07-05T22:00:00-05:00')}${cell('2019-07-05T23:30:00Z')}${cell('2019-07-05')}`,
        },
      ],
    });
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows).map(([, cells]) => cells[1])).toEqual([
      new Date(Date.UTC(2019, 6, 5)),
      new Date(Date.UTC(2019, 6, 5, 22)),
      new Date(Date.UTC(2019, 6, 5, 23, 30)),
      new Date(Date.UTC(2019, 6, 5)),
    ]);
  });

  it('keeps the digits a writer gave a numeric id beyond 2^53, which a double would round', async () => {
    const cell = (value: string) => `<row><c t="inlineStr"><is><t>x</t></is></c><c><v>${value}</v></c></row>`;
    const path = await write({
      sheets: [
        {
          name: 'Ids',
          xml:
            '<row><c t="inlineStr"><is><t>Name</t></is></c><c t="inlineStr"><is><t>Id</t></is></c></row>' +
            ['12345678901234567890', '9007199254740993', '-0098765432109876543', '1.5E+20', '42']
              .map(cell)
              .join(''),
        },
      ],
    });
    const table = await readTable(xlsxReader(), path);
    expect(table.rows.map((row) => row.cells[1])).toEqual([
      '12345678901234567890', // a double holds 12345678901234567168
      '9007199254740993', // 2^53 + 1: 9007199254740992 as a double
      '-98765432109876543',
      '150000000000000000000', // written with an exponent: the digits of the number
      42,
    ]);
  });

  it('reads an escaped lone surrogate as U+FFFD, the character PostgreSQL stores for it', () => {
    expect(decodeExcelEscapes('k_xD800_')).toBe('k\ufffd');
    expect(decodeExcelEscapes('_xD83D__xDE00_')).toBe('😀');
    expect(decodeExcelEscapes('plain')).toBe('plain');
  });

  it('uses the 1904 date system when workbookPr says so', async () => {
    const path = await write({
      workbookPr: '<workbookPr date1904="1"/>',
      styles: STYLES,
      sheets: [
        {
          name: 'S',
          xml: '<row r="1"><c t="inlineStr"><is><t>d</t></is></c></row><row r="2"><c s="1"><v>0</v></c></row>',
        },
      ],
    });
    const table = await readTable(xlsxReader(), path);
    expect(table.rows[0]?.cells).toEqual([new Date(Date.UTC(1904, 0, 1))]);
    // The table says so, for a plain number in a date column (engine's cellDate counts from 1904 then).
    expect((await xlsxReader()(path, { fileName: 'w.xlsx', columns: [] })).date1904).toBe(true);
    expect(
      (await xlsxReader()(await write(ONE_SHEET), { fileName: 'w.xlsx', columns: [] })).date1904,
    ).toBeUndefined();
  });
});

const ONE_SHEET = {
  sheets: [
    {
      name: 'S',
      xml: '<row r="1"><c t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c><v>42</v></c></row>',
    },
  ],
};

describe('the workbook package', () => {
  it('finds a sheet by name through its relationship (absolute target), without shared strings or styles', async () => {
    const path = await write({
      sheets: [
        { name: 'First', xml: '<row r="1"><c t="inlineStr"><is><t>no</t></is></c></row>' },
        {
          name: 'R&amp;D',
          target: '/xl/worksheets/data.xml',
          xml: '<row r="1"><c t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c><v>42</v></c></row>',
        },
      ],
    });
    const table = await readTable(xlsxReader({ sheet: 'r&d' }), path);
    expect(linesAndCells(table.rows)).toEqual([[2, [42]]]);
    const error = await rejectionOf(readTable(xlsxReader({ sheet: 'Other' }), path));
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toContain('found "First", "R&D"');
  });

  it('reads stored entries and entries with data descriptors (sizes only in the central directory)', async () => {
    const parts = workbookParts({ ...ONE_SHEET, descriptor: true }).map((part) =>
      part.name.endsWith('workbook.xml') ? { ...part, method: 0 } : part,
    );
    const path = join(folder.path, 'stored-descriptor.xlsx');
    await writeFile(path, zipOf(parts));
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([[2, [42]]]);
  });

  it.each([
    [
      'an unsupported compression method',
      (parts: ReturnType<typeof workbookParts>) =>
        zipOf(parts.map((part) => ({ ...part, method: part.name.includes('sheet1') ? 12 : 8 }))),
      'method 12',
    ],
    ['a zip64 archive', (parts: ReturnType<typeof workbookParts>) => saturated(zipOf(parts)), 'zip64'],
    [
      'an entry larger than stated',
      (parts: ReturnType<typeof workbookParts>) =>
        zipOf(parts.map((part) => (part.name.includes('sheet1') ? { ...part, statedSize: 10 } : part))),
      'more than its stated size',
    ],
    ['a damaged entry', (parts: ReturnType<typeof workbookParts>) => damage(zipOf(parts)), 'sheet1.xml'],
    ['a file that is not a zip', () => Buffer.from('Employee ID,Name\n1,Ann\n'), 'it is plain text'],
  ])('reports XLSX_UNREADABLE for %s', async (_, make, detail) => {
    const path = join(folder.path, `bad-${files++}.xlsx`);
    await writeFile(path, make(workbookParts(ONE_SHEET)));
    const error = await rejectionOf(readTable(xlsxReader(), path));
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toContain(detail);
  });

  it('reads an archive with a zip64 locator whose 32-bit fields are all valid, as some writers make', async () => {
    const path = join(folder.path, `locator-${files++}.xlsx`);
    await writeFile(path, zip64(zipOf(workbookParts(ONE_SHEET))));
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([[2, [42]]]);
  });

  it('stops inflating past the byte cap (a zip bomb) with XLSX_LIMIT', async () => {
    const path = join(folder.path, 'bomb.xlsx');
    await writeFile(path, zipOf([{ name: 'bomb.xml', data: Buffer.alloc(1_000_000, 0x20) }]));
    const zip = await ZipArchive.open(path);
    try {
      const entry = zip.entry('BOMB.xml'); // part names are case-insensitive
      expect(entry?.size).toBe(1_000_000);
      const error = await rejectionOf(zip.text(entry as NonNullable<typeof entry>, 999_999));
      expect((error as { code?: string }).code).toBe('XLSX_LIMIT');
      expect((await zip.text(entry as NonNullable<typeof entry>, 1_000_000)).length).toBe(1_000_000);
    } finally {
      await zip.close();
    }
  });
});

/** An archive whose end record needs its zip64 record: the entry count saturated at 0xffff. */
function saturated(archive: Buffer): Buffer {
  const copy = Buffer.from(archive);
  copy.writeUInt16LE(0xffff, copy.length - 22 + 10);
  return copy;
}

/** Marks an archive as zip64 the way writers do: a zip64 end-of-directory locator before the end record. */
function zip64(archive: Buffer): Buffer {
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  const end = archive.subarray(archive.length - 22);
  return Buffer.concat([archive.subarray(0, archive.length - 22), locator, end]);
}

/** Flips a byte in the middle of the sheet's compressed data. */
function damage(archive: Buffer): Buffer {
  const copy = Buffer.from(archive);
  const at = copy.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 20;
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}
