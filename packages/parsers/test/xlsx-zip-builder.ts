import { writeFile } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  readonly name: string;
  readonly data: string | Buffer;
  /** 0 stored, 8 deflated (default); any other number is written as is, with deflated data. */
  readonly method?: number;
  /** Writes sizes and CRC as zero in the local header, with a data descriptor (general-purpose bit 3). */
  readonly descriptor?: boolean;
  /** Overrides the uncompressed size written in the central directory (a lying zip bomb). */
  readonly statedSize?: number;
}

/** A zip archive of `parts`, written by hand so that tests choose every header field. */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const raw = Buffer.from(part.data);
    const method = part.method ?? 8;
    const data = method === 0 ? raw : deflateRawSync(raw);
    const crc = crc32(raw);
    const name = Buffer.from(part.name);
    const size = part.statedSize ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.descriptor ? 8 : 0, 6);
    local.writeUInt16LE(method, 8);
    if (!part.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(size, 22);
    }
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(part.descriptor ? 16 : 0);
    if (part.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(data.length, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(part.descriptor ? 8 : 0, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    chunks.push(local, name, data, descriptor);
    offset += local.length + name.length + data.length + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface WorkbookParts {
  /** The sheets in tab order: name and the XML of `<sheetData>` (whole worksheet if it starts with `<?xml`). */
  readonly sheets: readonly { name: string; xml: string; target?: string; state?: 'hidden' | 'veryHidden' }[];
  readonly sharedStrings?: string;
  readonly styles?: string;
  readonly workbookPr?: string;
  readonly descriptor?: boolean;
}

/** A minimal SpreadsheetML package, as other writers than exceljs make them. */
export function workbookParts(workbook: WorkbookParts): ZipPart[] {
  const descriptor = workbook.descriptor === true;
  const parts: ZipPart[] = [
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${workbook.workbookPr ?? ''}<sheets>${workbook.sheets
        .map(
          (sheet, index) =>
            `<sheet name="${sheet.name}" sheetId="${index + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="rIdS${index}"/>`,
        )
        .join('')}</sheets></workbook>`,
    },
  ];
  const rels = workbook.sheets.map(
    (sheet, index) =>
      `<Relationship Id="rIdS${index}" Type="${REL}/worksheet" Target="${sheet.target ?? `worksheets/sheet${index + 1}.xml`}"/>`,
  );
  if (workbook.sharedStrings !== undefined) {
    rels.push(`<Relationship Id="rIdT" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    parts.push({ name: 'xl/sharedStrings.xml', data: workbook.sharedStrings, descriptor });
  }
  if (workbook.styles !== undefined) {
    rels.push(`<Relationship Id="rIdY" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
    parts.push({ name: 'xl/styles.xml', data: workbook.styles });
  }
  parts.push({
    name: 'xl/_rels/workbook.xml.rels',
    data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  });
  workbook.sheets.forEach((sheet, index) => {
    const target = sheet.target ?? `worksheets/sheet${index + 1}.xml`;
    const name = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const xml = sheet.xml.startsWith('<?xml')
      ? sheet.xml
      : `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${sheet.xml}</sheetData></worksheet>`;
    parts.push({ name, data: xml, descriptor });
  });
  return parts;
}

export async function writeWorkbook(path: string, workbook: WorkbookParts): Promise<string> {
  await writeFile(path, zipOf(workbookParts(workbook)));
  return path;
}
