/**
 * The sheet scanner on its own. The usual row is read from the bytes (`readPlainRow`), any other from
 * decoded text, where the usual cell (`<c …><v>…</v></c>`) is read at once (`SheetRowsHandler.readContent`)
 * and every other shape tag by tag: all must read the same cells, wherever the chunks are cut.
 */
import { describe, expect, it } from 'vitest';
import { DigitsFormat } from '../src/xlsx-digit-formats.ts';
import { readPlainRow } from '../src/xlsx-plain-row.ts';
import {
  MAX_PENDING_BYTES,
  type SheetContext,
  type SheetRow,
  SheetRowScanner,
} from '../src/xlsx-sheet-rows.ts';
import { chunkings } from './chunkings.ts';

const SHARED = ['Name', 'Ann & Bo', 'Zoë'];

const CONTEXT: SheetContext = {
  sharedStrings: SHARED,
  // Style 1 shows dates, style 2 pads digits to six.
  numberFormats: [undefined, 'date', DigitsFormat.parse('000000')],
  date1904: false,
  sheet: 'S',
};

function scan(chunks: readonly (string | Buffer)[]): Pick<SheetRow, 'line' | 'cells' | 'errors'>[] {
  const scanner = new SheetRowScanner(CONTEXT);
  const rows: SheetRow[] = [];
  for (const chunk of chunks) {
    scanner.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    rows.push(...scanner.take());
  }
  scanner.finish();
  rows.push(...scanner.take());
  return rows.map(({ line, cells, errors }) => ({ line, cells: Array.from(cells), errors }));
}

const SHEET = [
  '<worksheet><sheetData>',
  // The usual shapes: a shared string, a number, a formula's text with an entity, a boolean, an error.
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>42</v></c><c r="C1" t="str"><v>a &amp; b</v></c>',
  '<c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c></row>',
  // Shapes read tag by tag: a formula before the value, spaces between tags, a prefix, an empty value,
  // an inline string, a self-closing cell, a comment inside the value.
  '<row r="2"><c r="A2" t="s"><f>X</f><v>1</v></c><c r="B2" t="s"> <v>2</v> </c>',
  '<x:c r="C2"><x:v>7</x:v></x:c><c r="D2"><v></v></c><c r="E2" t="inlineStr"><is><t>in line</t></is></c>',
  '<c r="F2"/><c r="G2"><v>8<!-- note --></v></c><c r="H2" t="inlineStr"><v>old</v><is><t>new</t></is></c></row>',
  // A later cell in a column wins, whichever way each is read.
  '<row r="3"><c r="A3"><v>1</v></c><c r="A3" t="s"><f>Y</f><v>2</v></c><c r="B3" t="s"><f>Z</f><v>0</v></c><c r="B3"><v>5</v></c></row>',
  '</sheetData></worksheet>',
].join('');

const EXPECTED = [
  { line: 1, cells: ['Name', 42, 'a & b', true], errors: [{ column: 4, error: '#N/A' }] },
  {
    line: 2,
    cells: ['Ann & Bo', 'Zoë', 7, undefined, 'in line', undefined, 8, 'new'],
    errors: undefined,
  },
  { line: 3, cells: ['Zoë', 5], errors: undefined },
];

describe('SheetRowScanner', () => {
  it('reads the usual cells and every other shape alike', () => {
    expect(scan([SHEET])).toEqual(EXPECTED);
  });

  it('reads the same cells wherever the chunks are cut', () => {
    for (const chunks of chunkings(Buffer.from(SHEET))) expect(scan(chunks)).toEqual(EXPECTED);
  });
});

/**
 * Rows of the usual kind, in every shape the byte path reads — and two it leaves to the text path
 * (an inline string beyond ASCII, an empty row) — between rows of the other kind.
 */
const PLAIN_ROWS = [
  '<row r="4" spans="1:9" x14ac:dyDescent="0.25"><c r="A4" t="s"><v>1</v></c><c r="B4"><v>42</v></c>',
  '<c r="C4" s="1"><v>36526</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="b"><v>0</v></c>',
  '<c r="F4" s="2"><v>104</v></c><c r="G4"><v>1.5</v></c><c r="H4" t="n"><v>12345678901234567890</v></c>',
  '<c r="I4" s="1"/></row>',
  // Spaces and line breaks between tags, single quotes, lower-case letters, no `r` on the row or a cell.
  '\n  <row>\n    <c r=\'b5\' t=\'s\'>\n      <v>2</v>\n    </c>\n    <c t="s"><v>0</v></c><c r="E5"></c><c><v>7</v></c>\n  </row>',
  // Left to the text path: an inline string in UTF-8 (cut inside its bytes by the chunkings), an empty row.
  '<row r="7"><c r="A7" t="inlineStr"><is><t>Zoë Ørsted</t></is></c><c r="B7" t="s"><v>2</v></c></row><row r="8"/>',
  '<row r="9"><c r="A9" t="s"><v>0</v></c></row>',
].join('');

const PLAIN_EXPECTED = [
  {
    line: 4,
    cells: [
      'Ann & Bo',
      42,
      new Date(Date.UTC(2000, 0, 1)),
      true,
      false,
      '000104',
      1.5,
      '12345678901234567890',
    ],
    errors: undefined,
  },
  { line: 5, cells: [undefined, 'Zoë', 'Name', undefined, undefined, 7], errors: undefined },
  { line: 7, cells: ['Zoë Ørsted', 'Zoë'], errors: undefined },
  { line: 8, cells: [], errors: undefined },
  { line: 9, cells: ['Name'], errors: undefined },
];

