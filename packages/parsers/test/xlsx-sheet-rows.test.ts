/**
 * The sheet scanner on its own: the usual cell (`<c …><v>…</v></c>`) is read at once from the chunk
 * (`SheetRowsHandler.readContent`), every other shape tag by tag; both must read the same cells, wherever the
 * chunks are cut.
 */
import { describe, expect, it } from 'vitest';
import { type SheetRow, SheetRowScanner } from '../src/xlsx-sheet-rows.ts';
import { chunkings } from './chunkings.ts';

const SHARED = ['Name', 'Ann & Bo', 'Zoë'];

function scan(chunks: readonly string[]): Pick<SheetRow, 'line' | 'cells' | 'errors'>[] {
  const scanner = new SheetRowScanner({
    sharedStrings: SHARED,
    numberFormats: [],
    date1904: false,
    sheet: 'S',
  });
  const rows: SheetRow[] = [];
  for (const chunk of chunks) {
    scanner.feed(chunk);
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
  { line: 1, cells: ['Name', '42', 'a & b', true], errors: [{ column: 4, error: '#N/A' }] },
  {
    line: 2,
    cells: ['Ann & Bo', 'Zoë', '7', undefined, 'in line', undefined, '8', 'new'],
    errors: undefined,
  },
  { line: 3, cells: ['Zoë', '5'], errors: undefined },
];

describe('SheetRowScanner', () => {
  it('reads the usual cells and every other shape alike', () => {
    expect(scan([SHEET])).toEqual(EXPECTED);
  });

  it('reads the same cells wherever the chunks are cut', () => {
    for (const chunks of chunkings(SHEET)) expect(scan(chunks)).toEqual(EXPECTED);
  });
});
