/**
 * Workbooks a review of the reader broke it with: each case failed before its fix (a silently lost
 * value, a date read as a number or the reverse, a file refused that Excel opens).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { isDateFormat } from '../src/xlsx-cells.ts';
import { linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';
import { type WorkbookParts, workbookParts, writeWorkbook, zipOf } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-xlsx-review-');
let files = 0;
const write = (workbook: WorkbookParts) => writeWorkbook(join(folder.path, `r${files++}.xlsx`), workbook);
const HEADER =
  '<row r="1"><c t="inlineStr"><is><t>Id</t></is></c><c t="inlineStr"><is><t>Value</t></is></c></row>';
const styles = (
  formats: string,
  extra = '',
) => `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="1">${formats}</numFmts>
  <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>${extra}
</styleSheet>`;

describe('xlsx reader: cases from the review', () => {
  it('refuses a shared-string reference past the table, naming the cell, instead of an empty value', async () => {
    const path = await write({
      sheets: [{ name: 'S', xml: `${HEADER}<row r="2"><c r="A2" t="s"><v>7</v></c></row>` }],
      sharedStrings: '<sst><si><t>Name</t></si><si><t>Dept</t></si></sst>',
    });
    const error = await rejectionOf(readTable(xlsxReader(), path));
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toContain('cell A2 in row 2 of sheet "S" refers to shared string 7');
  });

  it('takes number formats from <numFmts> only, not from conditional formats with the same id', async () => {
    const path = await write({
      sheets: [
        {
          name: 'S',
          xml: `${HEADER}<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>43651</v></c></row>`,
        },
      ],
      styles: styles(
        '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>',
        '<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf></dxfs>',
      ),
    });
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([[2, [1, new Date(Date.UTC(2019, 6, 5))]]]);
  });

  it('tells dates from numbers by the letters that are really date tokens', () => {
    expect(isDateFormat('0.00\\ \\h')).toBe(false); // hours worked: an escaped literal h
    expect(isDateFormat('#,##0_);[Red](#,##0)')).toBe(false);
    expect(isDateFormat('0.00E+00')).toBe(false);
    expect(isDateFormat('"Day" 0')).toBe(false);
    expect(isDateFormat('YYYY')).toBe(true); // upper case is still a year
    expect(isDateFormat('[$-409]m/d/yy\\ h:mm\\ AM/PM;@')).toBe(true);
    expect(isDateFormat('[h]:mm:ss')).toBe(true);
    expect(isDateFormat('[>=1]dd/mm/yyyy;@')).toBe(true);
  });

  it('reads a tag whose quoted attribute holds a raw ">": a sheet name and a date format', async () => {
    const path = await write({
      sheets: [
        {
          name: 'A>B',
          xml: `${HEADER}<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>43651</v></c></row>`,
        },
      ],
      styles: styles('<numFmt numFmtId="164" formatCode="[>=1]dd/mm/yyyy;@"/>'),
    });
    const table = await readTable(xlsxReader({ sheet: 'A>B' }), path);
    expect(linesAndCells(table.rows)).toEqual([[2, [1, new Date(Date.UTC(2019, 6, 5))]]]);
  });

  it('finds entries whose zip names use backslashes or a leading slash', async () => {
    for (const rename of [(name: string) => name.replaceAll('/', '\\'), (name: string) => `/${name}`]) {
      const parts = workbookParts({
        sheets: [{ name: 'S', xml: `${HEADER}<row r="2"><c r="A2"><v>5</v></c></row>` }],
      });
      const path = join(folder.path, `r${files++}.xlsx`);
      await writeFile(path, zipOf(parts.map((part) => ({ ...part, name: rename(part.name) }))));
      const table = await readTable(xlsxReader(), path);
      expect(linesAndCells(table.rows)).toEqual([[2, [5, '']]]);
    }
  });

  it('reads the first tab with cells when a chart tab comes first', async () => {
    const parts = workbookParts({
      sheets: [
        { name: 'Chart', xml: '' },
        { name: 'People', xml: `${HEADER}<row r="2"><c r="A2"><v>9</v></c></row>` },
      ],
    }).map((part) =>
      part.name === 'xl/_rels/workbook.xml.rels'
        ? {
            ...part,
            data: String(part.data).replace(
              'Id="rIdS0" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"',
              'Id="rIdS0" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"',
            ),
          }
        : part,
    );
    expect(String(parts.find((part) => part.name === 'xl/_rels/workbook.xml.rels')?.data)).toContain(
      '/chartsheet"',
    );
    const path = join(folder.path, `r${files++}.xlsx`);
    await writeFile(path, zipOf(parts));
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([[2, [9, '']]]);
  });

  it('finds a sheet whose zip entry keeps the percent-encoding of its relationship target', async () => {
    const path = await write({
      sheets: [
        {
          name: 'S',
          xml: `${HEADER}<row r="2"><c r="A2"><v>3</v></c></row>`,
          target: 'worksheets/my%20sheet.xml',
        },
      ],
    });
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([[2, [3, '']]]);
  });

  it('refuses a sheet that ends inside a row instead of dropping the row', async () => {
    const path = await write({
      sheets: [
        {
          name: 'S',
          xml: `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${HEADER}<row r="2"><c r="A2"><v>3</v></c>`,
        },
      ],
    });
    const error = await rejectionOf(readTable(xlsxReader(), path));
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toContain('sheet "S" ends inside row 2');
  });

  it('reads booleans written as 0/1 or false/true', async () => {
    const path = await write({
      sheets: [
        {
          name: 'S',
          xml: `${HEADER}<row r="2"><c r="A2" t="b"><v>false</v></c><c r="B2" t="b"><v>true</v></c></row>
                <row r="3"><c r="A3" t="b"><v>0</v></c><c r="B3" t="b"><v>1</v></c></row>`,
        },
      ],
    });
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([
      [2, [false, true]],
      [3, [false, true]],
    ]);
  });
});
