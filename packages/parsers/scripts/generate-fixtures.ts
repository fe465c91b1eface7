/**
 * Writes the fixture corpus in test/fixtures/: files shaped like real HR exports, byte for byte. The
 * generated files are committed, so tests never depend on this script; run it again only to change them:
 *
 *   node scripts/generate-fixtures.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';

const OUT = new URL('../test/fixtures/', import.meta.url);

/** Windows-1252 bytes, spelled out: each non-ASCII character used in the corpus and its byte. */
const WINDOWS_1252: Record<string, number> = {
  '€': 0x80,
  Å: 0xc5,
  Ø: 0xd8,
  ß: 0xdf,
  é: 0xe9,
  ö: 0xf6,
  ø: 0xf8,
  ü: 0xfc,
};

function windows1252(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (char) => {
      const code = char.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = WINDOWS_1252[char];
      if (byte === undefined) throw new Error(`No Windows-1252 byte listed for ${char}`);
      return byte;
    }),
  );
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
const lf = (lines: string[]) => `${lines.join('\n')}\n`;

const CSV_FILES: Record<string, Buffer> = {
  // Excel "CSV UTF-8 (Comma delimited)": a byte-order mark and CRLF.
  'excel-utf8-bom.csv': Buffer.concat([
    UTF8_BOM,
    Buffer.from(
      crlf([
        'Employee ID,Work Email,First Name,Last Name,Start Date',
        '00123,ayse.yilmaz@example.com,Ayşe,Yılmaz,07/05/2019',
        '00124,zoe.muller@example.com,Zoë,Müller,01/15/2020',
      ]),
    ),
  ]),
  // European Excel "CSV (;)": semicolons, Windows-1252 (€ is 0x80, which ISO-8859-1 lacks), CRLF.
  'semicolon-windows-1252.csv': windows1252(
    crlf([
      'Personalnummer;E-Mail;Vorname;Nachname;Abteilung;Ort;Budget',
      '1001;rene.dupre@example.de;René;Dupré;Straßenbau;Köln;1.200 €',
      '1002;juergen.gross@example.de;Jürgen;Groß;"Planung; Süd";München;',
      '1003;soren.ostergaard@example.dk;Søren;Østergaard;Entwicklung;Århus;0',
    ]),
  ),
  // Excel "Unicode Text (*.txt)": UTF-16LE with a byte-order mark, tab-separated, CRLF.
  'utf16le-tab.txt': Buffer.concat([
    UTF16LE_BOM,
    Buffer.from(
      crlf([
        'Employee ID\tWork Email\tFirst Name\tLast Name\tDepartment',
        '00123\tayse@example.com\tAyşe\tYılmaz\tİnsan Kaynakları',
        '00124\tjose@example.com\tJosé\tGarcía\t"Ventas, Norte"',
      ]),
      'utf16le',
    ),
  ]),
  // Quoted fields with commas, doubled quotes and CRLF line breaks inside them.
  'quoted-fields-crlf.csv': Buffer.from(
    crlf([
      'id,name,title,address',
      '1,"Smith, John","Senior ""Lead"" Engineer","12 Main St\r\nApt 4"',
      '2,Jane Doe,Engineer,"Line 1\r\nLine 2\r\nLine 3"',
      '3,"O\'Brien, Pat",Manager,Plain',
    ]),
  ),
  // Ids with leading zeros, as text in the file: they must stay text.
  'leading-zeros.csv': Buffer.from(
    lf(['Employee ID,Manager ID,Name', '00123,0001,Ann', '000,00042,Bob', '0,,Cid']),
  ),
  // Excel pads every row with the delimiters of empty columns right of the data.
  'trailing-empty-columns.csv': Buffer.from(
    crlf([
      'Employee ID,Email,Name,,,',
      '1,a@example.com,Ann,,,',
      '2,b@example.com,Bob,,,',
      '3,c@example.com,Cid,,,extra',
    ]),
  ),
  // Blank lines, whitespace-only lines and rows of nothing but delimiters.
  'blank-lines.csv': Buffer.from(
    lf(['id,name', '', '1,Ann', ',', '   ', '2,Bob', '', ',,', '3,Cid', '', '']),
  ),
  // Header cells in other case and spacing, with a trailing empty header cell.
  'header-spacing.csv': Buffer.from(
    lf([
      '  EMPLOYEE id ,work_email,First-Name ,\tLast  Name,',
      '1,a@example.com,Ann,Lee,',
      '2,b@example.com,Bob,Ray,',
    ]),
  ),
  // Title lines above the header (headerRow: 4); the second has a stray quote.
  'title-lines.csv': Buffer.from(
    lf([
      'Acme Corp HR export',
      'Generated 2024-05-01 by "HR Suite',
      '',
      'Employee ID,Email',
      '1,a@example.com',
      '2,b@example.com',
    ]),
  ),
  // Rows with too few and too many fields, and one with only empty extras (fine).
  'field-count.csv': Buffer.from(
    lf([
      'id,name,email',
      '1,Ann,ann@example.com',
      '2,Bob',
      '3,Cid,cid@example.com,extra',
      '4,Dee,dee@example.com,,',
    ]),
  ),
  // A quote opened on line 3 and never closed.
  'unclosed-quote.csv': Buffer.from(lf(['id,name', '1,Ann', '2,"Bob', '3,Cid'])),
  // Pipe-separated with single quotes (`quote: "'"`).
  'pipe-single-quote.csv': Buffer.from(
    lf(['id|name|note', "1|'Smith | John'|plain", "2|'It''s'|'multi", "line'", '3|Cid|']),
  ),
  // Classic Mac OS line endings: CR only.
  'old-mac-cr.csv': Buffer.from('id,name\r1,Ann\r2,"Bob\rRay"\r3,Cid\r'),
};