describe('SheetRowScanner, rows read from the bytes', () => {
  const sheet = (rows: string) =>
    `<worksheet><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A4:A5"/></mergeCells></worksheet>`;

  it('reads the usual rows as the text path does, among rows of the other kind', () => {
    expect(scan([sheet(PLAIN_ROWS)])).toEqual(PLAIN_EXPECTED);
    // A comment before the first row leaves the whole sheet to the text path.
    expect(scan([sheet(`<!-- text path -->${PLAIN_ROWS}`)])).toEqual(PLAIN_EXPECTED);
    // The first sheet's rows, each left to the text path, then the usual ones: all in their order.
    expect(scan([sheet(`${SHEET.slice(22, -24)}${PLAIN_ROWS}`)])).toEqual([...EXPECTED, ...PLAIN_EXPECTED]);
  });

  it('reads the same rows wherever the bytes are cut, a multi-byte character too', () => {
    const bytes = Buffer.from(sheet(PLAIN_ROWS));
    for (const chunks of chunkings(bytes)) expect(scan(chunks)).toEqual(PLAIN_EXPECTED);
  });

  it('keeps back no more than a bounded part of a giant row, which it reads as text', () => {
    const cells = Array.from(
      { length: 16_000 },
      (_, index) => `<c t="s" cm="0000000000"><v>${index % 3}</v></c>`,
    );
    const bytes = Buffer.from(sheet(`<row r="1">${cells.join('')}</row>${PLAIN_ROWS}`));
    expect(bytes.length).toBeGreaterThan(2 * MAX_PENDING_BYTES);
    const scanner = new SheetRowScanner(CONTEXT);
    const rows: SheetRow[] = [];
    let kept = 0;
    for (let at = 0; at < bytes.length; at += 16 * 1024) {
      scanner.feed(bytes.subarray(at, at + 16 * 1024));
      kept = Math.max(kept, scanner.pendingBytes);
      rows.push(...scanner.take());
    }
    scanner.finish();
    rows.push(...scanner.take());
    expect(kept).toBeLessThanOrEqual(MAX_PENDING_BYTES);
    expect(rows[0]?.cells).toEqual(Array.from({ length: 16_000 }, (_, index) => SHARED[index % 3]));
    expect(rows.slice(1)).toEqual(PLAIN_EXPECTED);
  });

  it('reads damaged markup exactly as the text path does, whole or a byte at a time', () => {
    // Found by a differential fuzzer: each once read otherwise by the byte path (or by the text path
    // when cut: the `<v>` left open in the last case).
    const outcome = (chunks: readonly Buffer[]) => {
      try {
        return scan(chunks);
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const rows of [
      '<row></sheetData></row><row r="5"><c><v>1</v></c></row>', // a row after a stray </sheetData>
      '<row><c t="e"><v>#N/A</row><row><c><v>2</v></c></row><row></c></row>', // a cell left open
      '<row><c t="s"><v>99</row><row><c><v>2</v></c></row><row></c></row>',
      '<row><c t="s"><v>99</row> <row></c></row>', // the space is the open value's text
      '<row><c a"b="x" r="B1"><v>1</v></c></row>', // a quote in an attribute's name
      "<row><c '=''><v>1</v></c></row>",
      '<row><c><v>1</row><row><c><v>0</v></c><c t="b"> </c></row>',
    ]) {
      const bytes = Buffer.from(sheet(rows));
      const text = outcome([Buffer.from(sheet(`<!---->${rows}`))]);
      expect(outcome([bytes]), rows).toEqual(text);
      expect(outcome(chunkings(bytes).at(-1) ?? []), rows).toEqual(text);
    }
  });

  it('reads the merged ranges after the rows', () => {
    const scanner = new SheetRowScanner(CONTEXT);
    scanner.feed(Buffer.from(sheet(PLAIN_ROWS)));
    scanner.finish();
    expect(scanner.merges).toEqual(['A4:A5']);
  });

  it('reads a row of the usual kind itself, and leaves any other to the text path', () => {
    const read = (row: string) => {
      const bytes = Buffer.from(row);
      return readPlainRow(bytes, 0, bytes.indexOf('>'), bytes.lastIndexOf('</row>'), 3, CONTEXT);
    };
    expect(read('<row r="4"><c r="A4" t="s"><v>1</v></c><c r="C4"><v>5</v></c></row>')).toEqual({
      line: 4,
      cells: ['Ann & Bo', undefined, 5],
      errors: undefined,
    });
    expect(read('<row><c t="s"><v>2</v></c></row>')?.line).toBe(4);
    for (const other of [
      '<row r="4"><c r="A4" t="str"><v>x</v></c></row>', // a formula's text
      '<row r="4"><c r="A4"><f>B4</f><v>1</v></c></row>', // a formula
      '<row r="4"><c r="A4" t="e"><v>#N/A</v></c></row>', // an error
      '<row r="4"><c r="A4" t="s"><v>9</v></c></row>', // past the shared strings
      '<row r="4"><c r="A4" t="s"><v></v></c></row>', // empty
      '<row r="4"><c r="A4"><v>1&#48;</v></c></row>', // an entity
      '<row r="4"><x:c r="A4"><x:v>1</x:v></x:c></row>', // a prefix
      '<row r="4x"><c r="A4"><v>1</v></c></row>', // a row number that is not one
      '<row r="4"><c r="XFE4"><v>1</v></c></row>', // beyond column XFD
    ]) {
      expect(read(other), other).toBeUndefined();
    }
  });
});
