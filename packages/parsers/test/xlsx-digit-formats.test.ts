/**
 * Numbers whose format puts digits in fixed places (`000000`): ids with leading zeros, as Excel shows them.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { numberCell } from '../src/xlsx-cells.ts';
import { DigitsFormat } from '../src/xlsx-digit-formats.ts';
import { linesAndCells, readTable, testFolder } from './read-table.ts';
import { writeWorkbook } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-xlsx-digits-');

describe('xlsx digit formats', () => {
  it('reads ids formatted 000000 (Excel shows 000104) as the text Excel shows, written by exceljs', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['Employee ID', 'Manager ID', 'Badge', 'SSN', 'Salary', 'Notice']);
    const rows = [
      [104, 7, 42, 12345678, 52000, 30],
      [1234567, 1234567, 99999, 123456789, 61000.5, 14],
      [-5, 0, 3, 1, 0, 1],
    ];
    for (const values of rows) {
      const row = sheet.addRow(values);
      row.getCell(1).numFmt = '000000';
      // As Excel's custom-format dialog writes them: a section for negatives, a locale tag.
      row.getCell(2).numFmt = '00000;-00000';
      row.getCell(3).numFmt = '[$-409]"E"0000';
      row.getCell(4).numFmt = '000\\-00\\-0000';
      row.getCell(5).numFmt = '#,##0';
      row.getCell(6).numFmt = '0 "days"';
    }
    const path = join(folder.path, 'exceljs.xlsx');
    await workbook.xlsx.writeFile(path);
    const table = await readTable(xlsxReader(), path);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['000104', '00007', 'E0042', '012-34-5678', 52000, 30]],
      [3, ['1234567', '1234567', 'E99999', '123-45-6789', 61000.5, 14]],
      [4, ['-000005', '00000', 'E0003', '000-00-0001', 0, 1]],
    ]);
  });

  it('reads the format codes of raw styles.xml: entities, escapes, one format shared by several styles', async () => {
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <numFmts count="3">
        <numFmt numFmtId="164" formatCode="000000"/>
        <numFmt numFmtId="165" formatCode="&quot;ID-&quot;00000&quot;/X&quot;"/>
        <numFmt numFmtId="166" formatCode="\\E\\-0000"/>
      </numFmts>
      <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="164" fontId="1"/><xf numFmtId="1"/></cellXfs>
    </styleSheet>`;
    const cells = ['A', 'B', 'C', 'D', 'E', 'F'];
    const header = `<row r="1">${cells.map((column) => `<c r="${column}1" t="inlineStr"><is><t>${column}</t></is></c>`).join('')}</row>`;
    const values = ['104', '104', '104', '104', '104', '104.25'];
    const row = `<row r="2">${values.map((value, index) => `<c r="${cells[index]}2" s="${index}"><v>${value}</v></c>`).join('')}</row>`;
    const path = await writeWorkbook(join(folder.path, 'raw.xlsx'), {
      sheets: [{ name: 'S', xml: header + row }],
      styles,
    });
    const table = await readTable(xlsxReader(), path);
    // F: a fraction under a digits format stays a number: Excel would show it rounded, an id is not rounded.
    expect(linesAndCells(table.rows)).toEqual([
      [2, [104, '000104', 'ID-00104/X', 'E-0104', '000104', 104.25]],
    ]);
  });

  it('takes only zeros and literals, two zeros at least, in the first section', () => {
    for (const code of [
      '0',
      '"Day" 0',
      '0 "days"',
      '#,##0',
      '000000.00',
      '0.0E+00',
      '@',
      '00%',
      '[>100]000000',
      '[$-409]#,##0',
      '#000000',
      '??0000',
      '000000 h',
      'yyyy',
    ]) {
      expect(DigitsFormat.parse(code), code).toBeUndefined();
    }
    expect(DigitsFormat.parse('00')?.format(7)).toBe('07');
    expect(DigitsFormat.parse('"E"0000')?.format(104)).toBe('E0104');
    expect(DigitsFormat.parse('(000) 000-0000')?.format(2125550123)).toBe('(212) 555-0123');
    expect(DigitsFormat.parse('000-0000')?.format(12345678)).toBe('1234-5678');
    expect(DigitsFormat.parse('$00000')?.format(12)).toBe('$00012');
    expect(DigitsFormat.parse('000000')?.format(1e21)).toBe('1000000000000000000000');
    expect(DigitsFormat.parse('"unclosed 00')).toBeUndefined();
    // Beyond 2^53 the digits written in the cell are kept, not the rounded number's.
    expect(
      DigitsFormat.parse('0'.repeat(20))?.format(Number('12345678901234567890'), '12345678901234567890'),
    ).toBe('12345678901234567890');
    expect(numberCell('12345678901234567890', DigitsFormat.parse('0'.repeat(22)), false)).toBe(
      '0012345678901234567890',
    );
    // The first section, without what only decorates it: as Excel's custom-format dialog writes them.
    for (const code of [
      '000000;-000000',
      '000000;;;@',
      '[$-409]000000',
      '[Red]000000',
      '000000_)',
      '"x;y"000000;0',
    ])
      expect(DigitsFormat.parse(code)?.format(104), code).toBe(
        code.startsWith('"x;y"') ? 'x;y000104' : '000104',
      );
  });
});
