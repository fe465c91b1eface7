/** The header and the first rows of a customer's sample file, as text, for guessing mappings. */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileFormat } from '@roster/config';
import { cellText, RosterError } from '@roster/engine';
import { describeSyntaxError, readerForFile, resolveEncoding, worksheetNames } from '@roster/parsers';
import { guessMappings } from './guess-mappings.ts';

export interface SampleTable {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, string>>>;
  /** For JSON: the dotted path to the records array, when it is not the document itself. */
  readonly jsonRecords?: string;
  /** For JSON: one record a line (JSON Lines), not one document. */
  readonly jsonLines?: boolean;
  /** For CSV and workbooks: the header's line or sheet row, when title lines come before it. */
  readonly headerRow?: number;
  /**
   * For workbooks read without `--sheet`: the sheet the people were found on, when it is not the first
   * visible one (which runs read when `xlsx.sheet` is not set); see {@link readPeopleSheet}.
   */
  readonly sheet?: string;
  /**
   * For CSV: `windows-1252` when the sample is not UTF-8. `init` pins it: with `auto`, each file's
   * encoding is decided from its first 64 KiB, and a later file whose first 64 KiB are plain ASCII
   * would be read as UTF-8 and fail at its first accented letter.
   */
  readonly encoding?: 'windows-1252';
  /**
   * For CSV: the line the record after the first {@link SAMPLE_KEPT} starts on, when there is one:
   * the tenant's copy of the sample ends before it (write-sample.ts).
   */
  readonly keptUpToLine?: number;
}

/** How many of a customer's records `init` keeps in the tenant's sample (write-sample.ts says why). */
export const SAMPLE_KEPT = 100;

/** How far down a header is looked for below an export's title lines. */
const TITLE_LINES_AT_MOST = 10;

const SAMPLE_ROWS = 500;

function flatten(value: unknown, prefix: string, into: Record<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) {
    into[prefix] =
      value === null || value === undefined
        ? ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The document's array of people and its dotted path: of its arrays of objects, the one with the most
 * fields in all (objects × their keys), the shallowest first on a tie. The first one found was often
 * an export's metadata (`meta.tags: [{ k: v }]` before `data.employees`).
 */
function findRecords(document: unknown): { records: unknown[]; path: string } | undefined {
  let best: { records: unknown[]; path: string; weight: number } | undefined;
  const queue: Array<{ value: unknown; path: string }> = [{ value: document, path: '' }];
  while (queue.length > 0) {
    const { value, path: at } = queue.shift() as { value: unknown; path: string };
    if (Array.isArray(value)) {
      const weight = value.filter(isObject).reduce((sum, item) => sum + Object.keys(item).length, 0);
      if (weight > 0 && (best === undefined || weight > best.weight))
        best = { records: value, path: at, weight };
    } else if (isObject(value)) {
      for (const [key, inner] of Object.entries(value))
        queue.push({ value: inner, path: at ? `${at}.${key}` : key });
    }
  }
  return best && { records: best.records, path: best.path };
}

/**
 * `text` parsed, or JSON_MALFORMED naming the sample's line and column: a stack trace of a SyntaxError
 * was all `init` said about a broken sample.
 */
function parseSampleJson(text: string, file: string, line = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const name = path.basename(file);
    const where = describeSyntaxError(error, text, line, 1);
    throw new RosterError(
      'JSON_MALFORMED',
      `Invalid JSON in ${name} at line ${where.line}: ${where.problem}`,
      {
        file: name,
        line: where.line,
        hint: 'Fix the sample there, or ask the customer for a clean export: one JSON document holding an array of the people, or one JSON object per line (JSON Lines)',
      },
    );
  }
}

async function readJsonSample(file: string): Promise<SampleTable> {
  const text = await readFile(file, 'utf8');
  let records: unknown[];
  let recordsPath = '';
  let jsonLines = false;
  const trimmed = text.trimStart();
  if (
    /\.(jsonl|ndjson)$/i.test(file) ||
    (trimmed.startsWith('{') &&
      trimmed
        .split('\n')
        .filter((line) => line.trim())
        .every((line) => line.trim().startsWith('{')) &&
      trimmed.includes('}\n{'))
  ) {
    jsonLines = true;
    records = text
      .split('\n')
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line }) => line.trim())
      .slice(0, SAMPLE_ROWS)
      .map(({ line, number }) => parseSampleJson(line, file, number));
  } else {
    const found = findRecords(parseSampleJson(text, file));
    if (!found) {
      throw new RosterError(
        'JSON_RECORDS_NOT_FOUND',
        `Invalid JSON file ${path.basename(file)}: it holds no array of objects, which would be the people`,
        {
          file: path.basename(file),
          hint: 'Roster reads the people from an array of objects (at any depth), or from one object per line (JSON Lines); an object keyed by employee id is neither: ask the customer for an array',
        },
      );
    }
    records = found.records;
    recordsPath = found.path;
  }
  const rows = records.slice(0, SAMPLE_ROWS).map((record) => {
    const flat: Record<string, string> = {};
    flatten(record, '', flat);
    return flat;
  });
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  // `supervisor: null` in one record and `supervisor.id` in another: the nested key is the column.
  const header = keys.filter((key) => !keys.some((other) => other.startsWith(`${key}.`)));
  return { header, rows, ...(recordsPath && { jsonRecords: recordsPath }), ...(jsonLines && { jsonLines }) };
}

