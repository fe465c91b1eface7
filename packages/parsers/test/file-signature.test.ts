/**
 * A binary file under the wrong format is named for what it is: a workbook under a CSV or JSON tenant,
 * an old or password-protected .xls under an xlsx one.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvReader, jsonReader, xlsxReader } from '../src/index.ts';
import { fixture, readTable, rejectionOf, testFolder } from './read-table.ts';
import { zipOf } from './xlsx-zip-builder.ts';

const folder = testFolder('roster-file-signature-');

/** The start of an OLE compound file (an .xls, or an encrypted .xlsx), padded as such files are. */
async function oleFile(): Promise<string> {
  const path = join(folder.path, 'people.xls');
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  await writeFile(path, Buffer.concat([header, Buffer.alloc(4096, 0x22)]));
  return path;
}

/** An OLE compound file whose directory (sector 0, 512-byte sectors) lists Excel's EncryptedPackage stream. */
async function encryptedWorkbook(): Promise<string> {
  const path = join(folder.path, 'locked.xlsx');
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt32LE(0, 0x30); // the directory starts at sector 0, right after the header
  const directory = Buffer.alloc(512);
  Buffer.from('EncryptedPackage', 'utf16le').copy(directory, 128);
  await writeFile(path, Buffer.concat([header, directory, Buffer.alloc(1024)]));
  return path;
}

describe('files that are no workbook under an xlsx tenant', () => {
  const messageOf = async (name: string, content: string | Buffer) => {
    const path = join(folder.path, name);
    await writeFile(path, content);
    const error = await rejectionOf(readTable(xlsxReader(), path));
    expect(error.code).toBe('XLSX_UNREADABLE');
    return `${error.message} | ${error.hint}`;
  };

  it('names a password-protected workbook, an HTML table, an XML Spreadsheet 2003 and an .xlsb for what they are', async () => {
    const locked = await rejectionOf(readTable(xlsxReader(), await encryptedWorkbook()));
    expect(locked.message).toContain('it is a password-protected workbook');
    expect(
      await messageOf('html.xlsx', '<html><body><table><tr><td>Employee ID</td></tr></table></body></html>'),
    ).toContain('it is an HTML page or table saved under an .xlsx name');
    expect(
      await messageOf(
        'xml2003.xlsx',
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
      ),
    ).toContain('it is an XML Spreadsheet 2003 file');
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>`;
    const xlsb = zipOf([
      { name: '_rels/.rels', data: rels },
      { name: 'xl/workbook.bin', data: Buffer.from([0x83, 0x01, 0x00, 0x80]) },
    ]);
    expect(await messageOf('binary.xlsx', xlsb)).toContain('it is an Excel binary workbook (.xlsb)');
  });
});

describe('binary files under the wrong format', () => {
  it('a workbook given to a CSV tenant is CSV_MALFORMED saying it is a workbook, with the setting to use', async () => {
    const error = await rejectionOf(readTable(csvReader(), fixture('employees.xlsx')));
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.message).toContain('Invalid CSV file employees.xlsx: it is an Excel workbook (.xlsx)');
    expect(error.message).toContain('set `file.format: xlsx`');
  });

  it('a workbook given to a JSON tenant is JSON_MALFORMED saying so', async () => {
    const error = await rejectionOf(readTable(jsonReader(), fixture('employees.xlsx')));
    expect(error.code).toBe('JSON_MALFORMED');
    expect(error.message).toContain('it is an Excel workbook (.xlsx)');
    expect(error.message).toContain('the JSON export');
  });

  it('an .xls or password-protected workbook is named as such, by each reader', async () => {
    const path = await oleFile();
    const asXlsx = await rejectionOf(readTable(xlsxReader(), path));
    expect(asXlsx.code).toBe('XLSX_UNREADABLE');
    expect(asXlsx.message).toContain('an Excel 97-2003 workbook (.xls) or a password-protected one');
    expect(asXlsx.message).toContain('without a password');
    const asCsv = await rejectionOf(readTable(csvReader(), path));
    expect(asCsv.code).toBe('CSV_MALFORMED');
    expect(asCsv.message).toContain('(.xls) or a password-protected one, not text');
  });

  it('a text file under an xlsx tenant is named as text, with the setting for CSV', async () => {
    const error = await rejectionOf(readTable(xlsxReader(), fixture('excel-utf8-bom.csv')));
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toContain('it is plain text (CSV or similar), not a workbook');
    expect(error.message).toContain('set `file.format: csv`');
  });

  it('an empty or cut-off workbook is named as such, not as "not a zip archive"', async () => {
    const empty = join(folder.path, 'empty.xlsx');
    await writeFile(empty, '');
    expect((await rejectionOf(readTable(xlsxReader(), empty))).message).toContain(
      'the file is empty (0 bytes)',
    );
    const whole = await readFile(fixture('employees.xlsx'));
    const cut = join(folder.path, 'cut.xlsx');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await rejectionOf(readTable(xlsxReader(), cut));
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toContain('it is cut off');
    expect(error.message).toContain('send the file again');
    // Binary that is neither text nor a known container keeps the plain statement.
    const other = join(folder.path, 'other.xlsx');
    await writeFile(other, Buffer.from([0x00, 0x01, 0x02, 0x03, 0x00, 0xff, 0x10, 0x20]));
    expect((await rejectionOf(readTable(xlsxReader(), other))).message).toContain('it is not a zip archive');
  });

  it('UTF-16 JSON without a byte-order mark is ENCODING_INVALID, not malformed JSON', async () => {
    const path = join(folder.path, 'utf16.json');
    await writeFile(path, Buffer.from('[{"id": "1", "email": "a@x.com"}]', 'utf16le'));
    const error = await rejectionOf(readTable(jsonReader(), path));
    expect(error.code).toBe('ENCODING_INVALID');
    expect(error.message).toContain('it is utf-16le (without a byte-order mark), not UTF-8');
  });
});
