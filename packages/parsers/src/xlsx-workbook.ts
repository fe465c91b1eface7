/**
 * The workbook's table of contents: its sheets in tab order with the zip entry of each, the parts they
 * share (strings, styles) and its date system. Found as Excel finds them, through the package's
 * relationships (`_rels/.rels` → `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`), not by file name:
 * writers name sheet parts as they like (`sheet1.xml`, `Sheet1.xml`, `worksheets/data.xml`).
 */

import { RESAVE_HINT, XlsxError } from './xlsx-error.ts';
import { attributeValue, type XmlHandler, XmlScanner } from './xlsx-xml.ts';
import type { ZipArchive } from './xlsx-zip.ts';

export interface WorkbookSheet {
  readonly name: string;
  /** The sheet's zip entry, e.g. `xl/worksheets/sheet1.xml`. */
  readonly part: string;
  /** A grid of cells, not a chart sheet or a dialog sheet. */
  readonly worksheet: boolean;
  /** Shown as a tab: not `state="hidden"` (unhidden from Excel's menu) or `"veryHidden"` (by a macro only). */
  readonly visible: boolean;
}

export interface Workbook {
  readonly sheets: readonly WorkbookSheet[];
  /** Serial dates count from 1904-01-01 (old Mac Excel) rather than 1899-12-30. */
  readonly date1904: boolean;
  readonly sharedStringsPart: string | undefined;
  readonly stylesPart: string | undefined;
}

/** Workbook, relationships and styles are small; a bigger one is a zip bomb, not a workbook. */
export const MAX_SMALL_PART_BYTES = 64 * 1024 * 1024;

interface Relationship {
  readonly type: string;
  readonly part: string;
}

export async function readWorkbook(zip: ZipArchive): Promise<Workbook> {
  const packageRels = await relationships(zip, '_rels/.rels', '');
  const workbookPart =
    [...packageRels.values()].find((rel) => rel.type.endsWith('/officeDocument'))?.part ?? 'xl/workbook.xml';
  if (workbookPart.endsWith('.bin') || zip.entry('xl/workbook.bin') !== undefined) {
    throw new XlsxError(
      'XLSX_UNREADABLE',
      'it is an Excel binary workbook (.xlsb), which Roster does not read',
      'Ask the customer to save it as "Excel Workbook (.xlsx)", or to export CSV',
    );
  }
  const workbookXml = await partText(zip, workbookPart);
  if (workbookXml === undefined) throw unreadable(`it has no ${workbookPart}`);
  const directory = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
  const rels = await relationships(
    zip,
    `${directory}_rels/${workbookPart.slice(directory.length)}.rels`,
    directory,
  );

  const handler = new WorkbookHandler();
  new XmlScanner(handler).feed(workbookXml);
  const sheets = handler.sheets.map(({ name, id, visible }) => {
    const rel = rels.get(id);
    if (rel === undefined) throw unreadable(`sheet ${JSON.stringify(name)} has no part`);
    return { name, part: rel.part, worksheet: rel.type.endsWith('/worksheet'), visible };
  });
  const byType = (suffix: string) => [...rels.values()].find((rel) => rel.type.endsWith(suffix))?.part;
  return {
    sheets,
    date1904: handler.date1904,
    sharedStringsPart: byType('/sharedStrings'),
    stylesPart: byType('/styles'),
  };
}

class WorkbookHandler implements XmlHandler {
  readonly wantsText = false;
  readonly sheets: { name: string; id: string; visible: boolean }[] = [];
  date1904 = false;

  open(name: string, source: string, from: number, to: number): void {
    if (name === 'sheet') {
      const state = attributeValue(source, from, to, 'state');
      this.sheets.push({
        name: attributeValue(source, from, to, 'name') ?? '',
        // `r:id` (any prefix); never `sheetId`, which is a number unrelated to the part.
        id: attributeValue(source, from, to, 'id') ?? '',
        visible: state !== 'hidden' && state !== 'veryHidden',
      });
    } else if (name === 'workbookPr') {
      const value = attributeValue(source, from, to, 'date1904');
      this.date1904 = value === '1' || value === 'true';
    }
  }

  close(): void {}
  text(): void {}
}

class RelationshipsHandler implements XmlHandler {
  readonly wantsText = false;
  readonly rels = new Map<string, Relationship>();
  readonly #directory: string;

  constructor(directory: string) {
    this.#directory = directory;
  }

  open(name: string, source: string, from: number, to: number): void {
    if (name !== 'Relationship') return;
    if (attributeValue(source, from, to, 'TargetMode') === 'External') return;
    const id = attributeValue(source, from, to, 'Id');
    const target = attributeValue(source, from, to, 'Target');
    if (id === undefined || target === undefined) return;
    this.rels.set(id, {
      type: attributeValue(source, from, to, 'Type') ?? '',
      part: resolvePart(this.#directory, target),
    });
  }

  close(): void {}
  text(): void {}
}

async function relationships(
  zip: ZipArchive,
  path: string,
  directory: string,
): Promise<Map<string, Relationship>> {
  const xml = await partText(zip, path);
  if (xml === undefined) return new Map();
  const handler = new RelationshipsHandler(directory);
  new XmlScanner(handler).feed(xml);
  return handler.rels;
}

async function partText(zip: ZipArchive, path: string): Promise<string | undefined> {
  const entry = zip.entry(path);
  return entry && (await zip.text(entry, MAX_SMALL_PART_BYTES));
}

/**
 * A relationship's target as a zip entry name: absolute (`/xl/worksheets/sheet1.xml`) from the package
 * root, otherwise relative to the source part's directory (`worksheets/sheet1.xml`, `../xl/…`).
 */
function resolvePart(directory: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // A stray % is a literal character in a part name.
  }
  const segments = decoded.startsWith('/') ? [] : directory.split('/').filter(Boolean);
  for (const segment of decoded.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

function unreadable(detail: string): XlsxError {
  return new XlsxError('XLSX_UNREADABLE', `it cannot be read as .xlsx: ${detail}`, RESAVE_HINT);
}