/** The encoding `auto` takes for the sample, decided (as the reader does) from its first 64 KiB. */
async function sampleEncoding(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    return resolveEncoding('auto', buffer.subarray(0, bytesRead)).encoding;
  } finally {
    await handle.close();
  }
}

/** How many profile fields the guess finds in a table's header: what tells the people's sheet. */
const recognisedFields = (table: SampleTable) =>
  Object.keys(guessMappings(table.header, (column) => table.rows.map((row) => row[column] ?? '')).fields)
    .length;

/**
 * A workbook's sample from the visible sheet whose header names the most profile fields, the first
 * of them on a tie. Exports often open with a cover, a legend or a summary tab; taking the first tab
 * gave a tenant mapped to "HR Export — Confidential" (a sweep). Hidden sheets are never chosen, as
 * runs never read them unless told to.
 */
async function readPeopleSheet(file: string): Promise<SampleTable> {
  const visible = await worksheetNames(file).then(
    (sheets) => sheets.filter((sheet) => sheet.visible),
    () => [], // not a workbook the sheet list can read: the reader below says what is wrong
  );
  if (visible.length <= 1) return readGridSample(file, 'xlsx', undefined);
  let best: { table: SampleTable; fields: number; index: number } | undefined;
  for (const [index, sheet] of visible.entries()) {
    const table = await readGridSample(file, 'xlsx', sheet.name).catch(() => undefined);
    if (table === undefined) continue;
    const fields = recognisedFields(table);
    if (best === undefined || fields > best.fields) best = { table, fields, index };
  }
  if (best === undefined) return readGridSample(file, 'xlsx', undefined);
  return best.index === 0 ? best.table : { ...best.table, sheet: visible[best.index]?.name as string };
}

export async function readSampleTable(
  file: string,
  format: FileFormat,
  options: { readonly sheet?: string | undefined } = {},
): Promise<SampleTable> {
  if (format === 'json') return readJsonSample(file);
  if (format === 'xlsx' && options.sheet === undefined) return readPeopleSheet(file);
  return readGridSample(file, format, options.sheet);
}

/** A CSV file's or a workbook sheet's sample (`sheet` undefined: the first visible one), its header found below title lines. */
async function readGridSample(
  file: string,
  format: Exclude<FileFormat, 'json'>,
  sheet: string | undefined,
): Promise<SampleTable> {
  const open = (headerRow: number) =>
    readerForFile({
      name: path.basename(file),
      format,
      ...(format === 'csv' && { csv: { headerRow } }),
      ...(format === 'xlsx' && {
        xlsx: { headerRow, ...(sheet !== undefined && { sheet }) },
      }),
    })(file, { fileName: path.basename(file), columns: [] });
  const named = (header: readonly string[]) => header.filter((cell) => cell.trim() !== '').length;
  const first = await open(1).catch((error: unknown) => ({ failed: error }));
  let table = 'failed' in first ? undefined : first;
  let headerRow: number | undefined;
  // An export that starts with a title ("Mitarbeiter Export", "Stand: 20.11.2024") has a header of
  // one or two cells, or none that parses (`Generated by "HR Suite`): the header is the first row
  // below with the most named columns.
  if (table === undefined || named(table.header) <= 2) {
    for (let row = (table?.headerLine ?? 1) + 1; row <= TITLE_LINES_AT_MOST; row++) {
      const below = await open(row).catch(() => undefined);
      if (below === undefined) continue;
      if (table === undefined || named(below.header) > named(table.header)) {
        table = below;
        headerRow = below.headerLine;
      }
    }
  }
  if (table === undefined) throw (first as { failed: unknown }).failed;
  const rows: Array<Record<string, string>> = [];
  let keptUpToLine: number | undefined;
  for await (const batch of table.batches) {
    for (const row of batch) {
      if (rows.length === SAMPLE_KEPT) keptUpToLine = row.line;
      if (rows.length >= SAMPLE_ROWS) break;
      rows.push(
        Object.fromEntries(table.header.map((column, index) => [column, cellText(row.cells[index] ?? null)])),
      );
    }
    if (rows.length >= SAMPLE_ROWS) break;
  }
  const notUtf8 = format === 'csv' && (await sampleEncoding(file)) === 'windows-1252';
  return {
    header: table.header,
    rows,
    ...(headerRow !== undefined && { headerRow }),
    ...(notUtf8 && { encoding: 'windows-1252' as const }),
    ...(format === 'csv' && keptUpToLine !== undefined && { keptUpToLine }),
  };
}