const JSON_FILES: Record<string, string> = {
  // An export with metadata around the records; nested objects; ids as numbers and text.
  'nested-records.json': `{
  "meta": { "exportedAt": "2024-05-01T02:00:00Z", "count": 4, "tags": ["hr", "daily"] },
  "data": {
    "employees": [
      {
        "Employee_ID": 123,
        "work-email": "ann@example.com",
        "name": { "first": "Ann", "last": "Lee" },
        "manager": { "id": "00042" },
        "active": true,
        "fte": 0.5,
        "skills": ["sql", "go"],
        "notes": null
      },
      { "employee_id": "00124", "work-email": "bob@example.com", "name": { "first": "Bob" }, "manager": null, "active": false, "fte": 1 },
      42,
      { "EMPLOYEE ID": 1.5e5, "Work Email": "cid@example.com", "manager": { "id": 7, "name": { "first": "Dee" } } }
    ]
  }
}
`,
  // JSON Lines with a blank line, CRLF on one line and a line that is not an object.
  'employees.jsonl': `{"id":"00123","email":"ann@example.com","manager":{"id":"00042"}}
{"id":"00124","email":"bob@example.com","active":true}\r

["not", "an", "object"]
{"id":125,"email":"cid@example.com","tags":["a","b"]}
`,
  // The document is the array.
  'top-level-array.json': `[
  { "id": "00123", "email": "ann@example.com" },
  { "id": "00124", "email": "bob@example.com", "extra": { "deep": { "er": 1 } } }
]
`,
  // A comma missing between two fields of the second record (line 3).
  'malformed.json': `[
  { "id": "00123", "email": "ann@example.com" },
  { "id": "00124" "email": "bob@example.com" }
]
`,
};

/** A workbook as HR systems export them: a summary tab first, then the people with a title row. */
async function writeWorkbook(path: URL): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet('Summary');
  summary.addRow(['Report', 'Headcount']);
  summary.addRow(['May 2024', 3]);

  const sheet = workbook.addWorksheet('Employees');
  sheet.addRow(['Acme Corp employees (exported 2024-05-01)']);
  sheet.addRow([
    'Employee ID',
    'Work Email',
    'Name',
    'Hire Date',
    'Start Serial',
    'Salary',
    'FTE',
    'Active',
    'Double ID',
    'Profile',
    'Lookup',
  ]);
  const rows: unknown[][] = [
    [
      123, // typed as 00123, stored by Excel as the number 123
      'ann@example.com',
      { richText: [{ text: 'Ann ' }, { font: { bold: true }, text: 'Lee' }] },
      new Date(Date.UTC(2019, 6, 5)),
      43651, // 2019-07-05 as a serial number in a General cell
      150000, // shown as 1.5E+05
      0.5,
      true,
      { formula: 'A3*2', result: 246 },
      { text: 'Profile', hyperlink: 'https://example.com/ann' },
      { error: '#N/A' },
    ],
    [],
    [
      '00124', // typed as text: kept
      'bob@example.com',
      'Bob Ray',
      new Date(Date.UTC(2020, 0, 31, 13, 45)),
      43651.5, // noon of 2019-07-05
      123456789012,
      1,
      false,
      { formula: 'UPPER(C5)', result: 'BOB RAY' },
      'plain text',
      null,
    ],
  ];
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(4).numFmt = 'yyyy-mm-dd';
  sheet.getCell('D5').numFmt = 'dd/mm/yyyy hh:mm';
  sheet.getColumn(6).numFmt = '0.0E+00';
  await workbook.xlsx.writeFile(path.pathname);
}

await mkdir(OUT, { recursive: true });
for (const [name, bytes] of Object.entries(CSV_FILES)) await writeFile(new URL(name, OUT), bytes);
for (const [name, text] of Object.entries(JSON_FILES)) await writeFile(new URL(name, OUT), text);
await writeWorkbook(new URL('employees.xlsx', OUT));
